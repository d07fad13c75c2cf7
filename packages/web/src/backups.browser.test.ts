/// <reference types="node" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import { startInfrastructureSuite, type InfrastructureSuite } from './testing/infrastructure-suite';

/*
 * The backup destinations page and an instance's Backups page in headless Chromium, against the
 * real server. The instance's server takes no SSH, so a backup fails at once, saying why: the
 * list shows it live, and an import is refused beside the field it names. A backup that
 * completes is the docker test's (backup-restore.docker.int.test.ts).
 */

warnIfSkipped('backups.browser.test');

describe.skipIf(!runsInBrowser)('backups in Chromium', () => {
  let suite: InfrastructureSuite;
  let page: Page;
  let instanceId: string;

  beforeAll(async () => {
    suite = await startInfrastructureSuite({ name: 'Bob Backups', email: 'bob.backups@example.com' });
    ({ page } = suite);
    const serverId = await suite.addServer('web-1');
    const created = await suite.api('/instances', {
      method: 'POST',
      body: { serverId, name: 'Shop', odooVersion: '18.0', workers: 1 },
    });
    instanceId = created.instanceId;
  });

  afterAll(() => suite?.close());

  it('adds a destination and makes it the default', async () => {
    await page.goto(`${suite.app.url}/backup-destinations`);
    await page.getByRole('heading', { level: 1, name: 'Backup destinations' }).waitFor();
    await page.getByLabel('Name').fill('Disk');
    await page.getByLabel('Server', { exact: true }).selectOption({ label: 'web-1' });
    await page.getByLabel('Directory on the server').fill('/var/backups/ocore');
    await page.getByRole('button', { name: 'Add destination' }).click();
    const row = page.getByRole('row', { name: /Disk/ });
    await row.getByText('server disk: /var/backups/ocore').waitFor();
    await row.getByRole('button', { name: 'Make default' }).click();
    await row.getByText('default', { exact: true }).waitFor();
  });

  it('sets a schedule with a preview of its runs, and shows a backup failing live with the reason', async () => {
    await page.goto(`${suite.app.url}/instances/${instanceId}/backups`);
    await page.getByRole('heading', { level: 1, name: 'Instance backups' }).waitFor();
    expect(await page.getByTestId('last-successful-backup').textContent()).toBe('Last successful backup: never');
    await page.getByTestId('schedule-status').getByText('No schedule yet.').waitFor();
    await page.getByLabel('Cron').fill('61 * * * *');
    await page
      .getByTestId('cron-preview')
      .getByText(/^Not a valid cron expression/)
      .waitFor();
    await page.getByLabel('Cron').fill('0 3 * * *');
    await page.getByLabel('Time zone').fill('UTC');
    expect(await page.getByTestId('cron-preview').textContent()).toMatch(/^Next runs \(UTC\): .+, .+, .+/);
    await page.getByLabel('Daily backups kept').fill('5');
    await page.getByLabel('Restore drill schedule').fill('0 5 * * 0');
    expect(await page.getByTestId('drill-preview').textContent()).toMatch(/^Next runs \(UTC\): /);
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page
      .getByTestId('schedule-status')
      .getByText(/^On; next run .+; next restore drill /)
      .waitFor();

    await page.getByRole('button', { name: 'Back up now' }).click();
    const table = page.getByRole('table', { name: 'Backups' });
    await table.getByText('failed', { exact: true }).waitFor();
    expect(await table.getByRole('row').count()).toBe(2);
    expect(await table.getByRole('button', { name: 'Download' }).count()).toBe(0);
    await table.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).last().click();
    await page.getByText('No backups yet.').waitFor();
    expect(suite.pageErrors).toEqual([]);
  });

  it('imports a backup file, showing each refusal beside the file field', async () => {
    await page.goto(`${suite.app.url}/instances/${instanceId}/backups`);
    await page.getByRole('heading', { level: 1, name: 'Instance backups' }).waitFor();
    await page.getByLabel('Backup file').setInputFiles({
      name: 'odoo-sh.zip',
      mimeType: 'application/zip',
      buffer: Buffer.alloc(2 * 1024 * 1024, 1),
    });
    await page.getByRole('button', { name: 'Import a backup' }).click();
    await page.getByRole('button', { name: 'Import and restore' }).click();
    const fileField = page.locator('.field-invalid', { has: page.getByLabel('Backup file') });
    await fileField.getByText(/^a \w+ instance cannot be restored in place; start it first$/).waitFor();

    // Running, the upload goes to the default destination, whose server has no SSH credentials.
    await suite.app.deps.store.instances.update(instanceId, { status: 'running' });
    await page.getByRole('button', { name: 'Import and restore' }).click();
    const destinationField = page.locator('.field-invalid', { has: page.getByLabel('Keep the upload at') });
    await destinationField.getByText(/^Disk cannot be used: server web-1 has no SSH key or password/).waitFor();

    // A server with a password where nothing listens: the upload streams until the store fails.
    const other = await suite.api('/servers', {
      method: 'POST',
      body: {
        name: 'web-2',
        host: '127.0.0.1',
        port: 1,
        sshUser: 'root',
        sshPassword: 'not used',
        capacity: { cpuCores: 1, memoryMb: 1024, maxInstances: 1 },
      },
    });
    await suite.api('/backup-destinations', {
      method: 'POST',
      body: { name: 'Closed', kind: 'server', server: { serverId: other.id, directory: '/b' } },
    });
    await page.reload();
    await page.getByLabel('Backup file').setInputFiles({
      name: 'odoo-sh.zip',
      mimeType: 'application/zip',
      buffer: Buffer.alloc(2 * 1024 * 1024, 1),
    });
    await page.getByLabel('Keep the upload at').selectOption({ label: 'Closed (server)' });
    await page.getByRole('button', { name: 'Import a backup' }).click();
    await page.getByRole('button', { name: 'Import and restore' }).click();
    await fileField.getByText(/^the upload could not be stored: /).waitFor();
    await page.getByText('No backups yet.').waitFor();
    expect(suite.pageErrors).toEqual([]);
  });
});
