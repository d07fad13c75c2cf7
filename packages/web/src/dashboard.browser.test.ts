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
  signUpThroughForm,
  startDashboardServer,
  type ApiAnswer,
  type ApiRequest,
  inviteAndAccept,
} from './testing/browser-harness';

/* The built dashboard against the real server, in headless Chromium (see testing/browser-env.ts). */

/** WCAG contrast ratio of two `rgb(...)` colors as getComputedStyle gives them. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r = 0, g = 0, bl = 0] = (color.match(/[\d.]+/g) ?? []).map(Number);
    const channel = (v: number) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(bl);
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

warnIfSkipped('dashboard.browser.test');

const password = 'correct horse battery staple';
const ada = { name: 'Ada Lovelace', email: 'ada@example.com' };
const bob = { name: 'Bob Builder', email: 'bob@example.com' };
const carol = { name: 'Carol Danvers', email: 'carol@example.com' };
const dave = { name: 'Dave Lister', email: 'dave@example.com' };

describe.skipIf(!runsInBrowser)('dashboard in Chromium', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const api = (path: string, init?: ApiRequest): Promise<ApiAnswer> => callApi(app.url, path, init);

  const nav = (name: string | RegExp) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });
  const liveIndicator = () => page.locator('.live[data-status="live"]');
  // The members table only: a pending invitation has a row of its own in the table above.
  const memberRow = (email: string) =>
    page.getByRole('table', { name: 'Members', exact: true }).getByRole('row').filter({ hasText: email });

  beforeAll(async () => {
    app = await startDashboardServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows a readable brand on the sign-in page at 1280x900 (no dark band behind white text)', async () => {
    await page.goto(`${app.url}/login`);
    const look = await page.locator('.centered .brand').evaluate((brand) => {
      const layout = brand.closest('.centered');
      return {
        color: getComputedStyle(brand).color,
        background: layout ? getComputedStyle(layout).backgroundColor : '',
        image: layout ? getComputedStyle(layout).backgroundImage : '',
      };
    });
    expect(look.image).toBe('none');
    expect(contrast(look.color, look.background)).toBeGreaterThanOrEqual(4.5);
  });

  it('signs up through the form and lands on the overview, then the organization page', async () => {
    await page.goto(`${app.url}/`);
    await heading('Log in').waitFor();
    await page.getByRole('link', { name: 'Create an account' }).click();

    await signUpThroughForm(page, ada, password);
    expect(new URL(page.url()).pathname).toBe('/');
    await nav('Organization').click();
    await heading(`${ada.name}'s Organization`).waitFor();
    expect(await page.getByRole('button', { name: 'Save changes' }).isVisible()).toBe(true);
    await liveIndicator().waitFor();
  });

  it('leads to the infrastructure sections from the navigation', async () => {
    await nav('Topologies').click();
    await heading('Topologies').waitFor();
    await page.getByText('No topologies yet').waitFor();
    expect(await page.locator('.nav-soon').count()).toBe(0);
    await nav('Organization').click();
    await heading(`${ada.name}'s Organization`).waitFor();
  });

  it("shows the server's field error beside the slug when creating an organization with a bad slug", async () => {
    await page.getByRole('link', { name: '+ New organization' }).click();
    await heading('Create organization').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Bad Slug Org');
    await page.getByLabel('Slug (optional)').fill('Bad Slug!');
    await page.getByRole('button', { name: 'Create organization' }).click();

    const slugField = page.locator('.field').filter({ has: page.locator('input[name="slug"]') });
    await slugField.locator('.field-error').waitFor();
    expect(await slugField.locator('.field-error').textContent()).toContain('must be lowercase');
    expect(await page.getByLabel('Slug (optional)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.alert-error').count()).toBe(0);
  });

  it('creates a second organization and switches to it with the header switcher', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Globex Client');
    await page.getByLabel('Slug (optional)').fill('globex-client');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByText('was created and you are its Owner').waitFor();

    await nav('Organization').click();
    await heading(`${ada.name}'s Organization`).waitFor();
    const tokenBefore = await page.evaluate(() => localStorage.getItem('ocore.token'));
    await page.getByLabel('Current organization').selectOption({ label: 'Globex Client' });

    await heading('Globex Client').waitFor();
    expect(await page.getByText('globex-client', { exact: true }).isVisible()).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('ocore.token'))).not.toBe(tokenBefore);
    await liveIndicator().waitFor();
  });

  it('invites someone who signed up elsewhere, who joins the table once they accept', async () => {
    const signup = await api('/auth/signup', { method: 'POST', body: { ...bob, password } });
    expect(signup.status).toBe(201);

    await nav('Members').click();
    await heading('Members').waitFor();
    const before = app.deps.mailTransport.delivered.length;
    await page.getByLabel('Email', { exact: true }).fill(bob.email);
    await page.getByLabel('Role', { exact: true }).selectOption('Developer');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await page.getByText(`Invited ${bob.email} as Developer.`).waitFor();
    // Not a member until they accept: nobody joins without consent.
    expect(await memberRow(bob.email).count()).toBe(0);

    await expect
      .poll(() =>
        app.deps.mailTransport.delivered.slice(before).some((m) => m.to === bob.email && m.text.includes('/invite#')),
      )
      .toBe(true);
    const mail = app.deps.mailTransport.delivered
      .slice(before)
      .find((m) => m.to === bob.email && m.text.includes('/invite#'));
    const invitation = /#token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    const accepted = await api('/auth/invitations/accept', { method: 'POST', body: { token: invitation, password } });
    expect(accepted.status).toBe(200);
    await memberRow(bob.email).waitFor();
    expect(await memberRow(bob.email).textContent()).toContain(bob.name);
  });

  it('shows a member added by another session live, without a reload', async () => {
    expect((await api('/auth/signup', { method: 'POST', body: { ...carol, password } })).status).toBe(201);
    await page.evaluate(() => Object.assign(window, { testMarker: 'still here' }));
    const token = await page.evaluate(() => localStorage.getItem('ocore.token'));
    await liveIndicator().waitFor();

    await inviteAndAccept(app, token ?? '', { email: carol.email, password, role: 'Viewer' });

    await memberRow(carol.email).waitFor({ timeout: 5_000 });
    expect(await memberRow(carol.email).textContent()).toContain(carol.name);
    expect(await page.evaluate(() => (window as { testMarker?: string }).testMarker)).toBe('still here');
  });

  it('reconnects after the WebSocket drops and catches up with what changed meanwhile', async () => {
    expect((await api('/auth/signup', { method: 'POST', body: { ...dave, password } })).status).toBe(201);
    const token = await page.evaluate(() => localStorage.getItem('ocore.token'));
    await page.evaluate(() => {
      const seen: string[] = ((window as { liveSeen?: string[] }).liveSeen = []);
      new MutationObserver(() => seen.push(document.querySelector('.live')?.getAttribute('data-status') ?? '')).observe(
        document.body,
        {
          subtree: true,
          attributes: true,
          attributeFilter: ['data-status'],
        },
      );
    });

    for (const socket of app.http.wss.clients) socket.terminate();
    await inviteAndAccept(app, token ?? '', { email: dave.email, password, role: 'Viewer' });

    await memberRow(dave.email).waitFor({ timeout: 5_000 });
    await liveIndicator().waitFor();
    expect(await page.evaluate(() => (window as { liveSeen?: string[] }).liveSeen)).toContain('reconnecting');
  });

  it('takes screenshots of the organization and members pages at 1280 and 390 pixels', async () => {
    mkdirSync(screenshotDir, { recursive: true });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
      await nav('Organization').click();
      await heading('Globex Client').waitFor();
      await page.screenshot({ path: join(screenshotDir, `organization-${width}.png`), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // Every menu entry is there to see and tap, none cut off behind a sideways scroll.
      expect(await clippedNavigation(page)).toEqual([]);

      await nav('Members').click();
      await memberRow(carol.email).waitFor();
      await page.screenshot({ path: join(screenshotDir, `members-${width}.png`), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }
  });

  it("changes a member's role, and removes a member after confirming", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const token = await page.evaluate(() => localStorage.getItem('ocore.token'));
    await page.getByLabel(`Role of ${bob.name}`).selectOption('Admin');
    // The change is asked first, then said saved where it is seen.
    await page
      .getByRole('dialog', { name: `Make ${bob.name} Admin?` })
      .getByRole('button', { name: 'Change role' })
      .click();
    await page.getByRole('region', { name: 'Notifications' }).getByText(`Saved: ${bob.name} is now Admin.`).waitFor();
    await expect
      .poll(async () => {
        const list = (await api('/org/members', { token })).body as { items: { email: string; role: string }[] };
        return list.items.find((m) => m.email === bob.email)?.role;
      })
      .toBe('Admin');

    await memberRow(carol.email).getByRole('button', { name: 'Remove' }).click();
    await memberRow(carol.email).getByText(`Remove ${carol.name}?`).waitFor();
    await memberRow(carol.email).getByRole('button', { name: 'Remove' }).click();
    await memberRow(carol.email).waitFor({ state: 'detached' });
  });

  it('deletes the organization after its name is typed and continues in another one', async () => {
    await nav('Organization').click();
    await heading('Globex Client').waitFor();
    const remove = page.getByRole('button', { name: 'Delete organization' });
    expect(await remove.isDisabled()).toBe(true);
    await page.getByLabel('Type “Globex Client” to confirm').fill('Globex Client');
    await remove.click();

    await heading(`${ada.name}'s Organization`).waitFor();
    await page.getByText('“Globex Client” was deleted.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/org');
    await liveIndicator().waitFor();
  });

  it('guides a user without any organization to create one, which becomes current', async () => {
    const orgName = `${ada.name}'s Organization`;
    await page.getByLabel(`Type “${orgName}” to confirm`).fill(orgName);
    await page.getByRole('button', { name: 'Delete organization' }).click();

    await page.getByText('You are not in an organization').waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Create organization' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Fresh Start');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await heading('Fresh Start').waitFor();
    await liveIndicator().waitFor();
  });

  it('stays signed in without an organization when another user removes them, live', async () => {
    const bobLogin = await api('/auth/login', { method: 'POST', body: { email: bob.email, password } });
    const bobToken = (bobLogin.body as { token: string }).token;
    await inviteAndAccept(app, bobToken, { email: ada.email, password, role: 'Admin' });
    const adaToken = await page.evaluate(() => localStorage.getItem('ocore.token'));
    const adaId = ((await api('/auth/me', { token: adaToken })).body as { user: { id: string } }).user.id;

    // Memberships in other organizations have no live channel yet: a reload lists the new one.
    await page.reload();
    await page.getByLabel('Current organization').selectOption({ label: `${bob.name}'s Organization` });
    await heading(`${bob.name}'s Organization`).waitFor();
    await liveIndicator().waitFor();

    expect((await api(`/org/members/${adaId}`, { method: 'DELETE', token: bobToken })).status).toBe(204);
    await page.getByText('You are not in an organization').waitFor();
    await page.getByLabel('Current organization').selectOption({ label: 'Fresh Start' });
    await heading('Fresh Start').waitFor();
  });

  it('logs out, and logs in again to the page it was on', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await heading('Log in').waitFor();
    await page.getByLabel('Email').fill(ada.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Invalid email or password' }).waitFor();

    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await heading('Fresh Start').waitFor();
    expect(new URL(page.url()).pathname).toBe('/org');
    expect(pageErrors).toEqual([]);
  });
});
