/// <reference types="node" />
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '@ocore/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import { callApi, launchChromium, openSignedIn, signUp } from './testing/browser-harness';
import { createLocalInstance, removeProvisioned, startDockerApp, waitUntilRunning } from './testing/docker-instance';
import { startLoopbackS3Destination, type LoopbackS3Destination } from './testing/s3-destination';

/*
 * An instance's Backups tab in headless Chromium, on a real instance of the local engine (the
 * Odoo stand-in, the shared PostgreSQL) backed up to an S3-compatible server on loopback
 * (s3rver): "Back up now" goes from running to completed live, the download is the backup's
 * bytes, a drill marks the backup verified, a restore in place takes its safety backup and
 * shows its steps live until it succeeds, and a restore as new opens the new instance, which
 * reaches running live. Run it under the docker lock:
 * `flock /tmp/ocore-docker.lock npx vitest run src/backups.docker.browser.test.ts`.
 */

warnIfSkipped('backups.docker.browser.test');

describe.skipIf(!runsInBrowser)('the Backups tab on a real instance in Chromium', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let token = '';
  let s3: LoopbackS3Destination | undefined;
  let downloads = '';
  const instanceIds: string[] = [];
  const pageErrors: string[] = [];
  const backups = () => page.getByRole('table', { name: 'Backups' });
  const restores = () => page.getByRole('table', { name: 'Restores' });
  const api = (path: string) => callApi(app.url, path, { token });

  beforeAll(async () => {
    app = await startDockerApp();
    token = await signUp(app.url, { name: 'Bea Backups', email: 'bea.backups@example.com' });
    instanceIds.push(await createLocalInstance(app, token, 'Shop'));
    downloads = await mkdtemp(join(tmpdir(), 'ocore-backups-downloads-'));
    s3 = await startLoopbackS3Destination(app.url, token);
    await waitUntilRunning(app, token, instanceIds[0]!);
    browser = await launchChromium();
    page = await openSignedIn(browser, app.url, token, pageErrors);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    removeProvisioned(instanceIds);
    await s3?.close();
    if (downloads) await rm(downloads, { recursive: true, force: true });
  }, 60_000);

  it('backs up now: the row goes from running to completed live, and downloads the same bytes', async () => {
    await page.goto(`${app.url}/instances/${instanceIds[0]}/backups`);
    await page.getByText('No backups yet.').waitFor();
    await page.getByRole('button', { name: 'Back up now' }).click();
    const row = backups().getByRole('row').nth(1);
    await row.getByText('completed').waitFor({ timeout: 120_000 });
    const listed = (await api(`/instances/${instanceIds[0]}/backups`)).body as {
      items: { id: string; sizeBytes: number }[];
    };
    const [backup] = listed.items;
    expect(backup?.sizeBytes).toBeGreaterThan(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'Download' }).click(),
    ]);
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    expect((await stat(file)).size).toBe(backup?.sizeBytes);
  }, 180_000);

  it('verifies a backup: the drill shows in the restores, and the backup reads verified', async () => {
    const row = backups().getByRole('row').nth(1);
    await row.getByRole('button', { name: 'Verify' }).click();
    await row.getByText('Drill queued').waitFor();
    await row.getByText(/^Verified /).waitFor({ timeout: 180_000 });
    const drill = restores().getByRole('row').nth(1);
    await drill.getByText('Restore drill').waitFor();
    await drill.getByText('succeeded').waitFor();
  }, 240_000);

  it('restores in place after a safety backup, its steps shown live until it succeeds', async () => {
    const row = backups().getByRole('row').nth(1);
    await row.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.getByRole('button', { name: 'Restore in place' }).click();
    const restore = restores().getByRole('row').filter({ hasText: 'Restore in place' });
    // Live, without a reload: a step under way first, then the outcome.
    await restore.getByText(/running|queued/).waitFor({ timeout: 60_000 });
    await restore.getByText('succeeded').waitFor({ timeout: 240_000 });
    await restore.getByText('taken first').waitFor();
    await backups()
      .getByText(/before restoring backup/)
      .waitFor();
    expect((await api(`/instances/${instanceIds[0]}`)).body).toMatchObject({ status: 'running' });
  }, 300_000);

  it('restores as a new instance, opening its page, which reaches running live', async () => {
    const row = backups().getByRole('row').filter({ hasNotText: 'before restoring' }).last();
    await row.getByRole('button', { name: 'Restore as new' }).click();
    await row.getByLabel('Name of the new instance').fill('Shop copy');
    await row.getByRole('button', { name: 'Restore as new instance' }).click();
    await page.waitForURL(/\/instances\/[0-9a-f-]+$/);
    const copyId = page.url().split('/').at(-1) ?? '';
    expect(copyId).not.toBe(instanceIds[0]);
    instanceIds.push(copyId);
    await page.getByRole('heading', { name: 'Shop copy' }).waitFor();
    await page.getByText('running', { exact: true }).first().waitFor({ timeout: 240_000 });
    expect((await api(`/instances/${copyId}`)).body).toMatchObject({ status: 'running', name: 'Shop copy' });
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
