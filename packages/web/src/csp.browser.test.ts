/// <reference types="node" />
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import { screenshot } from './testing/browser-harness';
import { startInfrastructureSuite, type InfrastructureSuite } from './testing/infrastructure-suite';

/*
 * The dashboard under the server's Content-Security-Policy (no inline script or style) in
 * headless Chromium: every main page, and the branding preview, which must show the draft
 * live without inline styles and never run what was typed into it.
 */

warnIfSkipped('csp.browser.test');

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

// In every frame, the preview's included: the browser's own report of anything the policy blocked.
function watchViolations(): void {
  document.addEventListener('securitypolicyviolation', (event) => {
    const report = (window as unknown as { reportViolation?: (v: Violation) => void }).reportViolation;
    report?.({
      directive: event.effectiveDirective,
      blocked: event.blockedURI,
      source: `${event.sourceFile}:${event.lineNumber}`,
    });
  });
}

const hostile = "<img src=x onerror=\"console.log('xss-ran')\"><script>console.log('xss-ran')</script>";

describe.skipIf(!runsInBrowser)('dashboard under the content security policy in Chromium', () => {
  let suite: InfrastructureSuite;
  let page: Page;
  const violations: Violation[] = [];
  const policyMessages: string[] = [];
  const consoleTexts: string[] = [];

  // The pages of the server and the topology made in beforeAll join these.
  const pages = [
    '/org',
    '/members',
    '/settings',
    '/audit-log',
    '/agency',
    '/agency/clients',
    '/agency/branding',
    '/agency/portal',
    '/agency/domains',
    '/instances',
    '/projects',
    '/servers',
    '/templates',
    '/topologies',
    '/account/passkeys',
  ];

  const heading = () => page.getByRole('heading', { level: 1 }).first();
  const preview = (): FrameLocator => page.frameLocator('iframe[title="Portal preview"]');
  const previewFrame = (): Frame => page.frames().find((f) => f.url().endsWith('/branding-preview.html'))!;
  const computed = (locator: Locator, property: string) =>
    locator.evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

  beforeAll(async () => {
    suite = await startInfrastructureSuite({ name: 'Cora Policy', email: 'cora.policy@example.com' });
    ({ page } = suite);
    await page.exposeBinding('reportViolation', (_source, violation: Violation) => void violations.push(violation));
    await page.addInitScript(watchViolations);
    page.on('console', (message) => {
      consoleTexts.push(message.text());
      if (/Content Security Policy/i.test(message.text())) policyMessages.push(message.text());
    });
    await suite.api('/agency/enable', { method: 'POST' });
    const serverId = await suite.addServer('csp-1');
    const topology = await suite.api('/topologies', {
      method: 'POST',
      body: { name: 'CSP graph', topologyData: { nodes: [{ id: 'odoo-1', kind: 'odoo', serverId }], edges: [] } },
    });
    const provision = await suite.api('/instances', {
      method: 'POST',
      body: { name: 'csp-odoo', serverId, odooVersion: '18.0' },
    });
    suite.pageErrors.length = 0;
    pages.push(`/servers/${serverId}`, `/instances/${provision.instanceId}`, `/topologies/${topology.id}`);
  });

  afterAll(() => suite?.close());

  it('is served with the policy, the preview page included, and what it blocks is seen here', async () => {
    for (const path of ['/org', '/branding-preview.html']) {
      const response = await page.request.get(`${suite.app.url}${path}`);
      const policy = response.headers()['content-security-policy'] ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("style-src 'self'");
    }
    await page.goto(`${suite.app.url}/org`);
    await heading().waitFor();
    await page.evaluate(() =>
      document.head.append(Object.assign(document.createElement('style'), { textContent: 'p {}' })),
    );
    await expect.poll(() => violations.map((v) => v.directive)).toEqual(['style-src-elem']);
    expect(policyMessages.length).toBeGreaterThan(0);
    violations.length = 0;
    policyMessages.length = 0;
  });

  it('loads every main page with no policy violation', async () => {
    for (const path of pages) {
      await page.goto(`${suite.app.url}${path}`);
      await heading().waitFor();
      // Several lists may be loading at once: wait until none is.
      const loading = page.locator('[role="status"]').filter({ hasText: /^Loading/ });
      await expect.poll(() => loading.count()).toBe(0);
    }
    await page.locator('.react-flow__node').first().waitFor();
    expect(violations).toEqual([]);
    expect(policyMessages).toEqual([]);
    expect(suite.pageErrors).toEqual([]);
  });

  it('shows the draft colors and custom CSS live in the preview, in a frame of its own origin', async () => {
    await page.goto(`${suite.app.url}/agency/branding`);
    const button = preview().locator('.portal-header');
    await button.waitFor();
    expect(await page.locator('iframe[title="Portal preview"]').getAttribute('sandbox')).toBe('allow-scripts');
    expect(await previewFrame().evaluate(() => window.origin)).toBe('null');

    await page.getByLabel('Primary color', { exact: true }).fill('#0f766e');
    await expect.poll(() => computed(button, 'background-color')).toBe('rgb(15, 118, 110)');
    await page.getByLabel('Accent color', { exact: true }).fill('#b45309');
    await expect
      .poll(() => computed(preview().locator('.portal-nav-link.active'), 'border-bottom-color'))
      .toBe('rgb(180, 83, 9)');
    await page.getByLabel('Custom CSS').fill('.portal-header { background-color: #123456; letter-spacing: 2px }');
    await expect.poll(() => computed(preview().locator('.portal-header'), 'background-color')).toBe('rgb(18, 52, 86)');
    await page.getByLabel('Footer text').fill('Hosted by Cora');
    await expect.poll(() => preview().locator('.portal-footer').textContent()).toBe('Hosted by Cora');

    await page.getByLabel('Preview page').selectOption('login');
    await preview().getByRole('heading', { name: 'Sign in to Example Client' }).waitFor();
    expect(await computed(preview().locator('.btn-primary'), 'background-color')).toBe('rgb(15, 118, 110)');
    await page.getByLabel('Preview page').selectOption('home');
    expect(violations).toEqual([]);
    expect(policyMessages).toEqual([]);
  });

  it('never runs a script typed into the texts or the custom CSS', async () => {
    // What the frame logs and what its policy blocks reach this test, so their absence below means something.
    await previewFrame().evaluate(() => console.log('frame-console-seen'));
    await previewFrame().evaluate(() =>
      document.head.append(Object.assign(document.createElement('style'), { textContent: 'p {}' })),
    );
    await expect.poll(() => consoleTexts.includes('frame-console-seen')).toBe(true);
    await expect.poll(() => violations.map((v) => v.directive)).toEqual(['style-src-elem']);
    violations.length = 0;

    await page.getByLabel('Footer text').fill(hostile);
    await page.getByLabel('Custom CSS').fill(`.portal-name { color: #654321 }\n</style>${hostile}<style>`);
    await page.getByLabel('Logo URL').fill("javascript:console.log('xss-ran')");
    const footer = preview().locator('.portal-footer');
    await expect.poll(() => footer.textContent()).toBe(hostile);
    expect(await footer.locator('img, script').count()).toBe(0);
    // The rule before the markup applies; the markup is only CSS the browser cannot parse.
    await expect.poll(() => computed(preview().locator('.portal-name'), 'color')).toBe('rgb(101, 67, 33)');
    expect(await previewFrame().evaluate(() => document.querySelectorAll('script:not([src]), [onerror]').length)).toBe(
      0,
    );
    await page.waitForTimeout(300);
    expect(consoleTexts.filter((text) => text.includes('xss-ran'))).toEqual([]);
    expect(violations).toEqual([]);
    expect(suite.pageErrors).toEqual([]);
    await screenshot(page, 'agency-branding-csp');
  });
});
