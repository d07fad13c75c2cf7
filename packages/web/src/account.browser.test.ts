/// <reference types="node" />
import type { App } from '@ocore/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import {
  callApi,
  launchChromium,
  openSignedIn,
  screenshot,
  signUp,
  startDashboardServer,
  testPassword,
  type ApiRequest,
  verifyEmail,
} from './testing/browser-harness';

/*
 * The account page in headless Chromium, against the real server: the password (a wrong
 * current one is named beside its field; a change ends the other sessions), the sessions (this
 * one marked; ending another refuses its token at once) and the organization's API keys
 * (shown once, scoped to their role, their last use listed, refused once revoked).
 */

warnIfSkipped('account.browser.test');

const ada = { name: 'Ada Account', email: 'ada.account@example.com' };
const newPassword = 'quiet orchard lantern 81';

describe.skipIf(!runsInBrowser)('the account page in Chromium', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let token: string;
  const errors: string[] = [];

  const call = (path: string, init?: ApiRequest) => callApi(app.url, path, init);
  const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const region = (name: RegExp) => page.getByRole('region', { name });
  const sessionRows = () => region(/^Sessions/).locator('tbody tr');
  const logIn = async (password: string) =>
    (await call('/auth/login', { method: 'POST', body: { email: ada.email, password } })) as {
      status: number;
      body: { token: string };
    };

  beforeAll(async () => {
    app = await startDashboardServer();
    token = await signUp(app.url, ada);
    // API keys are for verified addresses.
    await verifyEmail(app, ada.email);
    browser = await launchChromium();
    page = await openSignedIn(browser, app.url, token, errors);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('marks this session among the others, and ends another one, whose token is refused at once', async () => {
    const other = (await logIn(testPassword)).body.token;
    expect((await call('/auth/me', { token: other })).status).toBe(200);
    await page.goto(`${app.url}/account`);
    await heading('Account').waitFor();
    await region(/^Sessions \(2\)$/).waitFor();
    // The badge, not the question asked before ending a session ("End this session?").
    const marked = page.getByText('This session', { exact: true });
    expect(await sessionRows().filter({ has: marked }).count()).toBe(1);
    const theirs = sessionRows().filter({ hasNot: marked });
    expect(await theirs.count()).toBe(1);

    await theirs.getByRole('button', { name: 'End', exact: true }).click();
    await theirs.getByRole('button', { name: 'End session', exact: true }).click();
    await region(/^Sessions \(1\)$/).waitFor();
    expect(await sessionRows().filter({ has: marked }).count()).toBe(1);
    const refused = await call('/auth/me', { token: other });
    expect(refused.status).toBe(401);
    expect((await call('/auth/me', { token })).status).toBe(200);
  });

  it('names a wrong current password beside its field, then changes it and ends the other sessions', async () => {
    const other = (await logIn(testPassword)).body.token;
    const current = page.locator('.field').filter({ has: page.locator('input[name="currentPassword"]') });
    await page.getByLabel('Current password').fill('not my password at all');
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat it').fill(newPassword);
    await button('Change password').click();
    await current.locator('.field-error').waitFor();
    expect(await current.locator('.field-error').textContent()).toBe('this is not your current password');
    expect(await page.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');
    expect((await call('/auth/me', { token: other })).status).toBe(200);

    await page.getByLabel('Current password').fill(testPassword);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat it').fill(newPassword);
    await button('Change password').click();
    await page.getByText('Password changed. 1 other session ended.').waitFor();
    expect(await current.locator('.field-error').count()).toBe(0);
    expect((await call('/auth/me', { token: other })).status).toBe(401);
    // This session goes on; the old password no longer signs in, the new one does.
    expect((await call('/auth/me', { token })).status).toBe(200);
    await region(/^Sessions \(1\)$/).waitFor();
    expect((await logIn(testPassword)).status).toBe(401);
    expect((await logIn(newPassword)).status).toBe(200);
  });

  it('creates an API key scoped to a role, shown once, that works as a bearer token until revoked', async () => {
    await page.reload();
    await heading('Account').waitFor();
    const keys = region(/^API keys/);
    await keys.getByText('No API keys').waitFor();
    // The least power unless another role is chosen.
    await page.getByRole('option', { name: 'Developer' }).waitFor({ state: 'attached' });
    expect(await page.getByLabel('Key role').inputValue()).toBe('Viewer');
    await page.getByLabel('Key name').fill('CI deploys');
    await page.getByLabel('Key role').selectOption('Developer');
    await page.getByLabel('Key role').selectOption('Viewer');
    await button('Create key').click();
    const shown = page.getByTestId('new-api-key');
    await shown.waitFor();
    await page.getByText('Copy it now: it is not shown again.').waitFor();
    const key = (await shown.textContent()) ?? '';
    expect(key.length).toBeGreaterThan(20);
    const row = keys.locator('tbody tr').filter({ hasText: 'CI deploys' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Viewer');
    expect(await row.textContent()).toContain('Never');
    expect(await row.textContent()).not.toContain(key);
    expect(await page.getByLabel('Key role').inputValue()).toBe('Viewer');

    // A bearer token for the REST API, with the Viewer's permissions only.
    const org = await call('/org', { token: key });
    expect(org.status).toBe(200);
    const rename = await call('/org', { method: 'PUT', token: key, body: { name: 'Renamed by a key' } });
    expect(rename.status).toBe(403);
    expect(rename.body).toMatchObject({ error: 'PERMISSION_DENIED', permission: 'manage:org_settings' });

    // Shown once: gone after a reload; the list tells when it was last used.
    await page.reload();
    await heading('Account').waitFor();
    await row.waitFor();
    expect(await shown.count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain(key);
    expect(await row.textContent()).not.toContain('Never');
    await screenshot(page, 'account-1280');

    await row.getByRole('button', { name: 'Revoke', exact: true }).click();
    await row.getByRole('button', { name: 'Revoke key', exact: true }).click();
    await keys.getByText('No API keys').waitFor();
    expect((await call('/org', { token: key })).status).toBe(401);
    expect(errors).toEqual([]);
  });
});
