/// <reference types="node" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, startApp, type App } from '@ocore/server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath, screenshotDir, webDist } from './browser-env';

/* What the browser suites share: the built dashboard served by the real server, in headless Chromium. */

/** A server on a free port with an in-memory database, serving the built dashboard. */
export async function startDashboardServer(env: Record<string, string> = {}): Promise<App> {
  const config = loadConfig({
    // Cheap argon2: tests hash many passwords (refused in production).
    OCORE_PASSWORD_HASH: 'fast-for-tests',
    // Servers are checked when a test asks (runNow('server-probe'), check now), not on the minute:
    // a server's status does not depend on when the test happens to run.
    OCORE_SERVER_CHECK_SECONDS: '0',
    ...process.env,
    PORT: '0',
    OCORE_DATA_DIR: 'memory',
    LOG_LEVEL: 'silent',
    OCORE_JWT_SECRET: 'x'.repeat(40),
    OCORE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    ...env,
  });
  return startApp({ ...config, webDir: webDist });
}

/** Headless Chromium; `extraArgs` add switches such as `--host-resolver-rules`. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

export interface ApiAnswer {
  status: number;
  body: unknown;
}

export interface ApiRequest {
  method?: string;
  body?: unknown;
  token?: string | null;
}

/** Calls the REST API the way another client (or another user) would. */
export async function callApi(baseUrl: string, path: string, init: ApiRequest = {}): Promise<ApiAnswer> {
  const response = await fetch(`${baseUrl}/api${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'Content-Type': 'application/json',
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

export const testPassword = 'correct horse battery staple';

/** Signs a user up through the API; resolves with their session token. */
export async function signUp(baseUrl: string, user: { name: string; email: string }): Promise<string> {
  const answer = await callApi(baseUrl, '/auth/signup', { method: 'POST', body: { ...user, password: testPassword } });
  if (answer.status !== 201) throw new Error(`sign-up of ${user.email} failed: ${JSON.stringify(answer.body)}`);
  return (answer.body as { token: string }).token;
}

/**
 * Fills the sign-up form the page shows and submits it; resolves on the overview a new user
 * lands on, with the session token the dashboard keeps.
 */
export async function signUpThroughForm(
  page: Page,
  user: { name: string; email: string },
  password = testPassword,
): Promise<string> {
  await page.getByLabel('Your name').fill(user.name);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview', exact: true }).waitFor();
  const token = await page.evaluate(() => localStorage.getItem('ocore.token'));
  if (!token) throw new Error(`the sign-up of ${user.email} left no session token`);
  return token;
}

/** A page signed in with `token` (not yet on any dashboard page); uncaught page errors go to `errors`. */
export async function openSignedIn(
  browser: Browser,
  baseUrl: string,
  token: string,
  errors: string[],
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${baseUrl}/login`);
  await page.evaluate((t) => localStorage.setItem('ocore.token', t), token);
  return page;
}

/** A full-page picture in test-results/screenshots (docs/screenshots with OCORE_UPDATE_SCREENSHOTS=1). */
export async function screenshot(page: Page, file: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${file}.png`), fullPage: true });
}

/**
 * Pictures the page 1280 and 390 pixels wide (`<name>-1280.png`, `<name>-390.png`) and
 * resolves with how many pixels it scrolls sideways on the phone: 0 when it fits.
 */
/**
 * The menu links and tabs that a visitor cannot see whole without scrolling sideways: outside
 * the window, or cut by an ancestor that scrolls or hides its overflow.
 */
export async function clippedNavigation(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const clipped: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('.nav-link, .tab, .portal-nav-link')) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      let visible = rect.left >= 0 && rect.right <= window.innerWidth;
      for (let parent = element.parentElement; parent && visible; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX === 'visible') continue;
        const box = parent.getBoundingClientRect();
        visible = rect.left >= box.left - 0.5 && rect.right <= box.right + 0.5;
      }
      if (!visible) clipped.push(element.textContent?.trim() ?? '');
    }
    return clipped;
  });
}

export async function phoneOverflow(page: Page, name: string): Promise<number> {
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.setViewportSize({ width: 1280, height: 900 });
  return overflow;
}

/**
 * The token of the latest link mailed to `email` (the server keeps mail in memory here) whose
 * text has `#<name>=`, among the messages after the first `after`; waits for it.
 */
export async function mailedToken(app: App, email: string, name: 'token' | 'verify', after = 0): Promise<string> {
  const deadline = Date.now() + 15_000;
  const pattern = new RegExp(`#${name}=([A-Za-z0-9_-]+)`);
  for (;;) {
    const mail = app.deps.mailTransport.delivered
      .slice(after)
      .filter((m) => m.to === email.toLowerCase() && pattern.test(m.text))
      .at(-1);
    const token = mail && pattern.exec(mail.text)?.[1];
    if (token) return token;
    if (Date.now() > deadline) throw new Error(`no mail to ${email} with a #${name}= link arrived`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Proves the address of an account with the link mailed to it at sign-up. */
export async function verifyEmail(app: App, email: string): Promise<void> {
  const token = await mailedToken(app, email, 'verify');
  const verified = await callApi(app.url, '/auth/verify-email', { method: 'POST', body: { token } });
  if (verified.status !== 200) throw new Error(`verifying failed: ${verified.status} ${JSON.stringify(verified.body)}`);
}

/**
 * Makes `email` (an existing account with `password`) a member the only way there is: an
 * invitation sent with `inviterToken`, whose mailed link (the server keeps mail in memory here)
 * the person accepts with their password. Answers the accepted session's token.
 */
export async function inviteAndAccept(
  app: App,
  inviterToken: string,
  person: { email: string; password: string; role: string },
): Promise<string> {
  const before = app.deps.mailTransport.delivered.length;
  const invited = await callApi(app.url, '/org/invitations', {
    method: 'POST',
    token: inviterToken,
    body: { email: person.email, role: person.role },
  });
  if (invited.status !== 201) throw new Error(`inviting failed: ${invited.status} ${JSON.stringify(invited.body)}`);
  const token = await mailedToken(app, person.email, 'token', before);
  const accepted = await callApi(app.url, '/auth/invitations/accept', {
    method: 'POST',
    body: { token, password: person.password },
  });
  if (accepted.status !== 200) throw new Error(`accepting failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return (accepted.body as { token: string }).token;
}
