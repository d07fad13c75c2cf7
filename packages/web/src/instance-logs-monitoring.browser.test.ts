/// <reference types="node" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import { startInfrastructureSuite, type InfrastructureSuite } from './testing/infrastructure-suite';

/*
 * The instance logs and monitoring pages in headless Chromium, against the real server. The
 * instance's server takes no SSH (a listener without keys): its provision fails at "connect to
 * server", so the log shows the operation's lines and says why the Odoo log could not be read.
 * A container's lines reaching a follower are the docker test's (logs-monitoring.docker.int.test.ts).
 */

warnIfSkipped('instance-logs-monitoring.browser.test');

describe.skipIf(!runsInBrowser)('instance logs and monitoring in Chromium', () => {
  let suite: InfrastructureSuite;
  let page: Page;
  let instanceId: string;

  beforeAll(async () => {
    suite = await startInfrastructureSuite({ name: 'Lola Logs', email: 'lola.logs@example.com' });
    ({ page } = suite);
    const serverId = await suite.addServer('web-1');
    const created = await suite.api('/instances', {
      method: 'POST',
      body: { serverId, name: 'Shop', odooVersion: '18.0', workers: 1 },
    });
    instanceId = created.instanceId;
    for (let i = 0; i < 100; i++) {
      if ((await suite.api(`/instances/${instanceId}`)).status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(() => suite?.close());

  it("shows the operations' lines, filters them, and says why the Odoo log is missing", async () => {
    await page.goto(`${suite.app.url}/instances/${instanceId}/logs`);
    await page.getByRole('heading', { level: 1, name: 'Instance logs' }).waitFor();
    const log = page.getByRole('log', { name: 'Instance log' });
    await log.getByText('connect to server').first().waitFor();
    expect(await page.locator('.alert-warning').textContent()).toContain('could not be asked for the Odoo log');
    expect(await page.getByLabel('Follow new lines').isDisabled()).toBe(true);

    await page.getByLabel('Lowest level').selectOption('ERROR');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // Until the filtered page replaces the one shown, lines of every level are still there.
    const levels = () => log.locator('.log-line').evaluateAll((l) => l.map((e) => e.getAttribute('data-level')));
    await expect
      .poll(async () => {
        const shown = await levels();
        return shown.length > 0 && shown.every((level) => level === 'ERROR' || level === 'CRITICAL');
      })
      .toBe(true);
    expect(await levels()).toContain('ERROR');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download' }).click();
    const file = await (await download).path();
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(file, 'utf8')).toContain('[operation]');
  });

  it('shows the monitoring page with its charts and no uptime yet', async () => {
    await page.goto(`${suite.app.url}/instances/${instanceId}/monitoring`);
    await page.getByRole('heading', { level: 1, name: 'Instance monitoring' }).waitFor();
    await page.getByText('No points in this range yet').waitFor();
    expect(await page.getByTestId('uptime').textContent()).toBe('Uptime: no checks yet');
    expect(await page.locator('[data-chart]').count()).toBe(5);
    await page.getByLabel('Range').selectOption({ label: 'Last month' });
    await page.getByText('No points in this range yet').waitFor();
    expect(suite.pageErrors).toEqual([]);
  });
});
