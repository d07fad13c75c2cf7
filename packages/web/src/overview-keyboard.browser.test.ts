/// <reference types="node" />
import type { App } from '@ocore/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import {
  callApi,
  launchChromium,
  screenshot,
  signUpThroughForm,
  startDashboardServer,
  type ApiRequest,
} from './testing/browser-harness';

/*
 * Issue #24 in headless Chromium: the overview a new user lands on, its steps turning done from
 * what exists; the shortcuts and the command palette used with the keyboard alone; and feedback
 * shown near the button that caused it, in the window's notice region.
 */

warnIfSkipped('overview-keyboard.browser.test');

const ada = { name: 'Ada Onboard', email: 'ada.onboard@example.com' };

describe.skipIf(!runsInBrowser)('overview, shortcuts and notices in Chromium', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let token: string;
  const pageErrors: string[] = [];

  const api = async (path: string, init: ApiRequest = {}) => {
    const answer = await callApi(app.url, path, { token, ...init });
    if (answer.status >= 400) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as any;
  };
  const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });
  const step = (id: string) => page.locator(`.setup-step[data-step="${id}"]`);
  const stepState = (id: string) => step(id).getAttribute('data-done');
  const focusedField = () => page.evaluate(() => document.activeElement?.getAttribute('name') ?? null);
  const pathname = () => new URL(page.url()).pathname;

  beforeAll(async () => {
    app = await startDashboardServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lands a new user on the overview, whose steps turn done as the things they name come to exist', async () => {
    await page.goto(`${app.url}/signup`);
    token = await signUpThroughForm(page, ada);
    expect(pathname()).toBe('/');

    const steps = page.locator('.setup-step');
    await expect
      .poll(() => steps.evaluateAll((items) => items.map((i) => i.getAttribute('data-done'))))
      .toEqual(['false', 'false', 'false', 'false', 'false']);
    expect(await steps.locator('h3').allTextContents()).toEqual(
      [
        '1. Enable agency mode To do',
        '2. Add a server To do',
        '3. Create a client To do',
        '4. Create a template To do',
        '5. Provision an instance To do',
      ].map((text) => text.replace(/^\d\. /, '')),
    );
    await page.getByText('0 of 5 done.').waitFor();

    // The first step done in the dashboard, the next ones elsewhere (here the API): all count.
    await step('agency').getByRole('link').click();
    await page.getByRole('button', { name: 'Enable agency mode' }).click();
    await page.getByRole('navigation', { name: 'Agency' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview', exact: true }).click();
    await expect.poll(() => stepState('agency')).toBe('true');
    expect(await stepState('client')).toBe('false');

    await api('/servers', {
      method: 'POST',
      body: { name: 'app-1', host: '127.0.0.1', port: 22, capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 2 } },
    });
    await api('/agency/clients', { method: 'POST', body: { name: 'Acme Corp' } });
    await api('/templates', { method: 'POST', body: { name: 'Odoo 18', odooVersion: '18.0', moduleList: [] } });
    await page.reload();
    await heading('Overview').waitFor();
    for (const id of ['agency', 'server', 'client', 'template']) await expect.poll(() => stepState(id)).toBe('true');
    expect(await stepState('instance')).toBe('false');
    await page.getByText('4 of 5 done.').waitFor();
    // The next step to take is the one primary button.
    expect(await step('instance').locator('.btn-primary').count()).toBe(1);
    expect(await page.locator('.setup-step .btn-primary').count()).toBe(1);
    await screenshot(page, 'overview-progress');
  });

  it('goes to pages, to the "new" form and back with shortcuts, never while typing', async () => {
    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await heading('Servers').waitFor();
    await page.keyboard.press('n');
    await expect.poll(focusedField).toBe('name');
    expect(await page.evaluate(() => document.activeElement?.closest('form')?.dataset['shortcut'])).toBe('new');

    // Typed into a field, the same keys are only text.
    await page.keyboard.type('g t n c /?');
    expect(await page.locator('form[data-shortcut="new"] [name="name"]').inputValue()).toBe('g t n c /?');
    expect(pathname()).toBe('/servers');
    await page.keyboard.press('Control+k');
    expect(await page.getByRole('dialog').count()).toBe(0);

    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('g');
    await page.keyboard.press('t');
    await heading('Templates').waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('h');
    await heading('Overview').waitFor();
  });

  it('"/" focuses the search box of the page, where there is one', async () => {
    await page.evaluate(() => {
      const box = Object.assign(document.createElement('input'), { type: 'search', name: 'probe-search' });
      box.setAttribute('aria-label', 'Search');
      document.querySelector('main')!.append(box);
    });
    await page.keyboard.press('/');
    await expect.poll(focusedField).toBe('probe-search');
    await page.evaluate(() => document.querySelector('[name="probe-search"]')!.remove());
  });

  it('opens the command palette with Ctrl+K: a dialog with a combobox and its listbox, used with arrows and Enter', async () => {
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Command palette' });
    await dialog.waitFor();
    const combobox = dialog.getByRole('combobox');
    await expect.poll(() => combobox.evaluate((el) => el === document.activeElement)).toBe(true);
    const listbox = dialog.getByRole('listbox');
    expect(await combobox.getAttribute('aria-controls')).toBe(await listbox.getAttribute('id'));
    expect(await combobox.getAttribute('aria-expanded')).toBe('true');

    await page.keyboard.type('templ');
    const labels = () => listbox.locator('[role="option"] > span:first-child').allTextContents();
    await expect.poll(async () => (await labels()).sort()).toEqual(['Create a template', 'Templates']);
    await screenshot(page, 'command-palette');
    // The active option is the selected one, announced through aria-activedescendant.
    const active = () =>
      page.evaluate(() => {
        const selected = document.querySelector('[role="option"][aria-selected="true"]');
        const id = document.activeElement?.getAttribute('aria-activedescendant');
        return selected && selected.id === id ? (selected.querySelector('span')?.textContent ?? null) : null;
      });
    await expect.poll(active).toBe((await labels())[0]);
    if ((await active()) !== 'Create a template') {
      await page.keyboard.press('ArrowDown');
      await expect.poll(active).toBe('Create a template');
    }
    await page.keyboard.press('Enter');
    await heading('Templates').waitFor();
    expect(pathname()).toBe('/templates');
    await expect.poll(focusedField).toBe('name');
    await expect.poll(() => dialog.count()).toBe(0);

    // Escape closes it and gives the focus back.
    await page.keyboard.press('Shift+Tab');
    const before = await page.evaluate(() => document.activeElement?.outerHTML);
    await page.keyboard.press('Control+k');
    await dialog.waitFor();
    await page.keyboard.type('nothing like this');
    await dialog.getByText('Nothing matches.').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.outerHTML)).toBe(before);
  });

  it('lists the shortcuts on "?", from the keyboard or the palette', async () => {
    await page.keyboard.press('Shift+?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    const text = await help.textContent();
    for (const line of ['Open the command palette', 'Go to Servers', 'Search the list on the page', 'New: go to'])
      expect(text).toContain(line);
    await screenshot(page, 'shortcuts-help');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);

    await page.keyboard.press('Control+k');
    await page.keyboard.type('shortcuts');
    await page.keyboard.press('Enter');
    await help.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);
  });

  it('shows the "saved" notice in view of the button at the bottom of a long form', async () => {
    await page.setViewportSize({ width: 1280, height: 700 });
    await page.goto(`${app.url}/templates`);
    await heading('Templates').waitFor();
    await page.locator('form[data-shortcut="new"] [name="name"]').fill('Odoo 18 with sales');
    const create = page.getByRole('button', { name: 'Create template', exact: true });
    await create.scrollIntoViewIfNeeded();
    await create.click();
    const notice = page
      .getByRole('region', { name: 'Notifications' })
      .getByText('Template Odoo 18 with sales was created.');
    await notice.waitFor();
    expect(await notice.isVisible()).toBe(true);
    const box = (await notice.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(700);
    // Nothing is left at the top of the form, out of view.
    expect(await page.locator('form[data-shortcut="new"] .alert-success').count()).toBe(0);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(pageErrors).toEqual([]);
  });
});
