/// <reference types="node" />
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '@ocore/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import { callApi, launchChromium, openSignedIn } from './testing/browser-harness';
import { removeProvisioned, startClientOnInstance, type ClientOnInstance } from './testing/docker-instance';
import { startLoopbackS3Destination, type LoopbackS3Destination } from './testing/s3-destination';

/*
 * The client portal's File editor, Databases and Backups pages in headless Chromium, on a real
 * instance of the local engine (the Odoo stand-in, the shared PostgreSQL): a client member edits
 * a file in CodeMirror, meets the conflict check, uploads and downloads, works on the databases
 * (the safety backup before a drop goes to an S3-compatible server on loopback, s3rver), backs
 * the instance up and restores it in place, both followed live; with a switch off the page and
 * the API refuse them, never the agency's operator on the dashboard. The Backups tests share
 * this file's instance and destination rather than provisioning their own (the Docker browser
 * files run one after the other in CI). Run it under the docker lock:
 * `flock /tmp/ocore-docker.lock npx vitest run src/portal-files-databases.docker.browser.test.ts`.
 */

warnIfSkipped('portal-files-databases.docker.browser.test');

const carl = { name: 'Carl Client', email: 'carl.files@example.com' };

describe.skipIf(!runsInBrowser)('the portal file editor and databases in Chromium', () => {
  let suite: ClientOnInstance;
  let app: App;
  let browser: Browser;
  let portal: Page;
  /** The agency's operator on the dashboard. */
  let dashboard: Page;
  let ownerToken: string;
  let operatorToken: string;
  let carlToken: string;
  let instanceId = '';
  let s3: LoopbackS3Destination | undefined;
  /** Instances the tests make beyond the suite's own (a restore as new). */
  const madeIds: string[] = [];
  const pageErrors: string[] = [];
  const as = async (token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    callApi(app.url, path, { token, ...init });

  beforeAll(async () => {
    suite = await startClientOnInstance({
      owner: { name: 'Fay Files', email: 'fay.files@example.com' },
      member: carl,
      role: 'Admin',
    });
    ({ app, ownerToken, operatorToken, instanceId, memberToken: carlToken } = suite);
    // The organization's default backup destination: destructive database actions back up there first.
    s3 = await startLoopbackS3Destination(app.url, operatorToken);
    browser = await launchChromium();
    portal = await openSignedIn(browser, app.url, carlToken, pageErrors);
    dashboard = await openSignedIn(browser, app.url, operatorToken, pageErrors);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await suite?.close();
    removeProvisioned(madeIds);
    await s3?.close();
  }, 60_000);

  const switchFeature = async (body: Record<string, boolean>) =>
    expect((await as(ownerToken, '/agency/portal-config', { method: 'PUT', body })).status).toBe(200);

  /** The page is not found and the menu does not offer it; the API answers 403 naming the switch. */
  async function expectRefused(path: string, label: string, apiPath: string, feature: string) {
    await portal.goto(`${app.url}${path}`);
    await portal.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await portal.getByRole('navigation', { name: 'Main' }).getByText(label, { exact: true }).count()).toBe(0);
    const refused = await as(carlToken, apiPath);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain(feature);
    expect((await as(operatorToken, apiPath)).status).toBe(200);
  }

  it('refuses the file editor to a client member while featureFileEditor is off, never the operator', async () => {
    await switchFeature({ featureFileEditor: false });
    await expectRefused('/file-editor', 'File editor', `/instances/${instanceId}/files`, 'featureFileEditor');
    const write = await as(operatorToken, `/instances/${instanceId}/files/content`, {
      method: 'PUT',
      body: { path: 'by_operator.py', content: 'x = 1\n', expectedVersion: null },
    });
    expect(write.status).toBe(200);
  });

  it('with featureFileEditor on, edits a file in CodeMirror, meets a conflict, uploads and downloads', async () => {
    await switchFeature({ featureFileEditor: true });
    await portal.goto(`${app.url}/file-editor`);
    await portal.getByRole('heading', { level: 1, name: 'File editor' }).waitFor();
    const files = portal.getByRole('list', { name: 'Files' });
    await files.getByRole('button', { name: /extra-addons/ }).click();
    await files.getByRole('button', { name: 'by_operator.py', exact: true }).waitFor();

    await portal.getByLabel('New file or folder name').fill('hello.py');
    await portal.getByRole('button', { name: 'New file' }).click();
    await files.getByRole('button', { name: 'hello.py', exact: true }).click();
    const editor = portal.getByRole('textbox', { name: 'Contents of /mnt/extra-addons/hello.py' });
    await editor.click();
    await portal.keyboard.type('print("from the portal")');
    await portal.getByRole('button', { name: 'Save', exact: true }).click();
    await portal.getByText('Saved.').waitFor();
    const path = encodeURIComponent('/mnt/extra-addons/hello.py');
    const saved = (await as(operatorToken, `/instances/${instanceId}/files/content?path=${path}`)).body as {
      content: string;
      version: string;
    };
    expect(saved.content).toBe('print("from the portal")');

    // Someone else saves it while it is open: the next save is refused, the reload shows theirs.
    const theirs = await as(operatorToken, `/instances/${instanceId}/files/content`, {
      method: 'PUT',
      body: { path: 'hello.py', content: 'print("the operator was here")\n', expectedVersion: saved.version },
    });
    expect(theirs.status).toBe(200);
    await editor.click();
    await portal.keyboard.press('End');
    await portal.keyboard.type(' # mine');
    await portal.getByRole('button', { name: 'Save', exact: true }).click();
    await portal.getByText(/changed since it was opened/).waitFor();
    expect((await as(operatorToken, `/instances/${instanceId}/files/content?path=${path}`)).body).toMatchObject({
      content: 'print("the operator was here")\n',
    });
    await portal.getByRole('button', { name: 'Reload the file' }).click();
    await editor.getByText('print("the operator was here")').waitFor();

    const local = join(tmpdir(), `ocore-upload-${process.pid}.csv`);
    await writeFile(local, 'id,name\n1,Acme\n');
    await portal.locator('.file-actions input[type=file]').setInputFiles(local);
    await files.getByRole('button', { name: `ocore-upload-${process.pid}.csv`, exact: true }).waitFor();
    const download = portal.waitForEvent('download');
    await files.getByRole('button', { name: `Download ocore-upload-${process.pid}.csv` }).click();
    expect(await readFile(await (await download).path(), 'utf8')).toBe('id,name\n1,Acme\n');
    // CSV is highlighted (its header as names, its values as numbers and strings): plain text has no spans.
    await files.getByRole('button', { name: `ocore-upload-${process.pid}.csv`, exact: true }).click();
    const csvEditor = portal.locator('.code-editor[data-language="csv"]');
    await csvEditor.getByText('Acme').waitFor();
    expect(await csvEditor.locator('.cm-line span').count()).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });

  it('refuses the databases to a client member while featureDatabases is off, never the operator', async () => {
    await switchFeature({ featureDatabases: false });
    await expectRefused('/databases', 'Databases', `/instances/${instanceId}/databases`, 'featureDatabases');
  });

  it('with featureDatabases on, lists them with sizes, creates, duplicates and drops one by its typed name', async () => {
    await switchFeature({ featureDatabases: true });
    await portal.goto(`${app.url}/databases`);
    await portal.getByRole('heading', { level: 1, name: 'Databases' }).waitFor();
    const table = portal.getByRole('table', { name: 'Databases' });
    const listed = (await as(carlToken, `/instances/${instanceId}/databases`)).body as {
      prefix: string;
      served: string;
      items: { name: string; sizeBytes: number }[];
    };
    expect(listed.items.map((d) => d.name)).toEqual([listed.served]);
    expect(listed.items[0]!.sizeBytes).toBeGreaterThan(0);
    await table.getByText(`${listed.served} (served)`).waitFor();
    expect(await table.locator('tbody tr').first().textContent()).toMatch(/\d+(\.\d+)? [KMG]?B/);

    const staging = `${listed.prefix}staging`;
    await portal.getByLabel('New database').fill(staging);
    await portal.getByRole('button', { name: 'Create', exact: true }).click();
    await table.getByRole('cell', { name: staging, exact: true }).waitFor({ timeout: 60_000 });

    const actions = portal.getByRole('group', { name: `Actions on ${staging}` });
    await actions.getByRole('button', { name: 'Duplicate' }).click();
    await actions.getByLabel('New name').fill(`${listed.prefix}copy`);
    await actions.getByRole('button', { name: 'Duplicate' }).last().click();
    await table.getByRole('cell', { name: `${listed.prefix}copy`, exact: true }).waitFor({ timeout: 60_000 });

    const copy = portal.getByRole('group', { name: `Actions on ${listed.prefix}copy` });
    await copy.getByRole('button', { name: 'Drop' }).click();
    const confirm = copy.getByRole('button', { name: 'Drop' }).last();
    await copy.getByLabel(`Type ${listed.prefix}copy to drop it`).fill(`${listed.prefix}cop`);
    expect(await confirm.isDisabled()).toBe(true);
    await copy.getByLabel(`Type ${listed.prefix}copy to drop it`).fill(`${listed.prefix}copy`);
    await confirm.click();
    // The drop answers once its safety backup is at the destination: longer on a loaded machine.
    await table
      .getByRole('cell', { name: `${listed.prefix}copy`, exact: true })
      .waitFor({ state: 'detached', timeout: 60_000 });
    const after = (await as(carlToken, `/instances/${instanceId}/databases`)).body as { items: { name: string }[] };
    expect(after.items.map((d) => d.name).sort()).toEqual([listed.served, staging].sort());
    // Dropped once a backup of it was at the organization's destination, listed with the instance's backups.
    const backups = (await as(operatorToken, `/instances/${instanceId}/backups`)).body as {
      items: { status: string; purpose: string | null }[];
    };
    expect(backups.items).toEqual([
      expect.objectContaining({ status: 'completed', purpose: `before dropping database ${listed.prefix}copy` }),
    ]);
    expect(pageErrors).toEqual([]);
  });

  const backupsOn = (page: Page) => page.getByRole('table', { name: 'Backups' });
  const restoresOn = (page: Page) => page.getByRole('table', { name: 'Restores' });

  /** The portal's Backups page, on the instance, with its list live. */
  async function openPortalBackups() {
    await portal.goto(`${app.url}/backups`);
    await portal.getByRole('heading', { level: 1, name: 'Backups' }).waitFor();
    await portal.getByLabel('Instance', { exact: true }).selectOption(instanceId);
    await portal.locator('main .live[data-status="live"]').waitFor();
  }

  it('with featureBackups on, backs up now and restores in place, both followed live', async () => {
    await switchFeature({ featureBackups: true });
    await openPortalBackups();
    // The safety backup of the dropped database is the only one yet.
    const manual = backupsOn(portal).getByRole('row').filter({ hasText: 'manual' });
    expect(await manual.count()).toBe(0);
    await portal.getByRole('button', { name: 'Back up now' }).click();
    // Live, without a reload: under way first, then done.
    await manual.getByText('running', { exact: true }).waitFor({ timeout: 60_000 });
    await manual.getByText('completed', { exact: true }).waitFor({ timeout: 120_000 });
    const listed = (await as(carlToken, `/instances/${instanceId}/backups`)).body as {
      items: { id: string; trigger: string; status: string; sizeBytes: number }[];
    };
    const made = listed.items.filter((b) => b.trigger === 'manual');
    expect(made).toEqual([expect.objectContaining({ status: 'completed' })]);
    expect(made[0]!.sizeBytes).toBeGreaterThan(0);

    await manual.getByRole('button', { name: 'Restore', exact: true }).click();
    await portal.getByRole('button', { name: 'Restore in place' }).click();
    const restore = restoresOn(portal).getByRole('row').filter({ hasText: 'Restore in place' });
    // Its steps show as they are taken, then the outcome.
    await restore.getByText(/^(queued|running)$/).waitFor({ timeout: 60_000 });
    await restore.getByText('succeeded', { exact: true }).waitFor({ timeout: 240_000 });
    await restore.getByText('taken first').waitFor();
    await backupsOn(portal)
      .getByText(/before restoring backup/)
      .waitFor();
    const restores = (await as(carlToken, `/instances/${instanceId}/restores`)).body as {
      items: { backupId: string; target: string; status: string }[];
    };
    expect(restores.items).toEqual([
      expect.objectContaining({ backupId: made[0]!.id, target: 'in-place', status: 'succeeded' }),
    ]);
    expect((await as(carlToken, `/instances/${instanceId}`)).body).toMatchObject({ status: 'running' });
    expect(pageErrors).toEqual([]);
  }, 360_000);

  it('restores a backup as a new instance, which the page picks and follows until its restore succeeds', async () => {
    const manual = backupsOn(portal).getByRole('row').filter({ hasText: 'manual' });
    await manual.getByRole('button', { name: 'Restore as new' }).click();
    await manual.getByLabel('Name of the new instance').fill('Shop copy');
    await manual.getByRole('button', { name: 'Restore as new instance' }).click();
    // The portal has no instance page: the new instance is picked here instead.
    const picker = portal.getByLabel('Instance', { exact: true });
    await picker.locator('option:checked', { hasText: 'Shop copy' }).waitFor({ state: 'attached', timeout: 30_000 });
    const copyId = await picker.inputValue();
    madeIds.push(copyId);
    expect(copyId).not.toBe(instanceId);
    const restore = restoresOn(portal).getByRole('row').filter({ hasText: 'Restored into this instance' });
    await restore.getByText('succeeded', { exact: true }).waitFor({ timeout: 240_000 });
    const copy = async () => (await as(carlToken, `/instances/${copyId}`)).body as { name: string; status: string };
    await expect.poll(copy, { timeout: 60_000 }).toMatchObject({ name: 'Shop copy', status: 'running' });
    expect(portal.url()).toBe(`${app.url}/backups`);
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('with featureBackups off refuses the client in the portal and the API, never the operator on the dashboard', async () => {
    // The client has the page open on the instance when the agency switches it off.
    await openPortalBackups();
    const menu = portal.getByRole('navigation', { name: 'Main' });
    await menu.getByRole('link', { name: 'Backups', exact: true }).waitFor();
    await switchFeature({ featureBackups: false });
    try {
      await portal.getByRole('heading', { name: 'Page not found' }).waitFor();
      await menu.getByRole('link', { name: 'Backups', exact: true }).waitFor({ state: 'detached' });
      await expectRefused('/backups', 'Backups', `/instances/${instanceId}/backups`, 'featureBackups');
      const [backup] = (
        (await as(operatorToken, `/instances/${instanceId}/backups`)).body as { items: { id: string }[] }
      ).items;
      for (const call of [
        { path: `/instances/${instanceId}/backups`, method: 'POST', body: {} },
        { path: `/instances/${instanceId}/restores` },
        { path: `/backups/${backup!.id}` },
        { path: `/backups/${backup!.id}/restore`, method: 'POST', body: { target: 'in-place' } },
        { path: `/backups/${backup!.id}/download` },
      ]) {
        const refused = await as(carlToken, call.path, call);
        expect(refused, call.path).toMatchObject({
          status: 403,
          body: { error: 'FEATURE_DISABLED', feature: 'featureBackups' },
        });
      }

      // The operator backs up on the client's behalf from the dashboard's Backups tab, followed live.
      await dashboard.goto(`${app.url}/instances/${instanceId}/backups`);
      await dashboard.getByRole('heading', { level: 1, name: 'Instance backups' }).waitFor();
      await dashboard.locator('main .live[data-status="live"]').waitFor();
      const manual = backupsOn(dashboard).getByRole('row').filter({ hasText: 'manual' });
      await expect.poll(() => manual.count()).toBe(1);
      await dashboard.getByRole('button', { name: 'Back up now' }).click();
      await expect.poll(() => manual.count()).toBe(2);
      // Newest first: the operator's backup heads the list.
      await backupsOn(dashboard)
        .getByRole('row')
        .nth(1)
        .getByText('completed', { exact: true })
        .waitFor({ timeout: 120_000 });
      const after = (await as(operatorToken, `/instances/${instanceId}/backups`)).body as {
        items: { trigger: string; status: string }[];
      };
      expect(after.items.filter((b) => b.trigger === 'manual').map((b) => b.status)).toEqual([
        'completed',
        'completed',
      ]);
    } finally {
      await switchFeature({ featureBackups: true });
    }
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
