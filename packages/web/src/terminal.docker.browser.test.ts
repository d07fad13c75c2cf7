/// <reference types="node" />
import { execFileSync } from 'node:child_process';
import { loadConfig, localContainerRuntime, startApp, type App } from '@ocore/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped, webDist } from './testing/browser-env';
import { callApi, launchChromium, openSignedIn, signUp } from './testing/browser-harness';

/*
 * The terminal page in headless Chromium with xterm.js, on a real instance of the local engine
 * (the Odoo stand-in built by the server's docker tests). Run it under the docker lock:
 * `flock /tmp/ocore-docker.lock npx vitest run src/terminal.docker.browser.test.ts`.
 */

warnIfSkipped('terminal.browser.test');

const image = 'ocore-test-terminals-web/odoo:18';
const docker = (...args: string[]) => execFileSync('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
const dockerQuiet = (...args: string[]) => {
  try {
    return docker(...args);
  } catch {
    return '';
  }
};

describe.skipIf(!runsInBrowser)('the terminal page in Chromium', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let instanceId = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The stand-in as the server's tests build it, with odoo.py's exec bit back.
    execFileSync('docker', ['build', '-q', '-t', image, '-'], {
      input: 'FROM ocore-test/odoo:18\nUSER root\nRUN chmod 755 /usr/bin/odoo\nUSER odoo\n',
    });
    const config = loadConfig({
      OCORE_PASSWORD_HASH: 'fast-for-tests',
      ...process.env,
      PORT: '0',
      OCORE_DATA_DIR: 'memory',
      LOG_LEVEL: 'silent',
      OCORE_JWT_SECRET: 'x'.repeat(40),
      OCORE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      OCORE_INSTANCE_ODOO_IMAGE: image,
      OCORE_INSTANCE_POSTGRES_IMAGE: 'ocore-test/postgres:15',
      OCORE_INSTANCE_HEALTH_TIMEOUT_SECONDS: '30',
    });
    // Every server is this machine's engine, through its socket.
    app = await startApp({ ...config, webDir: webDist }, { runtimes: { forServer: () => localContainerRuntime() } });
    const token = await signUp(app.url, { name: 'Tess Terminal', email: 'tess.terminal@example.com' });
    const server = await callApi(app.url, '/servers', {
      method: 'POST',
      token,
      body: {
        name: 'local',
        host: '127.0.0.1',
        sshPassword: 'the local socket needs none',
        capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 2 },
      },
    });
    const created = await callApi(app.url, '/instances', {
      method: 'POST',
      token,
      body: { serverId: (server.body as { id: string }).id, name: 'Web Term', odooVersion: '18.0', workers: 1 },
    });
    instanceId = (created.body as { instanceId: string }).instanceId;
    for (let status = ''; status !== 'running';) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const got = (await callApi(app.url, `/instances/${instanceId}`, { token })).body as { status: string };
      if (got.status === 'failed') throw new Error(`the instance failed: ${JSON.stringify(got)}`);
      status = got.status;
    }
    browser = await launchChromium();
    page = await openSignedIn(browser, app.url, token, pageErrors);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    const short = instanceId.replace(/-/g, '').slice(0, 12);
    if (short) {
      dockerQuiet('rm', '-f', `ocore-odoo-${short}`);
      dockerQuiet('volume', 'rm', `ocore-odoo-${short}-data`, `ocore-odoo-${short}-addons`);
    }
    dockerQuiet('rm', '-f', 'ocore-postgres');
    dockerQuiet('volume', 'rm', 'ocore-postgres-data');
    for (const net of dockerQuiet('network', 'ls', '-q', '--filter', 'name=ocore-net-').split('\n').filter(Boolean))
      dockerQuiet('network', 'rm', net);
    dockerQuiet('rmi', image);
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
