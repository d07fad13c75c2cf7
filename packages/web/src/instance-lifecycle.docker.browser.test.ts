/// <reference types="node" />
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { runtimeNames } from '@ocore/core';
import type { App } from '@ocore/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import { callApi, launchChromium, openSignedIn, signUp } from './testing/browser-harness';
import { addLocalServer, freePort, removeProvisioned, startDockerApp, testImages } from './testing/docker-instance';

/*
 * An agency's operator, in a client organization with no servers of its own, creates an Odoo
 * instance from the dashboard on the agency's server (the local engine: the Odoo stand-in, the
 * shared PostgreSQL, the proxy on loopback). The page follows it to `running` without a reload
 * and shows its URL, which answers through the proxy; Stop and Start are followed the same way.
 * Run it under the engine lock:
 * `flock /tmp/ocore-docker.lock npx vitest run src/instance-lifecycle.docker.browser.test.ts`.
 */

warnIfSkipped('instance-lifecycle.docker.browser.test');

const baseDomain = 'apps.test';

/** The status code the proxy answers for `hostname` (Host header) on loopback. */
function throughProxy(port: number, hostname: string, path = '/web/health'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: hostname } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

const containerStatus = (name: string) =>
  execFileSync('docker', ['inspect', '-f', '{{.State.Status}}', name], { stdio: ['pipe', 'pipe', 'pipe'] })
    .toString()
    .trim();

