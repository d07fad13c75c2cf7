/// <reference types="node" />
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '@ocore/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import { callApi, launchChromium, openSignedIn } from './testing/browser-harness';
import { startClientOnInstance, type ClientOnInstance } from './testing/docker-instance';
import { startLoopbackS3Destination, type LoopbackS3Destination } from './testing/s3-destination';

/*
 * The client portal's File editor and Databases pages in headless Chromium, on a real instance
 * of the local engine (the Odoo stand-in, the shared PostgreSQL): a client member edits a file
 * in CodeMirror, meets the conflict check, uploads and downloads, and works on the databases
 * (the safety backup before a drop goes to an S3-compatible server on loopback, s3rver); with a switch off the page and the API refuse them, never the agency's operator. Run it under
 * the docker lock: `flock /tmp/ocore-docker.lock npx vitest run src/portal-files-databases.docker.browser.test.ts`.
 */

warnIfSkipped('portal-files-databases.docker.browser.test');

const carl = { name: 'Carl Client', email: 'carl.files@example.com' };

describe.skipIf(!runsInBrowser)('the portal file editor and databases in Chromium', () => {
  let suite: ClientOnInstance;
  let app: App;
  let browser: Browser;
  let portal: Page;
  let ownerToken: string;
  let operatorToken: string;
  let carlToken: string;
  let instanceId = '';
  let s3: LoopbackS3Destination | undefined;
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
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await suite?.close();
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
});
