/// <reference types="node" />
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notificationKinds } from '@ocore/core';
import type { App } from '@ocore/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, screenshotDir, warnIfSkipped } from './testing/browser-env';
import {
  callApi,
  launchChromium,
  startDashboardServer,
  type ApiRequest,
  inviteAndAccept,
} from './testing/browser-harness';
import { startFakeIntegrations, type FakeIntegrations } from './testing/fake-integrations';

/* Settings, audit log and disaster recovery in headless Chromium, against the real server. */

warnIfSkipped('settings.browser.test');

const password = 'correct horse battery staple';
const ada = { name: 'Ada Lovelace', email: 'ada.settings@example.com' };
const vic = { name: 'Vic Viewer', email: 'vic.settings@example.com' };
const posthogKey = 'phx_settings_test_key_8c1f2e';
const validCode = 'M2407150000001';
const projectName = 'Fake Analytics';

describe.skipIf(!runsInBrowser)('settings, audit log and disaster recovery in Chromium', () => {
  let app: App;
  let fake: FakeIntegrations;
  let browser: Browser;
  let page: Page;
  let adaToken: string;
  const pageErrors: string[] = [];
  const downloads = mkdtempSync(join(tmpdir(), 'ocore-dr-'));

  const api = async (path: string, init?: ApiRequest) => (await callApi(app.url, path, init)).body as any;
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });
  const fieldOf = (name: string) => page.locator('.field').filter({ has: page.locator(`input[name="${name}"]`) });
  const secret = (label: string) => page.getByRole('group', { name: label, exact: true });
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  // The card, not the toasts' live region, also named "Notifications".
  const notificationsSection = (target: Page) =>
    target
      .locator('section')
      .filter({ has: target.getByRole('heading', { level: 2, name: 'Notifications', exact: true }) });
  const pageText = () => page.evaluate(() => document.documentElement.outerHTML + JSON.stringify(localStorage));

  async function signIn(target: Page, token: string, path: string) {
    await target.goto(`${app.url}/login`);
    await target.evaluate((t) => localStorage.setItem('ocore.token', t), token);
    await target.goto(`${app.url}${path}`);
  }

  beforeAll(async () => {
    fake = await startFakeIntegrations({ posthogKey, projectName, validCode, delayMs: 300 });
    app = await startDashboardServer({
      OCORE_ALLOW_PRIVATE_EGRESS: '1',
      OCORE_SUBSCRIPTION_VERIFY_URL: `${fake.url}/verify`,
    });
    adaToken = (await api('/auth/signup', { method: 'POST', body: { ...ada, password } })).token;
    await api('/auth/signup', { method: 'POST', body: { ...vic, password } });
    await inviteAndAccept(app, adaToken, { email: vic.email, password, role: 'Viewer' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, adaToken, '/org');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await fake?.close();
    rmSync(downloads, { recursive: true, force: true });
  });

  it('saves the audit retention, which a reload still shows', async () => {
    await nav('Settings').click();
    await heading('Settings').waitFor();
    await page.getByLabel('Audit retention (days)').fill('30');
    await button('Save settings').click();
    await page.getByText('Settings saved.').waitFor();

    await page.reload();
    await heading('Settings').waitFor();
    expect(await page.getByLabel('Audit retention (days)').inputValue()).toBe('30');
  });

  it("shows the server's field error beside a retention of 0", async () => {
    await page.getByLabel('Audit retention (days)').fill('0');
    await button('Save settings').click();
    await fieldOf('auditRetentionDays').locator('.field-error').waitFor();
    expect(await fieldOf('auditRetentionDays').locator('.field-error').textContent()).toBe('must be 1-3650');
    expect(await page.getByLabel('Audit retention (days)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.alert-error').count()).toBe(0);
    await page.getByLabel('Audit retention (days)').fill('30');
  });

  it('stores the PostHog key write-only: "Set", and its text never reaches the page', async () => {
    expect(await secret('Personal API key').getByText('Not set', { exact: true }).isVisible()).toBe(true);
    await page.getByLabel('Send events to PostHog').check();
    await page.getByLabel('API host').fill(fake.url);
    await button('Set personal API key').click();
    await page.getByLabel('New personal API key').fill(posthogKey);
    await button('Save PostHog settings').click();
    await page.getByText('PostHog settings saved.').waitFor();

    await secret('Personal API key').getByText('Set', { exact: true }).waitFor();
    expect(await page.getByLabel('New personal API key').count()).toBe(0);
    expect(await pageText()).not.toContain(posthogKey);
    await page.reload();
    await secret('Personal API key').getByText('Set', { exact: true }).waitFor();
    expect(await page.getByLabel('Send events to PostHog').isChecked()).toBe(true);
    expect(await pageText()).not.toContain(posthogKey);
  });

  it('tests the PostHog connection, pending first, then with the project name', async () => {
    await button('Test connection').click();
    await button('Testing…').waitFor();
    await page.locator('.alert-success').filter({ hasText: projectName }).waitFor();
    expect(await page.locator('.alert-success').filter({ hasText: projectName }).textContent()).toContain(
      `Project: ${projectName}`,
    );
  });

  it('saves and validates the subscription code, showing each passed check', async () => {
    expect(await page.getByText('Not validated yet.').isVisible()).toBe(true);
    await button('Set subscription code').click();
    await page.getByLabel('New subscription code').fill(validCode);
    await button('Save code').click();
    await page.getByText('Subscription code saved.').waitFor();
    await secret('Subscription code').getByText('Set', { exact: true }).waitFor();
    // Saving checked it: the status shows that check, not "Not validated yet".
    await page.locator('.validation').getByText('Valid', { exact: true }).waitFor();
    expect(await page.locator('.validation').textContent()).toContain('for Odoo 18.0');

    await page.getByLabel('Odoo version').selectOption('17.0');
    await button('Validate').click();
    // The status of the check made on save says "Valid" too: wait for this validation's own.
    const validation = page.locator('.validation').filter({ hasText: 'for Odoo 17.0' });
    await validation.getByText('Valid', { exact: true }).waitFor();
    expect(await validation.textContent()).toContain('for Odoo 17.0, checked');
    expect(await validation.locator('.check .badge').allTextContents()).toEqual(['passed', 'passed', 'passed']);
    expect(await validation.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await pageText()).not.toContain(validCode);
  });

  it('refuses to save a code that fails validation, beside the field, keeping the stored code and its status', async () => {
    // The notice of the save before goes first, so that none can be mistaken for this save's.
    for (const dismiss of await page.locator('.toast').getByRole('button', { name: 'Dismiss' }).all())
      await dismiss.click();
    await button('Replace subscription code').click();
    await page.getByLabel('New subscription code').fill('not a code');
    await button('Save code').click();
    const field = secret('Subscription code');
    await expect
      .poll(() => field.locator('.field-error').textContent())
      .toMatch(/not saved.*only letters, digits and hyphens/);
    expect(await page.getByText('Subscription code saved.').count()).toBe(0);
    expect(await page.locator('.validation').textContent()).toContain('for Odoo 17.0');
    await page.reload();
    await secret('Subscription code').getByText('Set', { exact: true }).waitFor();
    await page.locator('.validation').getByText('Valid', { exact: true }).waitFor();
    expect(await page.locator('.validation').textContent()).toContain('for Odoo 17.0');
  });

  it('lists the settings changes in the audit log, and filters them by action', async () => {
    await nav('Audit log').click();
    await heading('Audit log').waitFor();
    const retentionRow = page.getByRole('row').filter({ hasText: 'auditRetentionDays' });
    await retentionRow.waitFor();
    expect(await retentionRow.textContent()).toContain('org_settings.updated');
    expect(await retentionRow.textContent()).toContain('90 → 30');
    expect(await retentionRow.textContent()).toContain(ada.email);
    expect(await page.getByRole('row').filter({ hasText: 'posthogPersonalApiKey' }).textContent()).toContain(
      'not set → set',
    );
    expect(await pageText()).not.toContain(posthogKey);

    await page.getByLabel('Action').selectOption('org_settings.subscription_validated');
    await button('Apply filters').click();
    await page.getByRole('row').filter({ hasText: 'auditRetentionDays' }).waitFor({ state: 'detached' });
    await expect
      .poll(() => page.locator('tbody tr').allTextContents())
      .toEqual([expect.stringContaining('org_settings.subscription_validated') as string]);
    await page.getByLabel('Since').fill('2001-01-01');
    await page.getByLabel('Until').fill('2001-01-31');
    await button('Apply filters').click();
    await page.getByText('No entries match these filters').waitFor();
    await button('Clear filters').click();
    await retentionRow.waitFor();
  });

  it('loads older entries with "Load more"', async () => {
    for (let size = 101; size <= 155; size++) {
      await api('/org/settings', { method: 'PUT', token: adaToken, body: { bulkBatchSize: size } });
    }
    await page.reload();
    await heading('Audit log').waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(50);
    await button('Load more').click();
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(55);
    expect(await button('Load more').count()).toBe(0);
  });

  it('keeps the default server and template of new instances, shown after a reload', async () => {
    const server = await api('/servers', {
      method: 'POST',
      token: adaToken,
      body: {
        name: 'Main box',
        host: '127.0.0.1',
        port: 1,
        sshUser: 'root',
        sshPassword: 'not used',
        capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 4 },
      },
    });
    const template = await api('/templates', {
      method: 'POST',
      token: adaToken,
      body: { name: 'Retail shop', odooVersion: '18.0' },
    });
    await nav('Settings').click();
    await heading('Settings').waitFor();
    await page.getByLabel('Default server').selectOption('Main box');
    await page.getByLabel('Default template').selectOption('Retail shop');
    await button('Save defaults').click();
    await page.getByText('Defaults saved.').waitFor();
    expect(await api('/org/settings', { token: adaToken })).toMatchObject({
      defaultServerId: server.id,
      defaultTemplateId: template.id,
    });

    // After a reload the selects show them (their options arrive after the settings), and
    // saving another default keeps them.
    await page.reload();
    await heading('Settings').waitFor();
    expect(await page.getByLabel('Default server').inputValue()).toBe(server.id);
    expect(await page.getByLabel('Default template').inputValue()).toBe(template.id);
    await page.getByLabel('Default workers').fill('3');
    await button('Save defaults').click();
    await expect.poll(async () => (await api('/org/settings', { token: adaToken })).defaultWorkers).toBe(3);
    expect(await api('/org/settings', { token: adaToken })).toMatchObject({
      defaultServerId: server.id,
      defaultTemplateId: template.id,
    });
  });

  it('summarizes the notification settings and links to their channels and rules', async () => {
    const channel = await api('/org/notification-channels', {
      method: 'POST',
      token: adaToken,
      body: { name: 'Ops mail', kind: 'email', addresses: ['ops.settings@example.com'] },
    });
    await api('/org/notification-rules', {
      method: 'PUT',
      token: adaToken,
      body: { rules: [{ kind: 'instance.update_failed', channelIds: [channel.id] }] },
    });
    await nav('Settings').click();
    await heading('Settings').waitFor();
    const section = notificationsSection(page);
    await section.getByText(`1 channel (Ops mail); 1 kind of ${notificationKinds.length} routed to one.`).waitFor();
    await section.getByRole('link', { name: 'Notification channels and rules', exact: true }).click();
    await heading('Notifications').waitFor();
    expect(await page.getByRole('checkbox', { name: 'Update failed → Ops mail', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Deploy failed → Ops mail', exact: true }).isChecked()).toBe(false);
  });

  it('takes screenshots of the settings and audit log pages at 1280 and 390 pixels', async () => {
    mkdirSync(screenshotDir, { recursive: true });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
      for (const [label, title, file] of [
        ['Settings', 'Settings', 'settings'],
        ['Audit log', 'Audit log', 'audit-log'],
      ] as const) {
        await nav(label).click();
        await heading(title).waitFor();
        await page.locator('.validation, tbody tr').first().waitFor();
        await page.screenshot({ path: join(screenshotDir, `${file}-${width}.png`), fullPage: true });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('exports the configuration as a file, and restores it into a new organization', async () => {
    const { slug } = await api('/org', { token: adaToken });
    await nav('Settings').click();
    await page.getByText('Never', { exact: true }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), button('Export').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^ocore-dr-${slug}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ format: 'ocore-disaster-recovery', source: { slug } });
    expect(text).not.toContain(posthogKey);
    await page.getByText(`by ${ada.name}`).waitFor();

    await page.getByLabel('Export file').setInputFiles(file);
    await page.getByLabel('New name (optional)').fill('Ada Restored');
    await page.getByLabel('New slug (optional)').fill('ada-restored');
    await button('Import into a new organization').click();
    const result = page.locator('.alert-success').filter({ hasText: 'Restored into the new organization' });
    await result.waitFor();
    expect(await result.textContent()).toContain('Ada Restored');
    // Only the importer becomes a member: Vic is named, to be invited (no one joins without consent).
    // The secrets: the PostHog key, the subscription code and the default server's SSH password.
    expect(await result.textContent()).toContain('4 roles, 1 members, 3 secrets, 1 server');
    expect(await result.textContent()).toContain(
      `${vic.email}: not added: an import makes no one a member without their consent`,
    );

    await button('Switch to Ada Restored').click();
    await heading('Ada Restored').waitFor();
    await nav('Settings').click();
    expect(await page.getByLabel('Audit retention (days)').inputValue()).toBe('30');
    await secret('Personal API key').getByText('Set', { exact: true }).waitFor();
  });

  it('shows beside the file field why a file cannot be imported', async () => {
    const broken = join(downloads, 'broken.json');
    writeFileSync(broken, 'not json at all');
    await page.getByLabel('Export file').setInputFiles(broken);
    await button('Import into a new organization').click();
    await fieldOf('document').getByText('broken.json is not a JSON file').waitFor();

    const exported = await api('/org/disaster-recovery/export', { method: 'POST', token: adaToken });
    const tampered = join(downloads, 'tampered.json');
    writeFileSync(tampered, JSON.stringify({ ...exported, content: { ...exported.content, members: [] } }));
    await page.getByLabel('Export file').setInputFiles(tampered);
    await button('Import into a new organization').click();
    await fieldOf('document').getByText('checksum: does not match the content').waitFor();
  });

  it('shows settings read-only, and explains the audit log, to a Viewer', async () => {
    const login = await api('/auth/login', { method: 'POST', body: { email: vic.email, password } });
    const { id: organizationId } = await api('/org', { token: adaToken });
    const vicToken = (await api('/auth/switch-org', { method: 'POST', token: login.token, body: { organizationId } }))
      .token;
    const vicPage = await browser.newPage();
    vicPage.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(vicPage, vicToken, '/settings');
    await vicPage.getByText('changing them needs the manage:org_settings permission').waitFor();
    expect(await vicPage.getByLabel('Audit retention (days)').inputValue()).toBe('30');
    expect(await vicPage.getByLabel('Audit retention (days)').isDisabled()).toBe(true);
    expect(await vicPage.getByRole('button', { name: 'Replace personal API key' }).isDisabled()).toBe(true);
    expect(await vicPage.getByRole('button', { name: 'Test connection' }).count()).toBe(0);
    expect(await vicPage.getByRole('button', { name: 'Export' }).count()).toBe(0);
    const notifications = notificationsSection(vicPage);
    expect(await notifications.textContent()).toContain('Notification channels and rules need the manage:org_settings');
    expect(await notifications.getByRole('link').count()).toBe(0);

    await vicPage.getByRole('link', { name: 'Audit log', exact: true }).click();
    await vicPage.getByText('The audit log is for Owners and Admins').waitFor();
    await vicPage.close();
    expect(pageErrors).toEqual([]);
  });
});
