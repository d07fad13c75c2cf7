/// <reference types="node" />
import type { App } from '@ocore/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import {
  callApi,
  inviteAndAccept,
  launchChromium,
  openSignedIn,
  signUp,
  startDashboardServer,
  testPassword,
  type ApiRequest,
} from './testing/browser-harness';
import { seriousViolations, sidewaysOverflow } from './testing/page-quality';
import { startSshLikeListener, type TcpListener } from './testing/tcp-listener';

/*
 * The instances pages in headless Chromium against the real server and its job worker. The
 * server has no SSH credentials, so every deploy fails at its first step with that reason:
 * what an engine-less server really does, shown live.
 */

warnIfSkipped('instances.browser.test');

const ines = { name: 'Ines Instances', email: 'ines.instances@example.com' };
const carl = { name: 'Carl Client', email: 'carl.instances@example.com' };
const reason = 'server box-1 has no SSH key or password';

describe.skipIf(!runsInBrowser)('instances pages in Chromium', () => {
  let app: App;
  let sshd: TcpListener;
  let browser: Browser;
  let page: Page;
  let token: string;
  let serverId: string;
  const pageErrors: string[] = [];
  const api = async (path: string, init?: ApiRequest) => (await callApi(app.url, path, { token, ...init })).body as any;
  const row = (name: string) => page.getByRole('row').filter({ hasText: name });
  const fieldOf = (name: string) => page.locator('.field').filter({ has: page.locator(`[name="${name}"]`) });
  const badgeOf = (scope: ReturnType<Page['locator']>) => scope.locator('.badge').first();

  beforeAll(async () => {
    app = await startDashboardServer({ OCORE_INSTANCE_BASE_DOMAIN: 'odoo.test' });
    sshd = await startSshLikeListener();
    token = await signUp(app.url, ines);
    const capacity = { cpuCores: 4, memoryMb: 8192, maxInstances: 10 };
    serverId = (
      await api('/servers', { method: 'POST', body: { name: 'box-1', host: '127.0.0.1', port: sshd.port, capacity } })
    ).id;
    browser = await launchChromium();
    page = await openSignedIn(browser, app.url, token, pageErrors);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sshd?.close();
  });

  it('creates a project', async () => {
    await page.goto(`${app.url}/org`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects', exact: true }).click();
    await page.getByText('No projects yet').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Acme ERP');
    await page.getByRole('button', { name: 'Create project' }).click();
    await row('Acme ERP').waitFor();
  });

  it('checks the create form with the core schema, errors beside the fields, nothing sent', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Instances', exact: true }).click();
    await page.getByText('No instances yet').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('x');
    await page.getByLabel('Workers').fill('99');
    await page.getByRole('button', { name: 'Add variable' }).click();
    await page.getByLabel('Variable 1 name').fill('lower');
    await page.getByLabel('CPU limit (cores)').fill('0.125');
    await page.getByLabel('Memory limit (MB)').fill('100');
    await page.getByRole('button', { name: 'Create instance' }).click();
    await fieldOf('workers').locator('.field-error').waitFor();
    expect(await fieldOf('cpuLimit').locator('.field-error').textContent()).toBe(
      'must be given to the hundredth of a core at most (e.g. 0.5, 1.25)',
    );
    expect(await fieldOf('memoryLimitMb').locator('.field-error').textContent()).toBe(
      'must be a whole number of MB, 256-1048576',
    );
    expect(await page.getByLabel('Memory limit (MB)').getAttribute('aria-invalid')).toBe('true');
    expect(await fieldOf('name').locator('.field-error').textContent()).toMatch(/2/);
    expect(await fieldOf('workers').locator('.field-error').textContent()).toMatch(/64/);
    expect(await page.locator('fieldset').filter({ hasText: 'Environment variables' }).textContent()).toContain(
      'lower: ',
    );
    expect(await page.getByLabel('Workers').getAttribute('aria-invalid')).toBe('true');
    expect((await api('/instances')).total).toBe(0);
  });

  it('creates an instance that fails live with the reason, on its page and in the operation log', async () => {
    await page.getByRole('button', { name: 'Remove Variable 1' }).click();
    await page.getByLabel('Name', { exact: true }).fill('acme-staging');
    await page.getByLabel('Workers').fill('2');
    await page.getByLabel('Project').selectOption({ label: 'Acme ERP' });
    await page.getByLabel('Stage').selectOption('staging');
    await page.getByLabel('CPU limit (cores)').fill('1.5');
    await page.getByLabel('Memory limit (MB)').fill('2048');
    await page.getByRole('button', { name: 'Create instance' }).click();

    await page.getByRole('heading', { level: 1, name: 'acme-staging' }).waitFor();
    const details = page.locator('dl.details');
    await expect.poll(() => badgeOf(details).textContent(), { timeout: 20_000 }).toBe('failed');
    expect(await details.locator('.instance-failure').textContent()).toContain(
      `Failed at connect to server: ${reason}`,
    );
    expect(await details.textContent()).toContain('Acme ERP · staging');
    expect(await details.textContent()).toContain('1.5 CPU');
    expect(await details.textContent()).toContain('2048 MB');
    const link = details.getByRole('link', { name: /visit/ });
    expect(await link.getAttribute('href')).toMatch(/^https?:\/\/acme-staging(-\d+)?\.odoo\.test$/);

    const log = page.getByRole('list', { name: 'Log of the provision' });
    await expect.poll(() => log.textContent()).toContain('[connect to server]');
    expect(await log.locator('.log-error').last().textContent()).toContain('no SSH key or password');
    expect(await page.locator('.operation').first().textContent()).toContain('failed');
  });

  it('starts it again: a start operation streams in and fails the same way', async () => {
    await page
      .getByRole('group', { name: 'Actions on acme-staging' })
      .getByRole('button', { name: /^Start/ })
      .click();
    const log = page.getByRole('list', { name: 'Log of the start' });
    await expect.poll(() => log.textContent(), { timeout: 20_000 }).toContain('no SSH key or password');
    await expect.poll(() => page.locator('.operation').count()).toBe(2);
    await expect.poll(() => badgeOf(page.locator('dl.details')).textContent()).toBe('failed');
  });

  it('edits the workers, a variable and the limits: an update operation applies them', async () => {
    // Checked by the core schema first: the error beside the field, nothing sent.
    await page.getByLabel('Memory limit (MB)').fill('2048.5');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await fieldOf('memoryLimitMb').locator('.field-error').waitFor();
    expect(await fieldOf('memoryLimitMb').locator('.field-error').textContent()).toBe(
      'must be a whole number of MB, 256-1048576',
    );
    await page.getByLabel('Workers').fill('3');
    await page.getByLabel('CPU limit (cores)').fill('');
    await page.getByLabel('Memory limit (MB)').fill('1024');
    await page.getByRole('button', { name: 'Add variable' }).click();
    await page.getByLabel('Variable 1 name').fill('LOG_LEVEL');
    await page.getByLabel('Variable 1 value').fill('debug');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved; an update operation applies the change (see Operations).').waitFor();
    await page.getByRole('list', { name: 'Log of the update' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('dl.details').textContent()).toContain('LOG_LEVEL=debug');
    expect((await api('/instances')).items[0]).toMatchObject({
      workers: 3,
      envVars: { LOG_LEVEL: 'debug' },
      cpuLimit: null,
      memoryLimitMb: 1024,
    });
    expect(await page.locator('dl.details').textContent()).toContain('no CPU limit');
  });

  it('passes axe-core on the instance page and fits a phone', async () => {
    const found = await seriousViolations(page, 'instance page at 1280');
    await page.setViewportSize({ width: 390, height: 844 });
    found.push(...(await seriousViolations(page, 'instance page at 390')));
    const overflow = await sidewaysOverflow(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(found).toEqual([]);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('lists the instance with its status, address, server and project, and follows a new one live', async () => {
    await page.getByRole('link', { name: '← All instances' }).click();
    const listed = row('acme-staging');
    await listed.waitFor();
    expect(await badgeOf(listed).textContent()).toBe('failed');
    expect(await listed.textContent()).toContain('box-1');
    expect(await listed.textContent()).toContain('Acme ERP · staging');
    expect(await listed.getByRole('link', { name: /visit/ }).getAttribute('href')).toContain('.odoo.test');

    // Created elsewhere (the API, another user): it appears, and reaches failed, without a reload.
    await api('/instances', { method: 'POST', body: { name: 'acme-dev', serverId, odooVersion: '17.0' } });
    await row('acme-dev').waitFor();
    await expect.poll(() => badgeOf(row('acme-dev')).textContent(), { timeout: 20_000 }).toBe('failed');
    expect(await row('acme-dev').textContent()).toContain(reason);
  });

  it('passes axe-core on the list and fits a phone', async () => {
    const found = await seriousViolations(page, 'instances at 1280');
    await page.setViewportSize({ width: 390, height: 844 });
    found.push(...(await seriousViolations(page, 'instances at 390')));
    const overflow = await sidewaysOverflow(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(found).toEqual([]);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('deletes an instance once its name is typed, keeping its data', async () => {
    await row('acme-dev').getByRole('link', { name: 'Open acme-dev' }).click();
    await page.getByRole('heading', { level: 1, name: 'acme-dev' }).waitFor();
    const remove = page.getByRole('button', { name: 'Delete instance' });
    expect(await remove.isDisabled()).toBe(true);
    await page.getByLabel('Type acme-dev to confirm').fill('acme-dev');
    await page.getByLabel('Keep data: leave the database and the volumes in place').check();
    await remove.click();
    await page.getByText('Deleting acme-dev (its database and volumes are kept).').waitFor();
    await row('acme-dev').waitFor({ state: 'detached', timeout: 20_000 });
    await row('acme-staging').waitFor();
    expect((await api('/instances')).items.map((i: { name: string }) => i.name)).toEqual(['acme-staging']);
  });

  it("shows a client's instances with status and address on the client portal's home", async () => {
    await api('/agency/enable', { method: 'POST' });
    const client = await api('/agency/clients', { method: 'POST', body: { name: 'Acme Corp' } });
    const operator = (await api('/auth/switch-org', { method: 'POST', body: { organizationId: client.id } })).token;
    const created = await callApi(app.url, '/instances', {
      method: 'POST',
      token: operator,
      body: { name: 'acme-corp-erp', serverId, odooVersion: '18.0' },
    });
    expect(created.status).toBe(202);
    await signUp(app.url, carl);
    const carlToken = await inviteAndAccept(app, operator, {
      email: carl.email,
      password: testPassword,
      role: 'Viewer',
    });

    const portal = await openSignedIn(browser, app.url, carlToken, pageErrors);
    await portal.goto(`${app.url}/`);
    const listed = portal.getByRole('row').filter({ hasText: 'acme-corp-erp' });
    await listed.waitFor();
    await expect.poll(() => badgeOf(listed).textContent(), { timeout: 20_000 }).toBe('failed');
    expect(await listed.getByRole('link', { name: /visit/ }).getAttribute('href')).toMatch(/\.odoo\.test$/);
    expect(await portal.getByRole('heading', { name: 'Your Odoo instances (1)' }).count()).toBe(1);
    // Backups are open to the client: the home says when each instance was last backed up.
    await portal.getByRole('columnheader', { name: 'Last backup' }).waitFor();
    await expect.poll(async () => (await listed.getByRole('cell').last().textContent())?.trim()).toBe('never');
    // Closed by the agency: the column goes with the feature.
    await api('/agency/portal-config', { method: 'PUT', body: { featureBackups: false } });
    await portal.reload();
    await listed.waitFor();
    expect(await portal.getByRole('columnheader', { name: 'Last backup' }).count()).toBe(0);
    await portal.close();
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
