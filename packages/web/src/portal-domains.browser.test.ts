/// <reference types="node" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '@ocore/server';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, screenshotDir, warnIfSkipped } from './testing/browser-env';
import {
  callApi,
  launchChromium,
  startDashboardServer,
  type ApiRequest,
  inviteAndAccept,
} from './testing/browser-harness';
import { hasChalltestsrv, startMockDns, type MockDns } from './testing/challtestsrv';

/*
 * The portal domains page in headless Chromium, against the real server. DNS answers come from
 * pebble-challtestsrv, which the test controls; no ACME CA is configured, so certificates fail
 * with the reason. Without pebble-challtestsrv the DNS steps are skipped (they run under CI=true).
 */

warnIfSkipped('portal-domains.browser.test');
if (runsInBrowser && !hasChalltestsrv) {
  console.warn('[portal-domains.browser.test] DNS steps SKIPPED: no pebble-challtestsrv (apt-get install pebble).');
}

const password = 'correct horse battery staple';
const ada = { name: 'Ada Domains', email: 'ada.domains@example.com' };
const vic = { name: 'Vic Viewer', email: 'vic.domains@example.com' };
const acme = 'Acme Corp';
const host = 'erp.acme-corp.test';
const recordName = `_ocore-verification.${host}`;

describe.skipIf(!runsInBrowser)('portal domains page in Chromium', () => {
  let app: App;
  let dns: MockDns | undefined;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let adaToken: string;
  let domainId: string;
  let token: string;
  const pageErrors: string[] = [];

  const api = async (path: string, init?: ApiRequest) => (await callApi(app.url, path, init)).body as any;
  const button = (target: Page | Locator, name: string) => target.getByRole('button', { name, exact: true });
  const card = (name: string | RegExp) => page.getByRole('article', { name });
  const badge = (of: Locator, prefix: 'DNS' | 'SSL') =>
    of.locator('.badge').filter({ hasText: new RegExp(`^${prefix}: `) });
  const domainsLive = () => page.locator('.section-live .live');

  async function screenshot(file: string) {
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, `${file}.png`), fullPage: true });
  }

  beforeAll(async () => {
    dns = hasChalltestsrv ? await startMockDns() : undefined;
    app = await startDashboardServer({
      OCORE_PORTAL_BASE_DOMAIN: 'portal.test',
      ...(dns ? { OCORE_DNS_SERVERS: dns.dnsServer, OCORE_PUBLIC_IPS: '127.0.0.1' } : {}),
    });
    adaToken = (await api('/auth/signup', { method: 'POST', body: { ...ada, password } })).token;
    await api('/agency/enable', { method: 'POST', token: adaToken });
    await api('/agency/clients', { method: 'POST', token: adaToken, body: { name: acme } });

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${app.url}/login`);
    await page.evaluate((t) => localStorage.setItem('ocore.token', t), adaToken);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await dns?.stop();
  });

  it('explains what a portal domain is while there is none, and follows status changes live', async () => {
    await page.goto(`${app.url}/portal-domains`);
    await page.getByRole('heading', { level: 1, name: 'Portal domains', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/agency/domains');
    await page.getByText('No portal domains yet').waitFor();
    expect(await page.locator('.empty-state').textContent()).toContain('Add one with the form below');
    await page.locator('.section-live .live[data-status="live"]').waitFor();
    expect(await domainsLive().textContent()).toBe('Domain status: Live');
    await screenshot('portal-domains-empty-1280');
  });

  it("shows the server's field errors beside the fields", async () => {
    await page.getByLabel('Custom domain').fill('not a domain');
    await button(page, 'Add domain').click();
    const customField = page.locator('.field').filter({ has: page.locator('[name="customDomain"]') });
    await customField.locator('.field-error').waitFor();
    expect(await customField.locator('.field-error').textContent()).toContain('must be a valid hostname');
    expect(await page.getByLabel('Custom domain').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Custom domain').fill('shop.portal.test');
    await button(page, 'Add domain').click();
    await expect.poll(() => customField.locator('.field-error').textContent()).toContain('are portal subdomains');

    await page.getByLabel('Custom domain').fill('');
    await page.getByLabel('Subdomain').fill('admin');
    await button(page, 'Add domain').click();
    const subdomainField = page.locator('.field').filter({ has: page.locator('[name="subdomain"]') });
    await expect.poll(() => subdomainField.locator('.field-error').textContent()).toContain('reserved');
    expect((await api('/agency/portal-domains', { token: adaToken })).total).toBe(0);
  });

  it('adds a custom domain for a client, with the TXT record to add and Copy buttons', async () => {
    await page.getByLabel('Subdomain').fill('');
    await page.getByLabel('Custom domain').fill(host);
    await page.getByLabel('Client').selectOption({ label: acme });
    await button(page, 'Add domain').click();
    await page.getByText(`${host} was added.`).waitFor();

    const listed = (await api('/agency/portal-domains', { token: adaToken })).items[0];
    domainId = listed.id;
    token = listed.dnsVerificationToken;
    const domain = card(host);
    await domain.waitFor();
    expect(await domain.textContent()).toContain(`Portal of ${acme}`);
    expect(await domain.getByRole('heading', { name: 'Add this DNS record' }).count()).toBe(1);
    const record = domain.locator('.dns-record').first();
    expect(await record.locator('dd').allTextContents()).toEqual([
      'TXT',
      expect.stringContaining(recordName),
      expect.stringContaining(token),
    ]);
    expect(await badge(domain, 'DNS').textContent()).toBe('DNS: pending');
    expect(await badge(domain, 'SSL').textContent()).toBe('SSL: none');
    expect(await domain.getByText('Not active', { exact: true }).count()).toBe(1);
    expect(await domain.locator('.ssl-explanation').textContent()).toBe(
      'No certificate yet: one is ordered once the DNS record proves the domain is yours.',
    );
    // Where to point it is known before the first check: the platform's portal domain.
    const pointing = await domain.locator('.dns-record').nth(1).locator('.dns-record-row').allTextContents();
    expect(pointing[0]?.replace(/Copy.*$/, '')).toBe(`CNAME${host} → portal.test`);
    // Not active yet: nothing to visit.
    expect(await domain.getByRole('link', { name: /^Visit/ }).count()).toBe(0);

    await domain.getByRole('button', { name: 'Copy record value' }).click();
    await domain.getByRole('button', { name: 'Copied record value' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await domain.getByRole('button', { name: 'Copy record name' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(recordName);
  });

  describe.skipIf(!hasChalltestsrv)('with DNS answered by the test', () => {
    it('verifies now: shows the pending state, then what DNS said', async () => {
      const domain = card(host);
      // Holds the request a moment so that the pending state can be seen.
      await page.route('**/trpc/portalDomains.verify*', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await route.continue();
      });
      await domain.getByRole('button', { name: `Verify now ${host}` }).click();
      await domain.getByRole('button', { name: 'Checking DNS…' }).waitFor();
      expect(await domain.getByRole('button', { name: 'Checking DNS…' }).isDisabled()).toBe(true);
      await domain.locator('.alert-warning').filter({ hasText: 'Not verified yet' }).waitFor();
      await page.unroute('**/trpc/portalDomains.verify*');

      const checks = domain.locator('.check-list');
      expect(await checks.textContent()).toContain(`No TXT record at ${recordName} yet`);
      expect(await checks.textContent()).toContain(`${host} does not point at this platform`);
      expect(await badge(domain, 'DNS').textContent()).toBe('DNS: pending');
      expect(await domain.locator('.check-times').textContent()).toMatch(
        /Last checked just now.*Next check in \d+ minutes?/,
      );
      const pointing = await domain.locator('.dns-record').nth(1).locator('.dns-record-row').allTextContents();
      expect(pointing.map((row) => row.replace(/Copy.*$/, ''))).toEqual([
        `CNAME${host} → portal.test`,
        `A${host} → 127.0.0.1`,
      ]);
      await screenshot('portal-domains-pending-1280');
    });

    it('turns verified and active live when a check elsewhere finds the records', async () => {
      const domain = card(host);
      await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
      await dns!.setTxt(recordName, token);
      await dns!.addA(host, ['127.0.0.1']);

      const outside = await callApi(app.url, `/agency/portal-domains/${domainId}/verify`, {
        method: 'POST',
        token: adaToken,
      });
      expect(outside.body).toMatchObject({ verified: true, status: 'verified' });

      await expect.poll(() => badge(domain, 'DNS').textContent()).toBe('DNS: verified');
      await domain.getByText('Active', { exact: true }).waitFor();
      expect(await domain.getByRole('heading', { name: 'Keep this DNS record' }).count()).toBe(1);
      expect(await domain.locator('.check-list').textContent()).toContain(
        `TXT record ${recordName} holds the expected value`,
      );
      // The answer to the page's own check is replaced by the newer one.
      expect(await domain.locator('.alert-warning').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    });

    it('shows the certificate failing live, with the reason', async () => {
      const domain = card(host);
      await expect.poll(() => badge(domain, 'SSL').textContent(), { timeout: 15_000 }).toBe('SSL: failed');
      const reason = domain.locator('.field-error').filter({ hasText: 'The last certificate order failed' });
      expect(await reason.textContent()).toContain('ACME directory URL is unset');
      expect(await badge(domain, 'SSL').getAttribute('title')).toContain('ACME directory URL is unset');
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot('portal-domains-1280');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot('portal-domains-390');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.setViewportSize({ width: 1280, height: 900 });
    });
  });

  it('adds a subdomain that is verified and active at once', async () => {
    await page.getByLabel('Subdomain').fill('globex');
    await page.getByLabel('Client').selectOption({ label: 'None: the agency’s own portal' });
    await button(page, 'Add domain').click();
    // Named in full, under the platform's portal domain, with a link to visit it.
    const domain = card('globex.portal.test');
    await domain.waitFor();
    expect(await domain.getByRole('link', { name: 'Visit globex.portal.test' }).getAttribute('href')).toBe(
      'https://globex.portal.test/',
    );
    expect(await domain.locator('.ssl-explanation').textContent()).toContain('the platform’s own certificate');
    expect(await badge(domain, 'DNS').textContent()).toBe('DNS: verified');
    expect(await domain.getByText('Active', { exact: true }).count()).toBe(1);
    expect(await domain.textContent()).toContain('The agency’s own portal');
    expect(await domain.getByRole('button', { name: /^Verify now/ }).count()).toBe(0);
    await page.getByRole('heading', { name: 'Domains (2)' }).waitFor();
  });

  it('shows domains added and deleted elsewhere without a reload', async () => {
    const created = await callApi(app.url, '/agency/portal-domains', {
      method: 'POST',
      token: adaToken,
      body: { subdomain: 'initech' },
    });
    expect(created.status).toBe(201);
    await card(/^initech/).waitFor();
    await page.getByRole('heading', { name: 'Domains (3)' }).waitFor();
    const removed = await callApi(app.url, `/agency/portal-domains/${(created.body as { id: string }).id}`, {
      method: 'DELETE',
      token: adaToken,
    });
    expect(removed.status).toBe(204);
    await card(/^initech/).waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Domains (2)' }).waitFor();
  });

  it('shows the domains read-only to a Viewer of the agency', async () => {
    await api('/auth/signup', { method: 'POST', body: { ...vic, password } });
    await inviteAndAccept(app, adaToken, { email: vic.email, password, role: 'Viewer' });
    const login = await api('/auth/login', { method: 'POST', body: { email: vic.email, password } });
    const { id: organizationId } = await api('/org', { token: adaToken });
    const vicToken = (await api('/auth/switch-org', { method: 'POST', token: login.token, body: { organizationId } }))
      .token;
    const vicPage = await browser.newPage();
    vicPage.on('pageerror', (error) => pageErrors.push(error.message));
    await vicPage.goto(`${app.url}/login`);
    await vicPage.evaluate((t) => localStorage.setItem('ocore.token', t), vicToken);
    await vicPage.goto(`${app.url}/agency/domains`);

    const domain = vicPage.getByRole('article', { name: host });
    await domain.waitFor();
    await vicPage.getByText('needs the manage:agency permission').waitFor();
    expect(await vicPage.getByLabel('Custom domain').count()).toBe(0);
    expect(await vicPage.getByRole('button', { name: /^(Verify now|Delete)/ }).count()).toBe(0);
    expect(await domain.getByRole('button', { name: 'Copy record value' }).count()).toBe(1);
    await vicPage.close();
  });

  it('deletes a domain once confirmed', async () => {
    const domain = card(/^globex/);
    await button(domain, 'Delete').click();
    await domain.getByText(/^Delete globex.* Its portal stops answering there\.$/).waitFor();
    await button(domain, 'Delete domain').click();
    await domain.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Domains (1)' }).waitFor();
    const left = await api('/agency/portal-domains', { token: adaToken });
    expect(left.items.map((d: { customDomain: string | null }) => d.customDomain)).toEqual([host]);
    expect(pageErrors).toEqual([]);
  });
});
