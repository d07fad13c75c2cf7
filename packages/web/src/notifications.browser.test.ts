/// <reference types="node" />
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@ocore/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import { callApi, launchChromium, startDashboardServer } from './testing/browser-harness';

/* The notifications page in headless Chromium: a webhook channel, "Send test", and the rules. */

warnIfSkipped('notifications.browser.test');

const secret = 'browser-test-signing-secret';

describe.skipIf(!runsInBrowser)('notification channels and rules in Chromium', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let token: string;
  let receiver: Server;
  let receiverUrl: string;
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    // The receiver is a loopback server of the test's own.
    app = await startDashboardServer({ OCORE_ALLOW_PRIVATE_EGRESS: '1' });
    const signup = await callApi(app.url, '/auth/signup', {
      method: 'POST',
      body: { name: 'Nia Notify', email: 'nia.notify@example.com', password: 'correct horse battery staple' },
    });
    token = (signup.body as { token: string }).token;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    await page.goto(`${app.url}/login`);
    await page.evaluate((t) => localStorage.setItem('ocore.token', t), token);
    await page.goto(`${app.url}/org`);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('adds a webhook, sends a signed test and routes a kind to it', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Notifications', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByLabel('Name').fill('Ops hook');
    await page.getByLabel('Kind').selectOption('webhook');
    await page.getByLabel('URL').fill(receiverUrl);
    await page.getByLabel('Signing secret').fill(secret);
    await page.getByRole('button', { name: 'Add channel' }).click();
    await page.getByText('Channel added.').waitFor();

    await page.getByRole('button', { name: 'Send test to Ops hook' }).click();
    await page.getByText('Test delivered (HTTP 204).').waitFor();
    const [request] = received;
    const timestamp = String(request?.headers['x-ocore-timestamp']);
    const expected = createHmac('sha256', secret).update(`${timestamp}.${request?.body}`).digest('hex');
    expect(request?.headers['x-ocore-signature']).toBe(`sha256=${expected}`);
    expect(await page.content()).not.toContain(secret);

    await page.getByLabel('Backup failed → Ops hook').check();
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('Rules saved.').waitFor();
    const rules = (await callApi(app.url, '/org/notification-rules', { token })).body as {
      rules: { kind: string; channelIds: string[] }[];
    };
    expect(rules.rules.find((r) => r.kind === 'backup.failed')?.channelIds).toHaveLength(1);
  }, 60_000);
});
