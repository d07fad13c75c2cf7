/// <reference types="node" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '@ocore/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, screenshotDir, warnIfSkipped } from './testing/browser-env';
import {
  callApi,
  clippedNavigation,
  launchChromium,
  startDashboardServer,
  type ApiRequest,
  inviteAndAccept,
} from './testing/browser-harness';

/*
 * The agency section and the client portal in headless Chromium, against the real server.
 * Portal hosts are subdomains of portal.test, which Chromium resolves to loopback here.
 */

warnIfSkipped('agency.browser.test');

const password = 'correct horse battery staple';
const ada = { name: 'Ada Agency', email: 'ada.agency@example.com' };
const carl = { name: 'Carl Client', email: 'carl.client@example.com' };
const vic = { name: 'Vic Viewer', email: 'vic.agency@example.com' };
const acme = 'Acme Corp';
const globex = 'Globex Secret';
const footerText = 'Hosted with care by Ada Agency';
// Images the browser fetches from an https CDN, answered by the test (see `serveBrandImages`).
const logoUrl = 'https://cdn.brand.test/logo.svg';
const loginBgUrl = 'https://cdn.brand.test/login-bg.svg';

const logoSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40"><rect width="40" height="40" rx="10" fill="#0f766e"/><text x="50" y="28" font-family="sans-serif" font-size="22" font-weight="700" fill="#0f766e">Acme</text></svg>';
const loginBgSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"><defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="#0f766e"/><stop offset="1" stop-color="#f59e0b"/></linearGradient></defs><rect width="1600" height="900" fill="url(#g)"/></svg>';

async function serveBrandImages(target: Page): Promise<void> {
  await target.route('https://cdn.brand.test/**', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'image/svg+xml',
      body: route.request().url().endsWith('/logo.svg') ? logoSvg : loginBgSvg,
    }),
  );
}

