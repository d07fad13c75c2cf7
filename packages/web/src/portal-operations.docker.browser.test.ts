/// <reference types="node" />
import { readFile } from 'node:fs/promises';
import { runtimeNames, type PortalFeature } from '@ocore/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import {
  callApi,
  inviteAndAccept,
  launchChromium,
  openSignedIn,
  signUp,
  testPassword,
} from './testing/browser-harness';
import { containerOf, docker, startClientOnInstance, type ClientOnInstance } from './testing/docker-instance';

/*
 * The client portal's Logs, Monitoring, Terminal and Odoo shell (#22 §8) in headless Chromium,
 * on one real instance of the local engine (the Odoo stand-in): a client's member, on the
 * agency's branded portal host, follows a line written in the container, filters and downloads
 * the log, reads the charts and the uptime, types in the terminal and the Odoo shell; breakouts
 * are refused; with each switch off the portal's page and the API refuse them, never the
 * agency's operator on the dashboard. Run it under the docker lock:
 * `flock /tmp/ocore-docker.lock npx vitest run src/portal-operations.docker.browser.test.ts`.
 */

warnIfSkipped('portal-operations.docker.browser.test');

const carl = { name: 'Carl Client', email: 'carl.ops@example.com' };
const gina = { name: 'Gina Globex', email: 'gina.ops@example.com' };
const primary = { hex: '#1e1b4b', rgb: 'rgb(30, 27, 75)' };

/** An Odoo log line as the server writes it: time, pid, level, database, logger, message. */
function odooLine(level: string, message: string): string {
  const at = new Date().toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
  return `${at} 1 ${level} db odoo.portal: ${message}`;
}

