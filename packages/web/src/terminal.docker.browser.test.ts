/// <reference types="node" />
import type { App } from '@ocore/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import { callApi, launchChromium, openSignedIn, signUp } from './testing/browser-harness';
import {
  addLocalServer,
  removeInstanceLeftovers,
  startDockerDashboard,
  waitUntilRunning,
} from './testing/docker-dashboard';

/*
 * The terminal page in headless Chromium with xterm.js, on a real instance of the local engine
 * (the Odoo stand-in built by the server's docker tests). Run it under the docker lock:
 * `flock /tmp/ocore-docker.lock npx vitest run src/terminal.docker.browser.test.ts`.
 */

warnIfSkipped('terminal.browser.test');

describe.skipIf(!runsInBrowser)('the terminal page in Chromium', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let instanceId = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    app = await startDockerDashboard();
    const token = await signUp(app.url, { name: 'Tess Terminal', email: 'tess.terminal@example.com' });
    const serverId = await addLocalServer(app.url, token);
    const created = await callApi(app.url, '/instances', {
      method: 'POST',
      token,
      body: { serverId, name: 'Web Term', odooVersion: '18.0', workers: 1 },
    });
    instanceId = (created.body as { instanceId: string }).instanceId;
    await waitUntilRunning(app.url, token, instanceId);
    browser = await launchChromium();
    page = await openSignedIn(browser, app.url, token, pageErrors);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    removeInstanceLeftovers([instanceId]);
  }, 60_000);

  const screen = () => page.locator('.xterm-rows');

  it('types a command into xterm.js and shows its output', async () => {
    await page.goto(`${app.url}/instances/${instanceId}/terminal`);
    await page.getByRole('heading', { level: 1, name: 'Terminal' }).waitFor();
    await page.getByText('Connected', { exact: true }).waitFor();
    await page.locator('.terminal-frame').click();
    await page.keyboard.type('echo hello-$((40+2))');
    await page.keyboard.press('Enter');
    await screen().getByText('hello-42', { exact: true }).waitFor();
    await page.keyboard.type('id -un');
    await page.keyboard.press('Enter');
    await screen().getByText('odoo', { exact: true }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('runs Python in the Odoo shell page', async () => {
    await page.goto(`${app.url}/instances/${instanceId}/shell`);
    await page.getByText('Connected', { exact: true }).waitFor();
    await page.locator('.terminal-frame').click();
    await page.keyboard.type('print(6 * 7, "from-odoo-shell")');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+D');
    await screen().getByText('42 from-odoo-shell', { exact: true }).waitFor();
    await page.getByText('The session ended (exit code 0).').waitFor();
  });

  it("links a session's audit entry to its transcript when the organization keeps them", async () => {
    const token = await page.evaluate(() => localStorage.getItem('ocore.token'));
    const kept = await callApi(app.url, '/org/settings', {
      method: 'PUT',
      token: token ?? '',
      body: { terminalTranscripts: true },
    });
    expect(kept.status).toBe(200);
    await page.goto(`${app.url}/instances/${instanceId}/terminal`);
    await page.getByText('Connected', { exact: true }).waitFor();
    await page.locator('.terminal-frame').click();
    await page.keyboard.type('echo kept-$((6*7))');
    await page.keyboard.press('Enter');
    await screen().getByText('kept-42', { exact: true }).waitFor();
    // Leaving the page closes the socket: the session ends, its transcript and audit entry are written.
    await page.goto(`${app.url}/audit-log?action=terminal.session_ended`);
    const link = page.getByRole('link', { name: "View the session's transcript" });
    await expect
      .poll(
        async () => {
          if ((await link.count()) === 0) await page.reload();
          return link.count();
        },
        { timeout: 15_000, interval: 1000 },
      )
      .toBeGreaterThan(0);
    // The earlier sessions kept none: only this one links.
    expect(await link.count()).toBe(1);
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Session transcript' }).waitFor();
    const output = page.getByLabel('Session output');
    await output.getByText('kept-42').first().waitFor();
    expect(await page.getByLabel('Session input').textContent()).toContain('echo kept-$((6*7))');
    expect(await output.textContent()).not.toContain('\x1b');
    expect(pageErrors).toEqual([]);
  });
});
