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

/* Search, sort, paging and URL state of the lists, and the audit log's names, in headless Chromium. */

warnIfSkipped('lists.browser.test');

const lena = { name: 'Lena Lists', email: 'lena.lists@example.com' };
const server = (name: string) => ({
  name,
  host: '127.0.0.1',
  port: 22,
  sshUser: 'deploy',
  sshPassword: 'a password',
  capacity: { cpuCores: 2, memoryMb: 2048, maxInstances: 5 },
});
/** `prefix01` to `prefix<n>`, in order: one more than a list's page of 25. */
const numbered = (prefix: string, n = 26) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);

describe.skipIf(!runsInBrowser)('lists in Chromium', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  let token: string;
  const errors: string[] = [];
  const api = async (path: string, init: ApiRequest = {}) => {
    const answer = await callApi(app.url, path, init);
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as Record<string, unknown>;
  };
  const names = () => page.locator('tbody tr td:first-child').allInnerTexts();
  /** The texts of one column of the table captioned `caption`. */
  const column = (caption: string, index: number) => () =>
    page
      .getByRole('table', { name: caption, exact: true })
      .locator(`tbody tr td:nth-child(${index + 1})`)
      .allInnerTexts();

  /**
   * A list of 26 rows (`all`, in ascending order): its header sorts it, ascending then descending,
   * with the state in the URL; Load more brings the 26th row; a search narrows it and survives a reload.
   */
  async function checkPagedList(list: {
    path: string;
    title: string;
    header: string;
    cells: () => Promise<string[]>;
    all: readonly string[];
    search: string;
  }) {
    // Slow machines: a lazy page and its list may take more than expect.poll's one second.
    const cells = () => expect.poll(list.cells, { timeout: 15_000 });
    const ascending = [...list.all];
    const descending = [...list.all].reverse();
    await page.goto(`${app.url}${list.path}`);
    await page.getByRole('heading', { name: `${list.title} (${list.all.length})` }).waitFor();
    const header = page.getByRole('button', { name: new RegExp(`^${list.header}`) });
    await header.click();
    await page.waitForURL(new RegExp(`sort=\\w+&dir=asc`));
    await cells().toEqual(ascending.slice(0, 25));
    await page.getByRole('button', { name: 'Load more' }).click();
    await cells().toEqual(ascending);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await header.click();
    await page.waitForURL(/dir=desc/);
    await cells().toEqual(descending.slice(0, 25));
    const what = list.title.toLowerCase();
    await page.getByLabel(`Search ${what}`).fill(list.search);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(new RegExp(`q=${list.search}`));
    const matching = descending.filter((name) => name.includes(list.search));
    await cells().toEqual(matching);
    await page.getByRole('heading', { name: `${list.title} (${matching.length})` }).waitFor();
    await page.reload();
    await cells().toEqual(matching);
    expect(await page.getByLabel(`Search ${what}`).inputValue()).toBe(list.search);
  }

  beforeAll(async () => {
    app = await startDashboardServer();
    browser = await launchChromium();
    token = await signUp(app.url, lena);
    for (const name of ['delta', 'alpha', 'charlie', 'bravo'])
      await api('/servers', { method: 'POST', token, body: server(name) });
    page = await openSignedIn(browser, app.url, token, errors);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('searches, sorts by a column header and keeps both in the URL', async () => {
    await page.goto(`${app.url}/servers`);
    await page.getByRole('heading', { name: 'Servers (4)' }).waitFor();
    await page.getByRole('button', { name: /^Name/ }).click();
    await page.waitForURL(/sort=name&dir=asc/);
    await expect.poll(names).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
    await page.getByRole('button', { name: /^Name/ }).click();
    await page.waitForURL(/dir=desc/);
    await expect.poll(names).toEqual(['delta', 'charlie', 'bravo', 'alpha']);
    expect(await page.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe('descending');
    await page.getByLabel('Search servers').fill('RAV');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=RAV/);
    await expect.poll(names).toEqual(['bravo']);
    // A reload keeps the list as it was.
    await page.reload();
    await expect.poll(names).toEqual(['bravo']);
    expect(await page.getByLabel('Search servers').inputValue()).toBe('RAV');
    await page.getByLabel('Search servers').fill('nothing-like-this');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('No servers match').waitFor();
  });

  it('pages the client list with Load more and searches it', async () => {
    await api('/agency/enable', { method: 'POST', token });
    for (const name of ['North Co', 'South Co', 'East Co', 'West Ltd'])
      await api('/agency/clients', { method: 'POST', token, body: { name } });
    await page.goto(`${app.url}/agency/clients?sort=name`);
    await expect.poll(names).toEqual(['East Co', 'North Co', 'South Co', 'West Ltd']);
    await page.getByLabel('Search clients').fill('co');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(names).toEqual(['East Co', 'North Co', 'South Co']);
  });

  it('offers the actions of the audit log, names actors and targets, and marks what an operator did', async () => {
    const clients = (await api('/agency/clients?search=north', { token })).items as { id: string }[];
    const operator = await api('/auth/switch-org', { method: 'POST', token, body: { organizationId: clients[0]!.id } });
    await api('/servers', { method: 'POST', token: operator['token'] as string, body: server('client-box') });
    await api('/auth/switch-org', {
      method: 'POST',
      token: operator['token'] as string,
      body: { organizationId: clients[0]!.id },
    });

    const operatorPage = await openSignedIn(browser, app.url, operator['token'] as string, errors);
    await operatorPage.goto(`${app.url}/audit-log`);
    const action = operatorPage.getByLabel('Action');
    await expect.poll(() => action.locator('option').allInnerTexts()).toContain('server.created');
    await action.selectOption('server.created');
    await operatorPage.getByRole('button', { name: 'Apply filters' }).click();
    await operatorPage.waitForURL(/action=server.created/);
    const row = operatorPage.getByRole('row').filter({ hasText: 'client-box' });
    await row.waitFor();
    expect(await row.innerText()).toContain(lena.name);
    expect(await row.getByText(/^via /).innerText()).toMatch(/via .*Lena Lists/);
    expect(errors).toEqual([]);
  });

  it('searches, sorts and pages the templates', async () => {
    const all = numbered('Template ');
    await Promise.all(
      all.map((name) => api('/templates', { method: 'POST', token, body: { name, odooVersion: '18.0' } })),
    );
    await checkPagedList({
      path: '/templates',
      title: 'Templates',
      header: 'Name',
      cells: column('Templates', 0),
      all,
      search: '1',
    });
  });

  it('searches, sorts and pages the topologies', async () => {
    const all = numbered('Layout ');
    await Promise.all(all.map((name) => api('/topologies', { method: 'POST', token, body: { name } })));
    await checkPagedList({
      path: '/topologies',
      title: 'Topologies',
      header: 'Name',
      cells: column('Topologies', 0),
      all,
      search: '2',
    });
  });

  it('searches, sorts and pages the instances', async () => {
    const box = await api('/servers', {
      method: 'POST',
      token,
      body: { ...server('instance-box'), capacity: { cpuCores: 2, memoryMb: 2048, maxInstances: 40 } },
    });
    const all = numbered('shop-');
    for (const name of all)
      await api('/instances', {
        method: 'POST',
        token,
        body: { serverId: box['id'], name, odooVersion: '18.0', workers: 1 },
      });
    await checkPagedList({
      path: '/instances',
      title: 'Instances',
      header: 'Name',
      cells: column('Instances', 0),
      all,
      search: '1',
    });
  }, 120_000);

  it('searches, sorts and pages the members', async () => {
    const invited = numbered('m', 25).map((name) => `${name}@example.com`);
    await Promise.all(invited.map((email) => signUp(app.url, { name: `Member ${email.slice(1, 3)}`, email })));
    // A few invitations at a time: each waits for its mail, which a busy job queue may keep.
    for (let i = 0; i < invited.length; i += 5)
      await Promise.all(
        invited
          .slice(i, i + 5)
          .map((email) => inviteAndAccept(app, token, { email, password: testPassword, role: 'Viewer' })),
      );
    const all = [lena.email, ...invited];
    await checkPagedList({
      path: '/members',
      title: 'Members',
      header: 'Email',
      cells: column('Members', 1),
      all,
      search: '2',
    });
    expect(errors).toEqual([]);
  }, 120_000);
});
