/// <reference types="node" />
import type { App } from '@ocore/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import {
  callApi,
  launchChromium,
  openSignedIn,
  phoneOverflow,
  screenshot,
  signUp,
  startDashboardServer,
  testPassword,
  type ApiRequest,
  inviteAndAccept,
} from './testing/browser-harness';
import { addVirtualAuthenticator, byName } from './testing/virtual-authenticator';

/*
 * Passkeys in headless Chromium with its virtual authenticator, against the real server and
 * its real WebAuthn checks. The dashboard is opened at localhost: WebAuthn refuses IP addresses.
 */

warnIfSkipped('passkeys.browser.test');

const ada = { name: 'Ada Passkey', email: 'ada.passkey@example.com' };
const bob = { name: 'Bob Password', email: 'bob.password@example.com' };

describe.skipIf(!runsInBrowser)('passkeys in Chromium', () => {
  let app: App;
  let base: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const api = async (path: string, init?: ApiRequest) => (await callApi(app.url, path, init)).body as any;
  const heading = (target: Page, name: string) => target.getByRole('heading', { level: 1, name, exact: true });
  const nav = (target: Page, name: string) =>
    target.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const button = (target: Page, name: string) => target.getByRole('button', { name, exact: true });
  const tokenOf = (target: Page) => target.evaluate(() => localStorage.getItem('ocore.token'));

  async function registerPasskey(target: Page, name: string, password?: string): Promise<void> {
    await target.getByLabel('Name (optional)').fill(name);
    if (password) await target.getByLabel('Your password (for a first passkey)').fill(password);
    await button(target, 'Add a passkey').click();
    await target.getByText(`Passkey ${name} was added.`).waitFor();
  }

  beforeAll(async () => {
    app = await startDashboardServer();
    base = byName(app.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await addVirtualAuthenticator(page);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('signs up and registers a passkey, listed with when it was made and last used', async () => {
    await page.goto(`${base}/signup`);
    await page.getByLabel('Your name').fill(ada.name);
    await page.getByLabel('Email').fill(ada.email);
    await page.getByLabel('Password').fill(testPassword);
    await button(page, 'Create account').click();
    await nav(page, 'Passkeys').click();
    await heading(page, 'Passkeys').waitFor();
    await page.getByText('No passkeys yet').waitFor();

    await registerPasskey(page, 'Test laptop', testPassword);
    const row = page.getByRole('row').filter({ hasText: 'Test laptop' });
    await row.waitFor();
    expect(await row.locator('td[data-label="Last used"]').textContent()).toBe('Never');
    await page.getByRole('heading', { name: 'Your passkeys (1)' }).waitFor();
    const listed = await api('/auth/passkeys', { token: await tokenOf(page) });
    expect(listed.items.map((p: { name: string }) => p.name)).toEqual(['Test laptop']);
  });

  it('a second passkey needs a passkey sign-in, and says so', async () => {
    await page.getByLabel('Your password (for a first passkey)').fill(testPassword);
    await button(page, 'Add a passkey').click();
    await page.getByText(/Adding a passkey when you have one requires a passkey sign-in/).waitFor();
    expect((await api('/auth/passkeys', { token: await tokenOf(page) })).total).toBe(1);
  });

  it('signs out, then signs in with the passkey', async () => {
    const passwordToken = await tokenOf(page);
    await button(page, 'Log out').click();
    await heading(page, 'Log in').waitFor();
    await screenshot(page, 'login-passkey');
    await button(page, 'Sign in with a passkey').click();
    // Back where the session ended.
    await heading(page, 'Passkeys').waitFor();
    expect(new URL(page.url()).pathname).toBe('/account/passkeys');

    const token = await tokenOf(page);
    expect(token).not.toBe(passwordToken);
    expect((await api('/auth/me', { token })).user.email).toBe(ada.email);
    const row = page.getByRole('row').filter({ hasText: 'Test laptop' });
    await expect.poll(() => row.locator('td[data-label="Last used"]').textContent()).not.toBe('Never');

    // Signed in with it, adding another is allowed, and this device already holds one: said clearly.
    await button(page, 'Add a passkey').click();
    await page.getByText('This device already holds a passkey for your account.').waitFor();
    expect((await api('/auth/passkeys', { token })).total).toBe(1);
  });

  it('explains that passkeys need a domain name when the dashboard is opened at an IP address', async () => {
    const byIp = await browser.newPage();
    await addVirtualAuthenticator(byIp);
    await byIp.goto(`${app.url}/login`);
    await button(byIp, 'Sign in with a passkey').click();
    await byIp.getByRole('alert').filter({ hasText: 'Passkeys work only at the dashboard’s domain name' }).waitFor();
    await byIp.close();
  });

  it('asks a member signed in with a password for a passkey sign-in once the organization requires one, then lets them act', async () => {
    const adaToken = (await tokenOf(page))!;
    const bobToken = await signUp(app.url, bob);
    await inviteAndAccept(app, adaToken, { email: bob.email, password: testPassword, role: 'Admin' });
    const organization = await api('/org', { token: adaToken });
    const switched = await api('/auth/switch-org', {
      method: 'POST',
      token: bobToken,
      body: { organizationId: organization.id },
    });
    const bobPage = await openSignedIn(browser, base, switched.token, pageErrors);
    await addVirtualAuthenticator(bobPage);
    await bobPage.goto(`${base}/org`);
    await heading(bobPage, organization.name).waitFor();
    // A first passkey from a password sign-in (the password again), while no organization of Bob's
    // requires them: once one does, only a passkey session may add one.
    await bobPage.goto(`${base}/account/passkeys`);
    await heading(bobPage, 'Passkeys').waitFor();
    await registerPasskey(bobPage, 'Bob key', testPassword);
    await bobPage.goto(`${base}/org`);
    await heading(bobPage, organization.name).waitFor();

    // Ada's own session was a passkey sign-in, so it goes on working.
    const settings = await callApi(app.url, '/org/settings', {
      method: 'PUT',
      token: adaToken,
      body: { requirePasskey: true },
    });
    expect(settings.status).toBe(200);

    // Bob's next request is refused: the page says why and where to go, not a generic error.
    await nav(bobPage, 'Members').click();
    await heading(bobPage, 'Passkey required').waitFor();
    const notice = bobPage.locator('.alert-warning');
    expect(await notice.textContent()).toContain('This organization requires signing in with a passkey');
    const setUp = bobPage.getByRole('link', { name: 'Set up a passkey' });
    expect(await setUp.getAttribute('href')).toBe('/account/passkeys');
    expect(await bobPage.locator('.alert-error').count()).toBe(0);
    await screenshot(bobPage, 'passkey-required');

    await setUp.click();
    await heading(bobPage, 'Passkeys').waitFor();
    await bobPage.getByText('Add a passkey below, then sign in with it').waitFor();
    await screenshot(bobPage, 'account-passkeys-required');
    await button(bobPage, 'Sign in with a passkey').click();
    await bobPage.locator('.passkey-required').waitFor({ state: 'detached' });
    // Still in Ada's organization, not Bob's first one where a passkey sign-in would start.
    await expect
      .poll(() => bobPage.getByLabel('Current organization').locator('option:checked').textContent())
      .toBe(organization.name);

    await nav(bobPage, 'Members').click();
    await heading(bobPage, 'Members').waitFor();
    await bobPage.getByRole('row').filter({ hasText: bob.email }).waitFor();
    await nav(bobPage, 'Servers').click();
    await bobPage.getByLabel('Name', { exact: true }).fill('bob-1');
    await bobPage.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await bobPage.getByLabel('SSH access').selectOption('none');
    await button(bobPage, 'Add server').click();
    await bobPage.getByText('Server bob-1 was added.').waitFor();
    await bobPage.close();
  });

  it('fits a phone screen', async () => {
    await page.reload();
    await page.getByRole('row').filter({ hasText: 'Test laptop' }).waitFor();
    expect(await phoneOverflow(page, 'account-passkeys')).toBeLessThanOrEqual(0);
  });

  it('deletes a passkey once confirmed', async () => {
    const row = page.getByRole('row').filter({ hasText: 'Test laptop' });
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    await row.getByText('Delete Test laptop? You can no longer sign in with it.').waitFor();
    await row.getByRole('button', { name: 'Delete passkey' }).click();
    await page.getByText('No passkeys yet').waitFor();
    expect((await api('/auth/passkeys', { token: await tokenOf(page) })).total).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