describe.skipIf(!runsInBrowser)('the portal logs, monitoring, terminal and Odoo shell in Chromium', () => {
  let suite: ClientOnInstance;
  let browser: Browser;
  /** The client's member on the portal's own host. */
  let portal: Page;
  /** The agency's operator on the dashboard. */
  let dashboard: Page;
  let portalUrl = '';
  let ginaToken = '';
  const pageErrors: string[] = [];
  const id = () => suite.instanceId;
  const as = (token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    callApi(suite.app.url, path, { token, ...init });

  beforeAll(async () => {
    suite = await startClientOnInstance({
      owner: { name: 'Ada Agency', email: 'ada.ops@example.com' },
      member: carl,
      role: 'Admin',
      env: { OCORE_PORTAL_BASE_DOMAIN: 'portal.test' },
    });
    const agency = async (path: string, method: string, body: unknown) => {
      const answer = await as(suite.ownerToken, path, { method, body });
      if (answer.status >= 400) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body as { id: string; token: string };
    };
    await agency('/agency/portal-domains', 'POST', { subdomain: 'acme', clientOrgId: suite.clientId });
    await agency('/agency/branding', 'PUT', { primaryColor: primary.hex, footerText: 'Looked after by Ada Agency' });
    // Another client of the same agency, with a member of its own.
    const globex = await agency('/agency/clients', 'POST', { name: 'Globex' });
    const globexOperator = (await agency('/auth/switch-org', 'POST', { organizationId: globex.id })).token;
    await signUp(suite.app.url, gina);
    ginaToken = await inviteAndAccept(suite.app, globexOperator, { ...gina, password: testPassword, role: 'Admin' });

    portalUrl = `http://acme.portal.test:${new URL(suite.app.url).port}`;
    browser = await launchChromium(['--host-resolver-rules=MAP *.portal.test 127.0.0.1']);
    portal = await openSignedIn(browser, portalUrl, suite.memberToken, pageErrors);
    dashboard = await openSignedIn(browser, suite.app.url, suite.operatorToken, pageErrors);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await suite?.close();
  }, 60_000);

  /** Writes a line to the Odoo container's stdout, as Odoo's own logging would. */
  const writeLine = (line: string) => docker('exec', containerOf(id()), 'sh', '-c', `echo '${line}' > /proc/1/fd/1`);

  /** Opens a portal page, checks it wears the agency's brand, and picks the instance. */
  async function openOnInstance(path: string, title: string) {
    await portal.goto(`${portalUrl}${path}`);
    await portal.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await portal.locator('.portal-name').textContent()).toBe('Acme Corp');
    const header = portal.locator('.portal-header');
    expect(await header.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(primary.rgb);
    await portal.getByLabel('Instance', { exact: true }).selectOption(id());
  }

  const screen = (page: Page) => page.locator('.xterm-rows');

  /** Types a line into the terminal on `page` once its session is open. */
  async function typeLine(page: Page, line: string) {
    await page.getByText('Connected', { exact: true }).waitFor();
    await page.locator('.terminal-frame').click();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  }

  it('follows a line written in the container live, filters by level and search, and downloads the log', async () => {
    await openOnInstance('/logs', 'Logs');
    const log = portal.getByRole('log', { name: 'Instance log' });
    await portal.locator('main .live[data-status="live"]').waitFor();
    expect(await portal.getByLabel('Follow new lines').isChecked()).toBe(true);

    const marker = `portal-marker-${Date.now()}`;
    const warning = odooLine('WARNING', `${marker} stock is low`);
    const info = odooLine('INFO', `${marker} stock was counted`);
    writeLine(warning);
    writeLine(info);
    // Live: the page is not reloaded, the lines come through the subscription.
    await log.getByText(warning, { exact: true }).waitFor();
    await log.getByText(info, { exact: true }).waitFor();
    await expect.poll(() => log.locator('.log-line', { hasText: warning }).getAttribute('data-level')).toBe('WARNING');

    await portal.getByLabel('Search').fill(marker);
    await portal.getByLabel('Lowest level').selectOption('WARNING');
    await portal.getByRole('button', { name: 'Apply filters' }).click();
    // Until the filtered page replaces the one shown, the other lines are still there.
    const shown = () => log.locator('.log-text').allTextContents();
    await expect.poll(shown).toEqual([warning]);

    const download = portal.waitForEvent('download');
    await portal.getByRole('button', { name: 'Download' }).click();
    const file = await readFile(await (await download).path(), 'utf8');
    expect(file).toContain(warning);
    expect(file).not.toContain(info);
    expect(pageErrors).toEqual([]);
  });

  it('draws the charts with samples and shows the uptime', async () => {
    await openOnInstance('/monitoring', 'Monitoring');
    expect(await portal.locator('[data-chart]').count()).toBe(5);
    // The sampling job (the schedule's, or this one: one round) stores a point; it reaches the page live.
    await suite.app.jobs!.boss.send('instance-metrics', { rounds: 1 });
    const uptime = portal.getByTestId('uptime');
    await expect.poll(() => uptime.textContent(), { timeout: 30_000 }).toMatch(/^Uptime: \d+\.\d\d %$/);
    expect(await portal.getByText('No points in this range yet').count()).toBe(0);
    const metrics = (await as(suite.memberToken, `/instances/${id()}/metrics`)).body as {
      samples: { memoryBytes: number | null }[];
      uptime: number;
    };
    expect(metrics.samples.length).toBeGreaterThan(0);
    // The stand-in answers its health check: some of the time up, at least.
    expect(metrics.uptime).toBeGreaterThan(0);
    expect(await uptime.textContent()).toBe(`Uptime: ${(metrics.uptime * 100).toFixed(2)} %`);
    // Over the memory chart, its legend reads the point's value.
    const memory = portal.locator('[data-chart="Memory"]');
    await memory.locator('.u-over').hover();
    await expect.poll(() => memory.locator('.u-legend').textContent()).toMatch(/Used\s*[\d.]+ [KMG]?B/);
    expect(pageErrors).toEqual([]);
  });

  it('runs a command typed in the terminal, and refuses the ways out', async () => {
    await openOnInstance('/terminal', 'Terminal');
    await typeLine(portal, 'echo portal-$((40+2))');
    await screen(portal).getByText('portal-42', { exact: true }).waitFor();
    await typeLine(portal, 'id -un');
    await screen(portal).getByText('odoo', { exact: true }).waitFor();
    // Inside the instance's container: the engine's socket is not there to reach the host with.
    await typeLine(portal, 'test -e /var/run/docker.sock && echo host-reachable || echo no-host-socket');
    await screen(portal).getByText('no-host-socket', { exact: true }).waitFor();

    // Another client's member asking for a session on this instance is told it does not exist.
    const elsewhere = await as(ginaToken, `/instances/${id()}/terminal`, { method: 'POST', body: { kind: 'shell' } });
    expect(elsewhere).toMatchObject({ status: 404, body: { error: 'NOT_FOUND' } });
    // What a session runs and where is never the caller's to choose.
    for (const extra of [
      { privileged: true },
      { user: 'root' },
      { command: ['/bin/sh'] },
      { container: 'ocore-postgres' },
    ]) {
      const refused = await as(suite.memberToken, `/instances/${id()}/terminal`, {
        method: 'POST',
        body: { kind: 'shell', ...extra },
      });
      expect(refused, JSON.stringify(extra)).toMatchObject({ status: 400, body: { error: 'INVALID_INPUT' } });
    }
    // The dashboard's terminal page is no page of the portal.
    await portal.goto(`${portalUrl}/instances/${id()}/terminal`);
    await portal.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('runs an expression in the Odoo shell and shows its result', async () => {
    await openOnInstance('/odoo-shell', 'Odoo shell');
    await typeLine(portal, 'print(env.cr.dbname, 6 * 7)');
    await portal.keyboard.press('Control+D');
    const database = runtimeNames({ id: id(), organizationId: '' }).database;
    await screen(portal).getByText(`${database} 42`, { exact: true }).waitFor();
    await portal.getByText('The session ended (exit code 0).').waitFor();
    expect(pageErrors).toEqual([]);
  });

  /** What the operator does on the dashboard while the switch is off for the client. */
  const onDashboard: Record<
    Extract<PortalFeature, 'featureLogs' | 'featureMonitoring' | 'featureTerminal' | 'featureOdooShell'>,
    {
      label: string;
      path: string;
      refusedApi: { path: string; method?: string; body?: unknown }[];
      run: () => Promise<void>;
    }
  > = {
    featureLogs: {
      label: 'Logs',
      path: '/logs',
      refusedApi: [{ path: 'logs' }, { path: 'logs/download' }],
      run: async () => {
        await dashboard.goto(`${suite.app.url}/instances/${id()}/logs`);
        await dashboard.getByRole('heading', { level: 1, name: 'Instance logs' }).waitFor();
        await dashboard.locator('main .live[data-status="live"]').waitFor();
        const line = odooLine('INFO', `operator-marker-${Date.now()}`);
        writeLine(line);
        await dashboard.getByRole('log', { name: 'Instance log' }).getByText(line, { exact: true }).waitFor();
      },
    },
    featureMonitoring: {
      label: 'Monitoring',
      path: '/monitoring',
      refusedApi: [{ path: 'metrics' }],
      run: async () => {
        await dashboard.goto(`${suite.app.url}/instances/${id()}/monitoring`);
        await dashboard.getByRole('heading', { level: 1, name: 'Instance monitoring' }).waitFor();
        await expect.poll(() => dashboard.getByTestId('uptime').textContent()).toMatch(/^Uptime: \d+\.\d\d %$/);
      },
    },
    featureTerminal: {
      label: 'Terminal',
      path: '/terminal',
      refusedApi: [{ path: 'terminal', method: 'POST', body: { kind: 'shell' } }],
      run: async () => {
        await dashboard.goto(`${suite.app.url}/instances/${id()}/terminal`);
        await typeLine(dashboard, 'echo operator-$((6*7))');
        await screen(dashboard).getByText('operator-42', { exact: true }).waitFor();
      },
    },
    featureOdooShell: {
      label: 'Odoo shell',
      path: '/odoo-shell',
      refusedApi: [{ path: 'terminal', method: 'POST', body: { kind: 'odoo' } }],
      run: async () => {
        await dashboard.goto(`${suite.app.url}/instances/${id()}/shell`);
        await typeLine(dashboard, 'print("operator", 6 * 7)');
        await dashboard.keyboard.press('Control+D');
        await screen(dashboard).getByText('operator 42', { exact: true }).waitFor();
      },
    },
  };

  it.each(Object.keys(onDashboard) as (keyof typeof onDashboard)[])(
    'with %s off refuses the client in the portal and the API, never the operator on the dashboard',
    async (feature) => {
      const { label, path, refusedApi, run } = onDashboard[feature];
      const portalConfig = (body: Record<string, boolean>) =>
        as(suite.ownerToken, '/agency/portal-config', { method: 'PUT', body });
      // The client has the page open, on the instance, when the agency switches it off.
      await openOnInstance(path, label);
      const isSession = feature === 'featureTerminal' || feature === 'featureOdooShell';
      await (
        isSession ? portal.getByText('Connected', { exact: true }) : portal.locator('main .live[data-status="live"]')
      ).waitFor();
      const menu = portal.getByRole('navigation', { name: 'Main' });
      await menu.getByRole('link', { name: label, exact: true }).waitFor();
      expect((await portalConfig({ [feature]: false })).status).toBe(200);
      try {
        // The agency's change reaches the open portal: the page and its menu link go.
        await portal.getByRole('heading', { name: 'Page not found' }).waitFor();
        await menu.getByRole('link', { name: label, exact: true }).waitFor({ state: 'detached' });
        // And so on a fresh visit.
        await portal.goto(`${portalUrl}${path}`);
        await portal.getByRole('heading', { name: 'Page not found' }).waitFor();
        await menu.getByRole('link', { name: 'Home', exact: true }).waitFor();
        expect(await menu.getByRole('link', { name: label, exact: true }).count()).toBe(0);
        for (const call of refusedApi) {
          const refused = await as(suite.memberToken, `/instances/${id()}/${call.path}`, call);
          expect(refused, call.path).toMatchObject({ status: 403, body: { error: 'FEATURE_DISABLED', feature } });
        }
        await run();
      } finally {
        expect((await portalConfig({ [feature]: true })).status).toBe(200);
      }
      expect(pageErrors).toEqual([]);
    },
    90_000,
  );
});
