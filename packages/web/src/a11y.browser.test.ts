/// <reference types="node" />
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '@ocore/server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import {
  callApi,
  launchChromium,
  signUp,
  startDashboardServer,
  testPassword,
  type ApiRequest,
  inviteAndAccept,
} from './testing/browser-harness';
import { seriousViolations, settled, sidewaysOverflow, walkWithTab } from './testing/page-quality';
import { startSshLikeListener, type TcpListener } from './testing/tcp-listener';

/*
 * Dashboard quality, page by page, in headless Chromium against the real server: axe-core finds
 * no serious or critical violation, every control is reached with Tab, pages fit 1280 and 390
 * pixels, forms show the server's refusals beside their fields, long operations show progress,
 * and empty lists say what to do next.
 */

warnIfSkipped('a11y.browser.test');

const ada = { name: 'Ada Quality', email: 'ada.quality@example.com' };
const carl = { name: 'Carl Client', email: 'carl.quality@example.com' };
const eve = { name: 'Eve Empty', email: 'eve.quality@example.com' };
const capacity = { cpuCores: 4, memoryMb: 8192, maxInstances: 5 };

describe.skipIf(!runsInBrowser)('dashboard quality in Chromium', () => {
  let app: App;
  let sshd: TcpListener;
  let browser: Browser;
  let page: Page;
  let adaToken: string;
  let topologyId: string;
  let instanceId: string;
  const pageErrors: string[] = [];
  const files = mkdtempSync(join(tmpdir(), 'ocore-a11y-'));

  const api = async (path: string, init: ApiRequest = {}) => {
    const answer = await callApi(app.url, path, { token: adaToken, ...init });
    if (answer.status >= 400)
      throw new Error(`${init.method ?? 'GET'} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as any;
  };
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const portalUrl = () => `http://acme.portal.test:${new URL(app.url).port}`;

  async function newSignedInPage(token: string | null, origin = app.url, context?: BrowserContext): Promise<Page> {
    const target = await (context ?? browser).newPage({ viewport: { width: 1280, height: 900 } });
    target.setDefaultTimeout(10_000);
    target.on('pageerror', (error) => pageErrors.push(error.message));
    if (token) {
      await target.goto(`${origin}/login`);
      await target.evaluate((t) => localStorage.setItem('ocore.token', t), token);
    }
    return target;
  }

  /** The pages checked: [name, page to use, path]. */
  function mainPages(): [string, () => Promise<Page>, string][] {
    const signedOut = () => newSignedInPage(null);
    const asAda = async () => page;
    return [
      ['login', signedOut, '/login'],
      ['signup', signedOut, '/signup'],
      ['organization', asAda, '/org'],
      ['organizations', asAda, '/organizations/new'],
      ['members', asAda, '/members'],
      ['settings and DR', asAda, '/settings'],
      ['agency overview', asAda, '/agency'],
      ['agency clients', asAda, '/agency/clients'],
      ['agency branding', asAda, '/agency/branding'],
      ['portal config', asAda, '/agency/portal'],
      ['portal domains', asAda, '/agency/domains'],
      ['servers', asAda, '/servers'],
      ['templates', asAda, '/templates'],
      ['topologies', asAda, '/topologies'],
      ['topology editor', asAda, `/topologies/${topologyId}`],
      ['audit log', asAda, '/audit-log'],
      ['passkeys', asAda, '/account/passkeys'],
    ];
  }

  /** Pages added since the list above was drawn: checked with axe at 1280 and 390 pixels. */
  function recentPages(): [string, () => Promise<Page>, string][] {
    const signedOut = () => newSignedInPage(null);
    const asAda = async () => page;
    const instance = `/instances/${instanceId}`;
    return [
      ['dashboard overview', asAda, '/'],
      ['notifications', asAda, '/notifications'],
      ['account', asAda, '/account'],
      ['backup destinations', asAda, '/backup-destinations'],
      ['instance', asAda, instance],
      ['instance backups', asAda, `${instance}/backups`],
      ['instance domains', asAda, `${instance}/domains`],
      ['instance files', asAda, `${instance}/files`],
      ['instance databases', asAda, `${instance}/databases`],
      ['instance logs', asAda, `${instance}/logs`],
      ['instance monitoring', asAda, `${instance}/monitoring`],
      ['forgot password', signedOut, '/forgot-password'],
      ['reset password', signedOut, '/reset-password#token=not-a-real-token'],
      ['invitation', signedOut, '/invite#token=not-a-real-token'],
      ['verify email', signedOut, '/verify-email#verify=not-a-real-token'],
    ];
  }

  beforeAll(async () => {
    app = await startDashboardServer({ OCORE_PORTAL_BASE_DOMAIN: 'portal.test' });
    sshd = await startSshLikeListener();
    adaToken = await signUp(app.url, ada);
    await api('/agency/enable', { method: 'POST' });
    const client = await api('/agency/clients', { method: 'POST', body: { name: 'Acme Corp' } });
    await api('/agency/branding', {
      method: 'PUT',
      body: { primaryColor: '#0f766e', footerText: 'Hosted by Ada Quality' },
    });
    await api('/agency/portal-domains', { method: 'POST', body: { subdomain: 'acme', clientOrgId: client.id } });
    await api('/agency/portal-domains', {
      method: 'POST',
      body: { customDomain: 'erp.acme.test', clientOrgId: client.id },
    });
    const servers: Record<string, string> = {};
    for (const name of ['app-1', 'db-1']) {
      servers[name] = (
        await api('/servers', { method: 'POST', body: { name, host: '127.0.0.1', port: sshd.port, capacity } })
      ).id;
    }
    // The servers stay pending (not checked yet: a check logs in over SSH, which this listener cannot
    // do); a topology on pending servers validates, its deploy's own connection checks them.
    expect((await api('/servers')).items.map((s: { status: string }) => s.status)).toEqual(['pending', 'pending']);
    await api('/templates', {
      method: 'POST',
      body: { name: 'Standard Odoo 18', odooVersion: '18.0', moduleList: ['sale'] },
    });
    const topologyData = {
      nodes: [
        { id: 'odoo-1', kind: 'odoo', serverId: servers['app-1'] },
        { id: 'postgres-1', kind: 'postgres', serverId: servers['db-1'] },
      ],
      edges: [{ source: 'odoo-1', target: 'postgres-1' }],
    };
    topologyId = (await api('/topologies', { method: 'POST', body: { name: 'Single node', topologyData } })).id;
    // Its server takes no SSH: the provision fails at once, and every tab of the instance has a page.
    instanceId = (
      await api('/instances', {
        method: 'POST',
        body: { serverId: servers['app-1'], name: 'Shop', odooVersion: '18.0', workers: 1 },
      })
    ).instanceId;
    await vi.waitFor(async () => expect((await api(`/instances/${instanceId}`)).status).toBe('failed'), {
      timeout: 20_000,
      interval: 200,
    });
    expect((await api(`/topologies/${topologyId}/validate`, { method: 'POST' })).errors).toEqual([]);

    await signUp(app.url, carl);
    const operator = (await api('/auth/switch-org', { method: 'POST', body: { organizationId: client.id } })).token;
    await inviteAndAccept(app, operator, { email: carl.email, password: testPassword, role: 'Admin' });

    browser = await launchChromium(['--host-resolver-rules=MAP *.portal.test 127.0.0.1']);
    page = await newSignedInPage(adaToken);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sshd?.close();
    rmSync(files, { recursive: true, force: true });
  });

  it('(e) axe-core finds no serious or critical violation on the main pages, the recent ones, the palette and the client portal; (d) they fit 1280 and 390 pixels', async () => {
    const found: string[] = [];
    const overflowing: string[] = [];
    const check = async (name: string, target: Page, url: string) => {
      await target.setViewportSize({ width: 1280, height: 900 });
      await target.goto(url);
      await settled(target);
      found.push(...(await seriousViolations(target, `${name} at 1280`)));
      if ((await sidewaysOverflow(target)) > 0) overflowing.push(`${name} at 1280`);
      // Narrow, tables scroll in their own regions and the navigation in a bar: axe again.
      await target.setViewportSize({ width: 390, height: 844 });
      found.push(...(await seriousViolations(target, `${name} at 390`)));
      if ((await sidewaysOverflow(target)) > 0)
        overflowing.push(`${name} at 390: ${await sidewaysOverflow(target)} px`);
      await target.setViewportSize({ width: 1280, height: 900 });
    };
    for (const [name, open, path] of [...mainPages(), ...recentPages()]) {
      const target = await open();
      await check(name, target, `${app.url}${path}`);
      if (target !== page) await target.close();
    }
    // The command palette and the shortcuts' help, over the overview, at both widths.
    await page.goto(`${app.url}/`);
    await settled(page);
    for (const [name, keys] of [
      ['command palette', 'Control+k'],
      ['shortcuts help', 'Shift+?'],
    ] as const) {
      await page.keyboard.press(keys);
      const dialog = page.getByRole('dialog', {
        name: name === 'command palette' ? 'Command palette' : 'Keyboard shortcuts',
      });
      await dialog.waitFor();
      found.push(...(await seriousViolations(page, `${name} at 1280`)));
      await page.setViewportSize({ width: 390, height: 844 });
      found.push(...(await seriousViolations(page, `${name} at 390`)));
      const box = (await dialog.boundingBox())!;
      if (box.x < 0 || box.x + box.width > 390) overflowing.push(`${name} at 390`);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }

    const portalContext = await browser.newContext();
    const visitor = await newSignedInPage(null, portalUrl(), portalContext);
    await check('portal sign-in', visitor, `${portalUrl()}/login`);
    await visitor.getByLabel('Email').fill(carl.email);
    await visitor.getByLabel('Password').fill(testPassword);
    await visitor.getByRole('button', { name: 'Log in', exact: true }).click();
    await visitor.getByText(`Welcome, ${carl.name}.`).waitFor();
    await check('portal home', visitor, `${portalUrl()}/`);
    await check('portal team', visitor, `${portalUrl()}/team`);
    await portalContext.close();

    expect(found, found.join('\n')).toEqual([]);
    expect(overflowing).toEqual([]);
  }, 240_000);

  it('(e) follows a dark system setting, and axe-core still finds no serious or critical violation', async () => {
    const found: string[] = [];
    for (const [name, open, path] of mainPages()) {
      const target = await open();
      await target.emulateMedia({ colorScheme: 'dark' });
      await target.goto(`${app.url}${path}`);
      await settled(target);
      const background = await target.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      if (background === 'rgb(245, 246, 248)') found.push(`${name}: still the light background`);
      found.push(...(await seriousViolations(target, `${name} in dark mode`)));
      await target.emulateMedia({ colorScheme: 'light' });
      if (target !== page) await target.close();
    }
    expect(found, found.join('\n')).toEqual([]);
  }, 120_000);

  it('(e) reaches every control of every main page with Tab, "Skip to content" first', async () => {
    const missed: string[] = [];
    for (const [name, open, path] of mainPages()) {
      const target = await open();
      await target.goto(`${app.url}${path}`);
      await settled(target);
      const { first, unreached } = await walkWithTab(target);
      if (path !== '/login' && path !== '/signup' && first !== 'Skip to content')
        missed.push(`${name}: first Tab on ${first}`);
      if (unreached.length) missed.push(`${name}: ${unreached.join(', ')}`);
      if (target !== page) await target.close();
    }
    expect(missed, missed.join('\n')).toEqual([]);
  });

  it('(d) keeps the navigation usable on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/org`);
    await settled(page);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [label, heading] of [
      ['Audit log', 'Audit log'],
      ['Servers', 'Servers'],
      ['Agency', 'Agency'],
      ['Settings', 'Settings'],
    ] as const) {
      const link = nav.getByRole('link', { name: label, exact: true });
      await link.scrollIntoViewIfNeeded();
      const box = (await link.boundingBox())!;
      expect(box.x, label).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, label).toBeLessThanOrEqual(390);
      await link.click();
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
      expect(await sidewaysOverflow(page)).toBe(0);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("(a) every main form shows the server's refusal beside the field", async () => {
    const broken = join(files, 'broken.json');
    writeFileSync(broken, '{"format":"ocore-disaster-recovery"}');
    // [page, the values typed by field name, the submit button, the field the server refuses]
    const forms: [string, Record<string, string>, string, string][] = [
      ['/signup', { name: 'Sam', email: 'sam@example.com', password: 'short' }, 'Create account', 'password'],
      ['/organizations/new', { name: 'Second Org', slug: 'Bad Slug!' }, 'Create organization', 'slug'],
      ['/org', { slug: 'Bad Slug!' }, 'Save changes', 'slug'],
      ['/members', { email: 'not an email' }, 'Invite', 'email'],
      ['/agency/clients', { name: 'Globex', slug: 'Bad Slug!' }, 'Create client', 'slug'],
      ['/agency/branding', { fromEmail: 'not an email' }, 'Save branding', 'fromEmail'],
      ['/agency/domains', { customDomain: 'not a domain' }, 'Add domain', 'customDomain'],
      ['/settings', { auditRetentionDays: '0' }, 'Save settings', 'auditRetentionDays'],
      ['/settings', { posthogApiHost: 'ftp://analytics.example' }, 'Save PostHog settings', 'posthogApiHost'],
      ['/settings', { document: broken }, 'Import into a new organization', 'document'],
      ['/servers', { name: 'web-1', host: 'bad host!' }, 'Add server', 'host'],
      ['/templates', { name: 'x' }, 'Create template', 'name'],
      ['/topologies', { name: 'x' }, 'Create and open', 'name'],
    ];
    const missing: string[] = [];
    for (const [path, values, submit, refused] of forms) {
      const target = path === '/signup' ? await newSignedInPage(null) : page;
      await target.goto(`${app.url}${path}`);
      await settled(target);
      for (const [name, value] of Object.entries(values)) {
        const control = target.locator(`[name="${name}"]`).first();
        if ((await control.getAttribute('type')) === 'file') await control.setInputFiles(value);
        else await control.fill(value);
      }
      await target.getByRole('button', { name: submit, exact: true }).click();
      const field = target.locator('.field').filter({ has: target.locator(`[name="${refused}"]`) });
      const shown = await field
        .locator('.field-error')
        .first()
        .waitFor()
        .then(() => true)
        .catch(() => false);
      const invalid = await target.locator(`[name="${refused}"]`).first().getAttribute('aria-invalid');
      if (!shown || invalid !== 'true')
        missing.push(`${path} ${submit}: ${refused} (error shown: ${shown}, aria-invalid: ${invalid})`);
      // The refusal itself must be readable too: contrast, and tied to its control.
      missing.push(...(await seriousViolations(target, `${path} with the ${refused} refusal`)));
      if (target !== page) await target.close();
    }
    expect(missing, missing.join('\n')).toEqual([]);
  });

  it('(b) long operations show progress: domain verification, DR export, deploy', async () => {
    /** Holds the answer to `procedure` a moment, and expects the button to say it is working meanwhile. */
    const pendingOf = async (procedure: string, press: () => Promise<void>, pendingName: string) => {
      const glob = `**/trpc/${procedure}*`;
      await page.route(glob, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 600));
        await route.continue();
      });
      await press();
      const working = page.getByRole('button', { name: pendingName });
      await working.waitFor();
      expect(await working.isDisabled()).toBe(true);
      expect(await working.getAttribute('aria-busy')).toBe('true');
      await working.waitFor({ state: 'detached' });
      await page.unroute(glob);
    };

    await page.goto(`${app.url}/agency/domains`);
    await settled(page);
    await pendingOf('portalDomains.verify', () => button('Verify now erp.acme.test').click(), 'Checking DNS…');
    await page.locator('.alert-warning').filter({ hasText: 'Not verified yet' }).waitFor();

    await page.goto(`${app.url}/settings`);
    await settled(page);
    await pendingOf('dr.export', () => button('Export').click(), 'Exporting…');
    await page.getByText(/^Saved ocore-dr-/).waitFor();

    await page.goto(`${app.url}/topologies/${topologyId}`);
    await settled(page);
    await page.evaluate(() => {
      const steps: string[] = [];
      Object.assign(window, { deploySteps: steps });
      new MutationObserver(() => {
        const status = document.querySelector('.deploy-summary')?.getAttribute('data-status');
        if (status && steps.at(-1) !== status) steps.push(status);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    });
    await button('Deploy').click();
    await button('Start deployment').click();
    await expect
      .poll(() => page.locator('.deploy-summary').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('failed');
    const steps = await page.evaluate(() => (window as unknown as { deploySteps: string[] }).deploySteps);
    expect(steps.length, steps.join(' → ')).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.deploy-node[data-node-id="odoo-1"]').textContent()).toContain('no SSH key or password');
  });

  it('(c) empty lists say what to do next', async () => {
    const eveToken = await signUp(app.url, eve);
    await api('/agency/enable', { method: 'POST', token: eveToken });
    const evePage = await newSignedInPage(eveToken);
    const nextStep = /\b(add|create|provision|enable|use the form|with the form)\b/i;
    const vague: string[] = [];
    for (const path of ['/agency/clients', '/agency/domains', '/servers', '/templates', '/topologies']) {
      await evePage.goto(`${app.url}${path}`);
      await settled(evePage);
      const states = evePage.locator('.empty-state');
      await states.first().waitFor();
      for (const text of await states.allTextContents()) if (!nextStep.test(text)) vague.push(`${path}: ${text}`);
    }
    await evePage.close();
    expect(vague, vague.join('\n')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
