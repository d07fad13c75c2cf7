/// <reference types="node" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import { phoneOverflow } from './testing/browser-harness';
import { startInfrastructureSuite, type InfrastructureSuite } from './testing/infrastructure-suite';

/* The templates page in headless Chromium: create, provision with its refusals, instances. */

warnIfSkipped('templates.browser.test');

describe.skipIf(!runsInBrowser)('templates page in Chromium', () => {
  let suite: InfrastructureSuite;
  let page: Page;

  const row = (name: string) => page.getByRole('row').filter({ hasText: name });
  const fieldOf = (name: string) => page.locator('.field').filter({ has: page.locator(`[name="${name}"]`) });
  const errorOf = (name: string) => fieldOf(name).locator('.field-error');
  const overrides = () => page.getByRole('group', { name: 'Overrides' });

  async function provision(template: string, server: string, rows: [string, string][] = []) {
    await page.getByLabel('Template', { exact: true }).selectOption({ label: template });
    // Not checked (the suite's servers are checked only on request): pending, which provisioning accepts.
    await page.getByLabel('Server', { exact: true }).selectOption({ label: `${server} (pending)` });
    for (const [index, [key, value]] of rows.entries()) {
      await overrides().getByRole('button', { name: 'Add override' }).click();
      await page.getByLabel(`Override ${index + 1} name`).fill(key);
      await page.getByLabel(`Override ${index + 1} value`).fill(value);
    }
    await page.getByRole('button', { name: 'Provision instance' }).click();
  }

  async function clearOverrides() {
    while (
      (await overrides()
        .getByRole('button', { name: /^Remove/ })
        .count()) > 0
    ) {
      await overrides()
        .getByRole('button', { name: /^Remove/ })
        .first()
        .click();
    }
  }

  beforeAll(async () => {
    suite = await startInfrastructureSuite({ name: 'Tess Templates', email: 'tess.templates@example.com' });
    ({ page } = suite);
    await suite.addServer('app-1', { cpuCores: 2, memoryMb: 4096, maxInstances: 5 });
    await suite.addServer('full-1', { cpuCores: 2, memoryMb: 4096, maxInstances: 0 });
  });

  afterAll(() => suite?.close());

  it('says what a template is while there is none, and shows field errors beside the fields', async () => {
    await page.goto(`${suite.app.url}/templates`);
    await page.getByRole('heading', { level: 1, name: 'Templates', exact: true }).waitFor();
    await page.getByText('No templates yet').waitFor();
    expect(await page.getByText('Create a template first.').count()).toBe(1);

    await page.getByLabel('Name', { exact: true }).fill('Standard 18 CE');
    await page.getByLabel('Odoo version').selectOption('18.0');
    await page.getByLabel('Workers', { exact: true }).fill('4');
    await page.getByLabel('Variable 1 name').fill('proxy mode');
    await page.getByLabel('Variable 1 value').fill('True');
    await page.getByLabel('Modules').fill('sale, Purchase!');
    await page.getByLabel('CPU limit (cores)').fill('0.125');
    await page.getByLabel('Memory limit (MB)').fill('100');
    await page.getByRole('button', { name: 'Create template' }).click();

    await errorOf('moduleList').waitFor();
    expect(await errorOf('moduleList').textContent()).toContain('must be a module name');
    expect(await errorOf('cpuLimit').textContent()).toBe(
      'must be given to the hundredth of a core at most (e.g. 0.5, 1.25)',
    );
    expect(await errorOf('memoryLimitMb').textContent()).toBe('must be a whole number of MB, 256-1048576');
    expect(await page.getByLabel('CPU limit (cores)').getAttribute('aria-invalid')).toBe('true');
    const envVars = page.getByRole('group', { name: 'Environment variables' });
    expect(await envVars.locator('.field-error').textContent()).toMatch(/^proxy mode: must be upper case/);
    expect((await suite.api('/templates')).total).toBe(0);
  });

  it('creates a Community and an Enterprise template', async () => {
    await page.getByLabel('Variable 1 name').fill('PROXY_MODE');
    await page.getByLabel('Modules').fill('sale purchase');
    await page.getByLabel('CPU limit (cores)').fill('1.5');
    await page.getByLabel('Memory limit (MB)').fill('2048');
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.getByText('Template Standard 18 CE was created.').waitFor();
    const ce = row('Standard 18 CE');
    await ce.waitFor();
    expect(await ce.locator('td').allTextContents()).toEqual([
      'Standard 18 CE',
      '18.0',
      'Community',
      '4',
      '1.5 CPU, 2048 MB',
      'sale, purchase',
      'No',
      expect.stringMatching(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/), // created
      'Delete',
    ]);

    await page.getByLabel('Name', { exact: true }).fill('Enterprise 18');
    await page.getByLabel('Odoo version').selectOption('18.0');
    await page.getByLabel('Edition', { exact: true }).selectOption('ee');
    await page.getByLabel('Public: share it read-only with the agency’s clients').check();
    await page.getByRole('button', { name: 'Create template' }).click();
    await row('Enterprise 18').waitFor();
    expect(await row('Enterprise 18').textContent()).toContain('Enterprise');
    // Limits left empty: none.
    expect(await row('Enterprise 18').textContent()).toContain('no limits');
    expect((await suite.api('/templates')).items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Standard 18 CE', cpuLimit: 1.5, memoryLimitMb: 2048 }),
        expect.objectContaining({ name: 'Enterprise 18', cpuLimit: null, memoryLimitMb: null }),
      ]),
    );
    await page.getByRole('heading', { name: 'Templates (2)' }).waitFor();
  });

  it('shows each provisioning refusal beside the field that fixes it', async () => {
    await provision('Enterprise 18 (18.0 ee)', 'app-1');
    await errorOf('templateId').waitFor();
    expect(await errorOf('templateId').textContent()).toContain('needs a subscription code and none is stored');
    expect(await page.getByLabel('Template', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await provision('Standard 18 CE (18.0 ce)', 'full-1');
    await expect.poll(() => errorOf('serverId').textContent()).toContain('server full-1 is full: 0 of 0 instances');
    expect(await errorOf('templateId').count()).toBe(0);

    await provision('Standard 18 CE (18.0 ce)', 'app-1', [['WORKERS', 'many']]);
    await expect
      .poll(() => overrides().locator('.field-error').textContent())
      .toBe('WORKERS: must be a whole number 0-64');
    await clearOverrides();

    await provision('Standard 18 CE (18.0 ce)', 'app-1', [['WORKERS', '9']]);
    await expect
      .poll(() => overrides().locator('.field-error').textContent())
      .toContain('9 workers are more than server app-1 can run');
    await clearOverrides();

    // The instance's own limits: the core schema refuses one before anything is sent.
    const memory = page.getByLabel('Instance Memory limit (MB)');
    expect(await memory.getAttribute('placeholder')).toBe('2048');
    await memory.fill('100');
    await provision('Standard 18 CE (18.0 ce)', 'app-1');
    await expect.poll(() => errorOf('memoryLimitMb').textContent()).toBe('must be a whole number of MB, 256-1048576');
    expect(await memory.getAttribute('aria-invalid')).toBe('true');
    await memory.fill('');
    expect((await suite.api('/instances')).total).toBe(0);
  });

  it('provisions an instance with overrides and lists it', async () => {
    await page.getByLabel('Instance name (optional)').fill('acme-prod');
    await page.getByLabel('Instance CPU limit (cores)').fill('0.5');
    await provision('Standard 18 CE (18.0 ce)', 'app-1', [
      ['WORKERS', '3'],
      ['LOG_LEVEL', 'debug'],
    ]);
    await page.getByText('Instance acme-prod was recorded on app-1: 3 workers, Odoo 18.0 ce.').waitFor();
    const instance = row('acme-prod');
    await instance.waitFor();
    expect(await instance.textContent()).toContain('Standard 18 CE');
    await page.getByRole('heading', { name: 'Instances (1)' }).waitFor();
    const [stored] = (await suite.api('/instances')).items;
    expect(stored).toMatchObject({
      workers: 3,
      envVars: { PROXY_MODE: 'True', LOG_LEVEL: 'debug' },
      moduleList: ['sale', 'purchase'],
      // Its own CPU limit; the template's memory limit.
      cpuLimit: 0.5,
      memoryLimitMb: 2048,
      // The job worker deploys it at once; this server has no SSH access, so it may have failed already.
      status: expect.stringMatching(/^(pending|deploying|failed)$/),
    });

    expect(await phoneOverflow(page, 'templates')).toBeLessThanOrEqual(0);
  });

  it('deletes an instance once confirmed', async () => {
    const instance = row('acme-prod');
    await instance.getByRole('button', { name: 'Delete', exact: true }).click();
    await instance.getByRole('button', { name: 'Delete instance' }).click();
    await instance.waitFor({ state: 'detached' });
    await page.getByText('No instances yet').waitFor();
    expect((await suite.api('/instances')).total).toBe(0);
    expect(suite.pageErrors).toEqual([]);
  });
});