describe.skipIf(!runsInBrowser)('an instance created from the dashboard, on a real engine', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let proxyPort: number;
  let operatorToken: string;
  let instanceId = '';
  const pageErrors: string[] = [];
  const details = () => page.locator('dl.details');
  const status = () => details().locator('[data-status]').getAttribute('data-status');
  const actions = () => page.getByRole('group', { name: 'Actions on Acme Shop' });
  /** True while the page is the one loaded at the start: nothing reloaded it. */
  const sameDocument = () => page.evaluate(() => (window as { ocoreTestMark?: boolean }).ocoreTestMark === true);

  beforeAll(async () => {
    proxyPort = await freePort();
    app = await startDockerApp({
      OCORE_INSTANCE_BASE_DOMAIN: baseDomain,
      OCORE_PROXY_IMAGE: testImages.nginx,
      OCORE_PROXY_HOST_IP: '127.0.0.1',
      OCORE_PROXY_HTTP_PORT: String(proxyPort),
    });
    const ownerToken = await signUp(app.url, { name: 'Olga Operator', email: 'olga.lifecycle@example.com' });
    await callApi(app.url, '/agency/enable', { method: 'POST', token: ownerToken });
    // The agency's server; the client has none of its own.
    await addLocalServer(app.url, ownerToken, 'agency-box');
    const client = await callApi(app.url, '/agency/clients', {
      method: 'POST',
      token: ownerToken,
      body: { name: 'Acme Corp' },
    });
    const switched = await callApi(app.url, '/auth/switch-org', {
      method: 'POST',
      token: ownerToken,
      body: { organizationId: (client.body as { id: string }).id },
    });
    operatorToken = (switched.body as { token: string }).token;
    browser = await launchChromium();
    page = await openSignedIn(browser, app.url, operatorToken, pageErrors);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    removeProvisioned([instanceId]);
  }, 60_000);

  it("creates the instance on the agency's server; it reaches running live and shows its URL", async () => {
    await page.goto(`${app.url}/instances`);
    await page.getByText('No instances yet').waitFor();
    await page.evaluate(() => ((window as { ocoreTestMark?: boolean }).ocoreTestMark = true));
    const server = page.getByLabel('Server');
    expect(await server.locator('option').allTextContents()).toEqual([
      expect.stringMatching(/^agency-box \(\w+, the agency’s\)$/),
    ]);
    await page.getByLabel('Name', { exact: true }).fill('Acme Shop');
    await page.getByLabel('Odoo version').selectOption('18.0');
    await page.getByLabel('Workers').fill('1');
    await page.getByLabel('Memory limit (MB)').fill('1024');
    await page.getByRole('button', { name: 'Create instance' }).click();

    await page.getByRole('heading', { level: 1, name: 'Acme Shop' }).waitFor();
    instanceId = /\/instances\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    expect(instanceId).not.toBe('');
    // Pushed over the WebSocket: the provision's steps, then running.
    const log = page.getByRole('list', { name: 'Log of the provision' });
    await expect.poll(() => log.textContent(), { timeout: 60_000 }).toContain('[create Odoo container]');
    await expect.poll(status, { timeout: 180_000, interval: 500 }).toBe('running');
    expect(await log.textContent()).toContain('[wait for /web/health]');
    expect(await page.locator('.operation').first().textContent()).toContain('succeeded');
    const url = `http://acme-shop.${baseDomain}:${proxyPort}`;
    expect(await details().getByRole('link', { name: /visit/ }).getAttribute('href')).toBe(url);
    expect(await details().textContent()).toContain('agency-box');
    expect(await details().textContent()).toContain('1024 MB');
    expect(await sameDocument()).toBe(true);
    // The URL answers: the hostname through the server's proxy, as curl --resolve would.
    await expect
      .poll(() => throughProxy(proxyPort, `acme-shop.${baseDomain}`).catch(() => -1), { timeout: 10_000 })
      .toBe(200);
    expect(await throughProxy(proxyPort, `acme-shop.${baseDomain}`, '/web/login')).toBe(200);
  });

  it('stops it by its button: the status follows live, and the container and hostname stop answering', async () => {
    await actions().getByRole('button', { name: /^Stop/ }).click();
    await page.getByRole('list', { name: 'Log of the stop' }).waitFor({ timeout: 30_000 });
    await expect.poll(status, { timeout: 60_000, interval: 250 }).toBe('stopped');
    expect(containerStatus(runtimeNames({ id: instanceId, organizationId: '' }).container)).toBe('exited');
    // The proxy reloads its routes as the instance stops: a request at that instant may be cut.
    await expect
      .poll(() => throughProxy(proxyPort, `acme-shop.${baseDomain}`).catch(() => -1), { timeout: 10_000 })
      .toBe(503);
    // What a stopped instance allows: Start (and Redeploy), no Stop.
    await actions()
      .getByRole('button', { name: /^Start/ })
      .waitFor();
    expect(await actions().getByRole('button', { name: /^Stop/ }).count()).toBe(0);
    expect(await sameDocument()).toBe(true);
  });

  it('starts it by its button: running again, followed live, answering again', async () => {
    await actions()
      .getByRole('button', { name: /^Start/ })
      .click();
    await page.getByRole('list', { name: 'Log of the start' }).waitFor({ timeout: 30_000 });
    await expect.poll(status, { timeout: 120_000, interval: 250 }).toBe('running');
    expect(containerStatus(runtimeNames({ id: instanceId, organizationId: '' }).container)).toBe('running');
    // As after the stop: the proxy's reload may cut a request at that instant (nginx closes the
    // connections its old workers accepted but had not read yet).
    await expect
      .poll(() => throughProxy(proxyPort, `acme-shop.${baseDomain}`).catch(() => -1), { timeout: 10_000 })
      .toBe(200);
    await actions().getByRole('button', { name: /^Stop/ }).waitFor();
    const operations = (await callApi(app.url, `/instances/${instanceId}/operations`, { token: operatorToken }))
      .body as { items: { kind: string; status: string }[] };
    expect(operations.items.map((o) => `${o.kind} ${o.status}`)).toEqual([
      'start succeeded',
      'stop succeeded',
      'provision succeeded',
    ]);
    // The list page, reached by its link, says the same.
    await page.getByRole('link', { name: '← All instances' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Acme Shop' });
    await expect.poll(() => row.locator('[data-status]').first().getAttribute('data-status')).toBe('running');
    expect(await row.getByRole('link', { name: /visit/ }).getAttribute('href')).toBe(
      `http://acme-shop.${baseDomain}:${proxyPort}`,
    );
    expect(await sameDocument()).toBe(true);
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
