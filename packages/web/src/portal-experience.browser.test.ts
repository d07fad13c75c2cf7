/// <reference types="node" />
import type { App } from '@ocore/server';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import {
  callApi,
  inviteAndAccept,
  launchChromium,
  openSignedIn,
  signUp,
  startDashboardServer,
  testPassword,
  type ApiRequest,
} from './testing/browser-harness';
import { seriousViolations, settled, sidewaysOverflow } from './testing/page-quality';

/*
 * The client portal as its people use it (#22 §7) and feedback beside the action (#24), in
 * headless Chromium against the real server: what the agency's Client portal page says a client
 * sees, the branding preview without invented data, the portal's home tiles, its header readable
 * on any brand color, roles in words, and a role change that asks first and says it is saved.
 */

warnIfSkipped('portal-experience.browser.test');

const ada = { name: 'Ada Portal', email: 'ada.portal@example.com' };
const carl = { name: 'Carl Acme', email: 'carl.portal@example.com' };
const bob = { name: 'Bob Acme', email: 'bob.portal@example.com' };

/** The WCAG contrast ratio of two computed `rgb(...)` colors. */
function contrastOf(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r, g, bl] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

const colorOf = (locator: Locator, property: 'color' | 'background-color') =>
  locator.evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

describe.skipIf(!runsInBrowser)('client portal and notices in Chromium', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let adaToken: string;
  let carlToken: string;
  const pageErrors: string[] = [];

  const api = async (path: string, init: ApiRequest = {}) => {
    const answer = await callApi(app.url, path, { token: adaToken, ...init });
    if (answer.status >= 400) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as any;
  };
  const portalUrl = () => `http://acme.portal.test:${new URL(app.url).port}`;
  const notices = (target: Page) => target.getByRole('region', { name: 'Notifications' });

  /** Serious axe findings and sideways overflow of the page as it stands, at 1280 and 390 pixels. */
  async function qualityOf(target: Page, name: string): Promise<string[]> {
    await settled(target);
    const found = await seriousViolations(target, `${name} at 1280`);
    await target.setViewportSize({ width: 390, height: 844 });
    found.push(...(await seriousViolations(target, `${name} at 390`)));
    if ((await sidewaysOverflow(target)) > 0) found.push(`${name} scrolls sideways at 390`);
    await target.setViewportSize({ width: 1280, height: 900 });
    return found;
  }

  beforeAll(async () => {
    app = await startDashboardServer({ OCORE_PORTAL_BASE_DOMAIN: 'portal.test' });
    adaToken = await signUp(app.url, ada);
    await api('/agency/enable', { method: 'POST' });
    const client = await api('/agency/clients', { method: 'POST', body: { name: 'Acme Corp' } });
    await api('/agency/portal-domains', { method: 'POST', body: { subdomain: 'acme', clientOrgId: client.id } });
    // A light primary: white text on it (the header's, the buttons') would not be readable.
    await api('/agency/branding', { method: 'PUT', body: { primaryColor: '#fde047' } });
    await api('/agency/portal-config', { method: 'PUT', body: { featureTerminal: false } });
    const operator = (await api('/auth/switch-org', { method: 'POST', body: { organizationId: client.id } })).token;
    await signUp(app.url, carl);
    await signUp(app.url, bob);
    carlToken = await inviteAndAccept(app, operator, { email: carl.email, password: testPassword, role: 'Admin' });
    await inviteAndAccept(app, operator, { email: bob.email, password: testPassword, role: 'Viewer' });

    browser = await launchChromium(['--host-resolver-rules=MAP *.portal.test 127.0.0.1']);
    page = await openSignedIn(browser, app.url, adaToken, pageErrors);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("says on the Client portal page what a client will see, live, and shows the save's notice in view", async () => {
    await page.goto(`${app.url}/agency/portal`);
    const summary = page.getByRole('region', { name: 'What a client sees' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Hidden from them: Terminal.');
    expect(await summary.textContent()).toContain('Home · Team · Logs');

    // As the boxes change, before saving.
    await page.getByLabel('Logs', { exact: true }).uncheck();
    await expect.poll(() => summary.textContent()).toContain('Hidden from them: Logs, Terminal.');
    expect(await summary.textContent()).not.toContain('Home · Team · Logs');
    expect(await qualityOf(page, 'client portal page')).toEqual([]);

    // The save's notice is announced and on screen although the form is longer than the window.
    await page.getByRole('button', { name: 'Save configuration', exact: true }).click();
    const saved = notices(page).getByText('Portal configuration saved.');
    await saved.waitFor();
    expect(await notices(page).getAttribute('aria-live')).toBe('polite');
    const box = (await saved.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(900);
    expect((await api('/agency/portal-config')).featureLogs).toBe(false);
  });

  it('previews the real portal: the sections turned on, the header readable on the primary, no invented data', async () => {
    await page.goto(`${app.url}/agency/branding`);
    const preview = page.frameLocator('iframe[title="Portal preview"]');
    await expect
      .poll(() => preview.locator('.portal-nav-link').allTextContents())
      .toEqual(['Home', 'Team', 'Monitoring', 'Backups', 'Domains', 'Databases', 'File editor', 'Odoo shell']);
    const tiles = await preview.locator('.portal-tile').allTextContents();
    expect(tiles[0]).toBe('TeamInvite colleagues and choose what each of them may do.');
    const shown = (await preview.locator('body').textContent()) ?? '';
    expect(shown).not.toMatch(/running|hours ago|Create backup/);

    const header = preview.locator('.portal-header');
    expect(await colorOf(header, 'background-color')).toBe('rgb(253, 224, 71)');
    expect(await colorOf(header.getByRole('button', { name: 'Log out' }), 'color')).toBe('rgb(0, 0, 0)');
    await page.getByLabel('Primary color', { exact: true }).fill('#1e1b4b');
    await expect
      .poll(() => colorOf(header.getByRole('button', { name: 'Log out' }), 'color'))
      .toBe('rgb(255, 255, 255)');
  });

  it("shows the client's home with a line per section, and a header readable on a light or a dark primary", async () => {
    const portal = await openSignedIn(browser, portalUrl(), carlToken, pageErrors);
    const found: string[] = [];
    for (const primary of ['#fde047', '#1e1b4b']) {
      await api('/agency/branding', { method: 'PUT', body: { primaryColor: primary } });
      await portal.goto(`${portalUrl()}/`);
      await portal.getByText(`Welcome, ${carl.name}.`).waitFor();
      const header = portal.locator('.portal-header');
      const background = await colorOf(header, 'background-color');
      for (const part of [header.getByRole('button', { name: 'Log out' }), header.locator('.portal-name')]) {
        const ratio = contrastOf(await colorOf(part, 'color'), background);
        if (ratio < 4.5) found.push(`${primary}: ${await part.textContent()} at ${ratio.toFixed(2)}:1`);
      }
    }
    expect(found).toEqual([]);

    const tiles = portal.locator('.portal-tile');
    expect(await tiles.count()).toBe(7);
    expect(await tiles.filter({ hasText: /^Backups/ }).textContent()).toBe(
      'BackupsKeep copies of your data and bring one back when you need it.',
    );
    for (const text of await tiles.allTextContents()) expect(text).toMatch(/^[A-Z][\w ]+[A-Z].{20,}\.$/);
    expect(await portal.getByRole('heading', { name: 'Your Odoo instances' }).count()).toBe(1);
    expect(await qualityOf(portal, 'portal home')).toEqual([]);
    await portal.close();
  });

  it('describes roles in words on the portal team page, and asks before a role change, then says it is saved', async () => {
    const portal = await openSignedIn(browser, portalUrl(), carlToken, pageErrors);
    await portal.goto(`${portalUrl()}/team`);
    const roles = portal.getByRole('table', { name: 'Roles' });
    await roles.waitFor();
    const rolesText = (await roles.textContent()) ?? '';
    expect(rolesText).toContain('Can see the team');
    expect(rolesText).toContain('Only an Owner can delete the organization or hand it over.');
    expect(await portal.locator('main').textContent()).not.toMatch(/\b(view|manage):[a-z_]+/);

    // Inviting someone says what the chosen role lets them do.
    const inviteRole = portal.getByLabel('Role', { exact: true });
    await inviteRole.selectOption('Viewer');
    const hint = portal.locator('.field').filter({ has: inviteRole }).locator('.field-hint');
    await expect.poll(() => hint.textContent()).toBe('Can see the team, the Odoo instances and the servers.');

    const select = portal.getByLabel(`Role of ${bob.name}`);
    const roleOfBob = async () =>
      ((await callApi(app.url, '/org/members', { token: carlToken })).body as any).items.find(
        (m: { email: string }) => m.email === bob.email,
      ).role;

    await select.selectOption('Developer');
    const ask = portal.getByRole('dialog', { name: `Make ${bob.name} Developer?` });
    await ask.waitFor();
    expect(await ask.textContent()).toContain('can create, start, stop and change the Odoo instances');
    expect(await roleOfBob()).toBe('Viewer');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(await select.inputValue()).toBe('Viewer');
    expect(await roleOfBob()).toBe('Viewer');

    await select.selectOption('Developer');
    await ask.getByRole('button', { name: 'Change role' }).click();
    await notices(portal).getByText(`Saved: ${bob.name} is now Developer.`).waitFor();
    expect(await roleOfBob()).toBe('Developer');
    expect(await select.inputValue()).toBe('Developer');
    expect(await qualityOf(portal, 'portal team')).toEqual([]);
    await portal.close();
    expect(pageErrors).toEqual([]);
  });

  it('answers an unknown portal subdomain with a styled page that says so, without the platform', async () => {
    const visitor = await browser.newPage();
    await visitor.goto(`http://nobody-here.portal.test:${new URL(app.url).port}/login`);
    const status = visitor.locator('.portal-status');
    await status.getByRole('heading', { level: 1, name: 'This portal is not available' }).waitFor();
    // The stylesheet applies (unstyled, the page would be the browser's serif at the top left).
    expect(await status.evaluate((el) => getComputedStyle(el).textAlign)).toBe('center');
    expect(await visitor.evaluate(() => getComputedStyle(document.body).fontFamily)).not.toMatch(/^"?Times/);
    expect(await visitor.locator('body').textContent()).not.toMatch(/ocore/i);
    expect(await qualityOf(visitor, 'unknown portal')).toEqual([]);
    await visitor.close();
  });
});