describe.skipIf(!runsInBrowser)('agency section and client portal in Chromium', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let portal: Page;
  let adaToken: string;
  let portalUrl: string;
  const pageErrors: string[] = [];

  const api = async (path: string, init?: ApiRequest) => (await callApi(app.url, path, init)).body as any;
  const heading = (target: Page, name: string) => target.getByRole('heading', { level: 1, name, exact: true });
  const tab = (name: string) =>
    page.getByRole('navigation', { name: 'Agency' }).getByRole('link', { name, exact: true });
  const button = (target: Page, name: string) => target.getByRole('button', { name, exact: true });
  const clientRow = (name: string) => page.getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
  const fieldOf = (name: string) => page.locator('.field').filter({ has: page.locator(`[name="${name}"]`) });
  const preview = () => page.frameLocator('iframe[title="Portal preview"]');
  const portalNav = () => portal.getByRole('navigation', { name: 'Main' });

  async function screenshot(target: Page, file: string) {
    mkdirSync(screenshotDir, { recursive: true });
    await target.screenshot({ path: join(screenshotDir, `${file}.png`), fullPage: true });
  }

  async function clientId(name: string): Promise<string> {
    const clients = await api('/agency/clients', { token: adaToken });
    return (clients.items as { id: string; name: string }[]).find((c) => c.name === name)!.id;
  }

  beforeAll(async () => {
    app = await startDashboardServer({ OCORE_PORTAL_BASE_DOMAIN: 'portal.test' });
    adaToken = (await api('/auth/signup', { method: 'POST', body: { ...ada, password } })).token;
    browser = await launchChromium(['--host-resolver-rules=MAP *.portal.test 127.0.0.1']);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await serveBrandImages(page);
    await page.goto(`${app.url}/login`);
    await page.evaluate((t) => localStorage.setItem('ocore.token', t), adaToken);
    await page.goto(`${app.url}/agency`);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('explains agency mode, and enables it', async () => {
    await heading(page, 'Agency').waitFor();
    await page.getByText('Agency mode is off').waitFor();
    await button(page, 'Enable agency mode').click();

    await tab('Overview').waitFor();
    const clients = page.locator('.stat').filter({ hasText: 'Clients' });
    expect(await clients.locator('.stat-value').textContent()).toBe('0');
    expect(await page.locator('.stat').filter({ hasText: 'Active domains' }).locator('.stat-value').textContent()).toBe(
      '0',
    );
    expect((await api('/agency/overview', { token: adaToken })).enabled).toBe(true);
  });

  it("creates two clients, with the server's field error beside a bad slug", async () => {
    await tab('Clients').click();
    await heading(page, 'Clients').waitFor();
    await page.getByText('No clients yet').waitFor();

    await page.getByLabel('Client name').fill(acme);
    await page.getByLabel('Slug (optional)').fill('Bad Slug!');
    await button(page, 'Create client').click();
    await fieldOf('slug').locator('.field-error').waitFor();
    expect(await fieldOf('slug').locator('.field-error').textContent()).toContain('must be lowercase');
    expect(await page.getByLabel('Slug (optional)').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Slug (optional)').fill('acme-corp');
    await button(page, 'Create client').click();
    await clientRow(acme).waitFor();
    expect(await clientRow(acme).textContent()).toContain('acme-corp');

    await page.getByLabel('Client name').fill(globex);
    await button(page, 'Create client').click();
    await clientRow(globex).waitFor();
    await page.getByRole('heading', { name: 'Clients (2)' }).waitFor();
  });

  it('deletes a client only once its exact name is typed', async () => {
    await page.getByLabel('Client name').fill('Initech');
    await button(page, 'Create client').click();
    await clientRow('Initech').waitFor();

    await clientRow('Initech').getByRole('button', { name: 'Delete Initech' }).click();
    const confirm = clientRow('Initech').getByRole('button', { name: 'Delete client' });
    const typed = page.getByLabel('Type “Initech” to delete it with all its data');
    expect(await confirm.isDisabled()).toBe(true);
    await typed.fill('initech');
    expect(await confirm.isDisabled()).toBe(true);
    await typed.fill('Initech ');
    expect(await confirm.isDisabled()).toBe(true);
    await typed.fill('Initech');
    expect(await confirm.isEnabled()).toBe(true);
    await confirm.click();

    await clientRow('Initech').waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Clients (2)' }).waitFor();
    expect((await api('/agency/clients', { token: adaToken })).total).toBe(2);
  });

  it('opens a client as its operator, and goes back to the agency', async () => {
    await clientRow(acme)
      .getByRole('button', { name: `Open ${acme}` })
      .click();
    await heading(page, acme).waitFor();
    expect(new URL(page.url()).pathname).toBe('/org');
    await page.getByText(`You are in ${acme} as an operator of ${ada.name}'s Organization`).waitFor();
    expect(await page.getByLabel('Current organization').locator('option:checked').textContent()).toBe(
      `${acme} (as operator)`,
    );

    await button(page, `Back to ${ada.name}'s Organization`).click();
    await heading(page, 'Clients').waitFor();
    await clientRow(globex).waitFor();
  });

  it("shows a typed primary color in the preview's header before saving", async () => {
    await tab('Branding').click();
    await heading(page, 'Branding').waitFor();
    const previewButton = preview().locator('.portal-header');
    await previewButton.waitFor();

    await page.getByLabel('Primary color', { exact: true }).fill('#0f766e');
    await expect
      .poll(() => previewButton.evaluate((el) => getComputedStyle(el).backgroundColor))
      .toBe('rgb(15, 118, 110)');
    await page.getByLabel('Primary color', { exact: true }).fill('#b91c1c');
    await expect
      .poll(() => previewButton.evaluate((el) => getComputedStyle(el).backgroundColor))
      .toBe('rgb(185, 28, 28)');
    expect((await api('/agency/branding', { token: adaToken })).primaryColor).toBeNull();
  });

  it("shows the server's field error beside a bad email, then saves a hard-to-read color with a warning", async () => {
    await page.getByLabel('Primary color', { exact: true }).fill('#ffff00');
    await page.getByLabel('From email').fill('not an email');
    await button(page, 'Save branding').click();
    await fieldOf('fromEmail').locator('.field-error').waitFor();
    expect(await fieldOf('fromEmail').locator('.field-error').textContent()).toBe('must be a valid email address');
    expect(await page.getByLabel('From email').getAttribute('aria-invalid')).toBe('true');
    expect((await api('/agency/branding', { token: adaToken })).primaryColor).toBeNull();

    await page.getByLabel('From email').fill('support@ada-agency.example');
    await button(page, 'Save branding').click();
    await page.getByText('Branding saved.').waitFor();
    const warning = page.locator('.alert-warning').filter({ hasText: 'Saved, but hard to read' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain('#ffff00 has a contrast of');
    expect((await api('/agency/branding', { token: adaToken })).primaryColor).toBe('#ffff00');
  });

  it('saves custom CSS and lists the @import line the server removed', async () => {
    await page.getByLabel('Primary color', { exact: true }).fill('#0f766e');
    await page.getByLabel('Accent color', { exact: true }).fill('#b45309');
    await page.getByLabel('Logo URL').fill(logoUrl);
    await page.getByLabel('Login background URL').fill(loginBgUrl);
    await page.getByLabel('Font family').fill('Georgia, serif');
    await page.getByLabel('Footer text').fill(footerText);
    await page
      .getByLabel('Custom CSS')
      .fill('@import url(https://evil.example/x.css);\n.portal-header { letter-spacing: 0.5px }');
    await expect.poll(() => preview().locator('.portal-footer').textContent()).toBe(footerText);
    await button(page, 'Save branding').click();

    const removed = page.locator('.alert-warning').filter({ hasText: 'Removed from the custom CSS' });
    await removed.waitFor();
    expect(await removed.locator('li').count()).toBeGreaterThan(0);
    expect((await removed.locator('li').allTextContents()).join('\n')).toMatch(/import/i);
    expect(await page.locator('.alert-warning').filter({ hasText: 'hard to read' }).count()).toBe(0);
    expect(await page.getByLabel('Custom CSS').inputValue()).not.toContain('@import');
    expect(await page.getByLabel('Custom CSS').inputValue()).toContain('letter-spacing');

    const stored = await api('/agency/branding', { token: adaToken });
    expect(stored).toMatchObject({ primaryColor: '#0f766e', footerText, fontFamily: 'Georgia, serif' });
    expect(stored.customCss).not.toContain('evil.example');
    await expect
      .poll(() =>
        preview()
          .locator('.portal-logo')
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBe(160);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'agency-branding-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    // Chromium paints the preview's out-of-process frame only while it is on screen.
    await page.locator('.preview').screenshot({ path: join(screenshotDir, 'agency-branding-preview-390.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The agency's tabs and the main menu are whole at 390 pixels, not cut off.
    expect(await clippedNavigation(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('turns off the terminal and team management in the client portal', async () => {
    await tab('Client portal').click();
    await heading(page, 'Client portal').waitFor();
    expect(await page.getByLabel('Terminal').isChecked()).toBe(true);
    await page.getByLabel('Terminal').uncheck();
    await page.getByLabel('Team', { exact: true }).uncheck();
    await page.getByLabel('Infrastructure visibility').selectOption('limited');
    await button(page, 'Save configuration').click();
    await page.getByText('Portal configuration saved.').waitFor();

    await page.reload();
    await heading(page, 'Client portal').waitFor();
    expect(await page.getByLabel('Terminal').isChecked()).toBe(false);
    expect(await page.getByLabel('Team', { exact: true }).isChecked()).toBe(false);
    expect(await page.getByLabel('Logs').isChecked()).toBe(true);
    expect(await api('/agency/portal-config', { token: adaToken })).toMatchObject({
      featureTerminal: false,
      teamManagementEnabled: false,
      featureLogs: true,
      infrastructureVisibility: 'limited',
    });
  });

  it('shows the branding and the portal configuration read-only to a Viewer of the agency', async () => {
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

    await vicPage.goto(`${app.url}/agency/portal`);
    await vicPage.getByText('changing it needs the manage:agency permission').waitFor();
    expect(await vicPage.getByLabel('Terminal').isDisabled()).toBe(true);
    expect(await vicPage.getByLabel('Terminal').isChecked()).toBe(false);
    expect(await vicPage.getByLabel('Infrastructure visibility').isDisabled()).toBe(true);
    expect(await button(vicPage, 'Save configuration').count()).toBe(0);

    await vicPage.goto(`${app.url}/agency/branding`);
    expect(await vicPage.getByLabel('Footer text').inputValue()).toBe(footerText);
    expect(await vicPage.getByLabel('Footer text').isDisabled()).toBe(true);
    expect(await button(vicPage, 'Save branding').count()).toBe(0);

    await vicPage.goto(`${app.url}/agency/clients`);
    await vicPage.getByRole('row').filter({ hasText: acme }).waitFor();
    expect(await vicPage.getByRole('button', { name: `Open ${acme}` }).count()).toBe(0);
    expect(await vicPage.getByLabel('Client name').count()).toBe(0);
    await vicPage.close();
  });

  it("serves the client's branded sign-in page on its portal subdomain, without the platform's name", async () => {
    const created = await callApi(app.url, '/agency/portal-domains', {
      method: 'POST',
      token: adaToken,
      body: { subdomain: 'acme', clientOrgId: await clientId(acme) },
    });
    expect(created.status).toBe(201);
    portalUrl = `http://acme.portal.test:${new URL(app.url).port}`;

    portal = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    portal.setDefaultTimeout(10_000);
    portal.on('pageerror', (error) => pageErrors.push(error.message));
    await serveBrandImages(portal);
    await portal.goto(`${portalUrl}/`);

    await heading(portal, `Sign in to ${acme}`).waitFor();
    expect(new URL(portal.url()).pathname).toBe('/login');
    expect(await portal.title()).toBe(acme);
    expect(await portal.getByRole('contentinfo').textContent()).toBe(footerText);
    await expect
      .poll(() => portal.getByRole('img', { name: acme }).evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(160);
    const background = await portal.locator('.portal-login').evaluate((el) => getComputedStyle(el).backgroundImage);
    expect(background).toContain('login-bg.svg');
    const buttonColor = await button(portal, 'Log in').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(buttonColor).toBe('rgb(15, 118, 110)');
    expect(await portal.locator('.portal').evaluate((el) => getComputedStyle(el).fontFamily)).toContain('Georgia');
    expect(await portal.content()).not.toContain('oCore');
    expect(await portal.evaluate(() => document.body.innerText)).not.toMatch(/ocore/i);
    expect(await portal.getByRole('link', { name: /create an account/i }).count()).toBe(0);
    await screenshot(portal, 'client-portal-login-1280');
  });

  it('signs a client user in to a portal that shows only the features turned on, and nothing of other clients', async () => {
    await api('/auth/signup', { method: 'POST', body: { ...carl, password } });
    const operator = await api('/auth/switch-org', {
      method: 'POST',
      token: adaToken,
      body: { organizationId: await clientId(acme) },
    });
    await inviteAndAccept(app, operator.token, { email: carl.email, password, role: 'Admin' });

    await portal.getByLabel('Email').fill(carl.email);
    await portal.getByLabel('Password').fill(password);
    await button(portal, 'Log in').click();

    // Carl's first organization is his own; the portal switches to the client it serves.
    await heading(portal, acme).waitFor();
    await portal.getByText(`Welcome, ${carl.name}.`).waitFor();
    const links = await portalNav().getByRole('link').allTextContents();
    expect(links).toContain('Logs');
    expect(links).toContain('Backups');
    expect(links).not.toContain('Terminal');
    expect(links).not.toContain('Team');
    expect(await portal.title()).toBe(acme);
    expect(await portal.getByRole('contentinfo').textContent()).toBe(footerText);
    const html = await portal.content();
    expect(html).not.toContain('oCore');
    expect(html).not.toContain(globex);
    expect(html).not.toContain(`${carl.name}'s Organization`);
    await screenshot(portal, 'client-portal-home-1280');
    await portal.setViewportSize({ width: 390, height: 844 });
    await screenshot(portal, 'client-portal-home-390');
    expect(await portal.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await clippedNavigation(portal)).toEqual([]);
    await portal.setViewportSize({ width: 1280, height: 800 });

    // The portal's Logs are the instances' logs (the audit log is the dashboard's page).
    await portalNav().getByRole('link', { name: 'Logs', exact: true }).click();
    await heading(portal, 'Logs').waitFor();
    await portal.getByText('No instance yet').waitFor();
    expect(await portal.content()).not.toContain(globex);

    await portalNav().getByRole('link', { name: 'Backups', exact: true }).click();
    await heading(portal, 'Backups').waitFor();
    await portal.getByText('No instance yet').waitFor();
    expect(await portal.content()).not.toContain('on its way');
    await portal.goto(`${portalUrl}/terminal`);
    await heading(portal, 'Page not found').waitFor();
    await portal.goto(`${portalUrl}/team`);
    await heading(portal, 'Page not found').waitFor();
    expect(await portal.evaluate(() => document.body.innerText)).not.toMatch(/ocore/i);
  });

  it('shows the portal on the dashboard host too, while the current organization is a client the user belongs to', async () => {
    const carlPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    carlPage.on('pageerror', (error) => pageErrors.push(error.message));
    await carlPage.goto(`${app.url}/login`);
    await carlPage.getByLabel('Email').fill(carl.email);
    await carlPage.getByLabel('Password').fill(password);
    await button(carlPage, 'Log in').click();
    await heading(carlPage, 'Overview').waitFor();

    await carlPage.getByLabel('Current organization').selectOption({ label: acme });
    await heading(carlPage, acme).waitFor();
    expect(new URL(carlPage.url()).pathname).toBe('/');
    expect(await carlPage.title()).toBe(acme);
    const links = await carlPage.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).toEqual([
      'Home',
      'Logs',
      'Monitoring',
      'Backups',
      'Domains',
      'Databases',
      'File editor',
      'Odoo shell',
    ]);
    expect(await carlPage.locator('.portal').evaluate((el) => el.style.getPropertyValue('--brand-primary'))).toBe(
      '#0f766e',
    );
    expect(await carlPage.getByRole('contentinfo').textContent()).toBe(footerText);
    expect(await carlPage.evaluate(() => document.body.innerText)).not.toMatch(/ocore/i);

    await carlPage.getByLabel('Current organization').selectOption({ label: `${carl.name}'s Organization` });
    await heading(carlPage, 'Overview').waitFor();
    await carlPage.getByText(`Getting ${carl.name}'s Organization ready to host Odoo.`).waitFor();
    expect(await carlPage.title()).toBe('oCore Agency');
    await carlPage.close();
  });

  it('lists clients a page at a time, with "Load more"', async () => {
    for (let n = 1; n <= 26; n++) {
      await api('/agency/clients', {
        method: 'POST',
        token: adaToken,
        body: { name: `Client ${String(n).padStart(2, '0')}` },
      });
    }
    await page.goto(`${app.url}/agency/clients`);
    await page.getByRole('heading', { name: 'Clients (28)' }).waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(25);
    await button(page, 'Load more').click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(28);
    expect(await button(page, 'Load more').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
