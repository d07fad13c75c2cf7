/// <reference types="node" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import { callApi, inviteAndAccept, openSignedIn, phoneOverflow, signUp, testPassword } from './testing/browser-harness';
import { startInfrastructureSuite, type InfrastructureSuite } from './testing/infrastructure-suite';

/* The servers page in headless Chromium, against the real server and its real reachability probe. */

warnIfSkipped('servers.browser.test');

const capacity = { cpuCores: 2, memoryMb: 4096, maxInstances: 5 };

describe.skipIf(!runsInBrowser)('servers page in Chromium', () => {
  let suite: InfrastructureSuite;
  let page: Page;

  const row = (name: string) => page.getByRole('row').filter({ hasText: name });
  const fieldOf = (name: string) => page.locator('.field').filter({ has: page.locator(`[name="${name}"]`) });

  beforeAll(async () => {
    suite = await startInfrastructureSuite({ name: 'Sam Servers', email: 'sam.servers@example.com' });
    ({ page } = suite);
  });

  afterAll(() => suite?.close());

  it('says what to do while there is no server', async () => {
    await page.goto(`${suite.app.url}/org`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Servers', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Servers', exact: true }).waitFor();
    await page.getByText('No servers yet').waitFor();
    expect(await page.locator('.empty-state').textContent()).toContain('Add your first server with the form below.');
  });

  it("shows the server's field errors beside the fields", async () => {
    await page.getByLabel('Name', { exact: true }).fill('web-1');
    await page.getByLabel('Host', { exact: true }).fill('not a host!');
    await page.getByLabel('SSH port').fill('70000');
    await page.getByLabel('Private key').fill('not a key');
    await page.getByLabel('CPU cores').fill('0');
    await page.getByRole('button', { name: 'Add server' }).click();

    await fieldOf('host').locator('.field-error').waitFor();
    expect(await fieldOf('host').locator('.field-error').textContent()).toBe('must be a hostname or an IP address');
    expect(await fieldOf('port').locator('.field-error').textContent()).toBe('must be 1-65535');
    expect(await fieldOf('sshPrivateKey').locator('.field-error').textContent()).toBe(
      'must be a PEM or OpenSSH private key',
    );
    expect(await fieldOf('capacity.cpuCores').locator('.field-error').textContent()).toBe('must be 1-1024');
    expect(await page.getByLabel('Host', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.alert-error').count()).toBe(0);
    expect((await suite.api('/servers')).total).toBe(0);
  });

  it("refuses a Docker socket that is not an absolute path beside its field, in the core schema's words, sending nothing", async () => {
    expect(await page.getByLabel('Docker socket').inputValue()).toBe('/var/run/docker.sock');
    await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('SSH port').fill(String(suite.sshd.port));
    await page.getByLabel('Private key').fill('');
    await page.getByLabel('CPU cores').fill('4');
    await page.getByLabel('Docker socket').fill('run/docker.sock');
    await page.getByRole('button', { name: 'Add server' }).click();
    const socketError = fieldOf('dockerSocket').locator('.field-error');
    await socketError.waitFor();
    expect(await socketError.textContent()).toBe(
      'must be an absolute path of letters, digits and _ . @ + - (like /var/run/docker.sock)',
    );
    expect(await page.getByLabel('Docker socket').getAttribute('aria-invalid')).toBe('true');
    // Checked in the browser: the server's errors of the last attempt are gone, nothing was sent.
    expect(await fieldOf('host').locator('.field-error').count()).toBe(0);
    expect((await suite.api('/servers')).total).toBe(0);
  });

  it('adds a server without SSH access and lists it with its status and capacity', async () => {
    await page.getByLabel('Docker socket').fill('/run/user/1000/docker.sock');
    await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('SSH port').fill(String(suite.sshd.port));
    await page.getByLabel('SSH user').fill('deploy');
    await page.getByLabel('SSH access').selectOption('none');
    expect(await page.getByLabel('Private key').count()).toBe(0);
    await page.getByLabel('CPU cores').fill('4');
    await page.getByRole('button', { name: 'Add server' }).click();

    await page.getByText('Server web-1 was added.').waitFor();
    const listed = row('web-1');
    await listed.waitFor();
    expect(await listed.textContent()).toContain(`deploy@127.0.0.1:${suite.sshd.port}`);
    expect(await listed.textContent()).toContain('4 CPU · 8 GB RAM · 10 instances');
    // Nothing is known of it before its first check: not a green "active".
    expect(await listed.locator('.badge').textContent()).toBe('pending');
    expect(await listed.textContent()).toContain('Never checked');
    expect((await suite.api('/servers')).items[0]).toMatchObject({
      status: 'pending',
      lastCheckedAt: null,
      name: 'web-1',
      hasSshKey: false,
      hasSshPassword: false,
      dockerSocket: '/run/user/1000/docker.sock',
    });
    expect(await fieldOf('dockerSocket').locator('.field-error').count()).toBe(0);
  });

  it('checks a server now on request, then the check job turns the others unreachable live, with the reason', async () => {
    await suite.api('/servers', {
      method: 'POST',
      body: { name: 'closed-1', host: '127.0.0.1', port: 9, sshPassword: 'not-this-one', capacity },
    });
    const closed = row('closed-1');
    await closed.waitFor();
    expect(await closed.locator('.badge').textContent()).toBe('pending');

    await closed.getByRole('button', { name: 'Check now closed-1' }).click();
    await expect.poll(() => closed.locator('.badge').textContent(), { timeout: 30_000 }).toBe('unreachable');
    expect(await closed.textContent()).toContain('over SSH: connection refused');
    expect(await closed.textContent()).toContain('Last checked just now');
    expect(await row('web-1').locator('.badge').textContent()).toBe('pending');

    // The job checks what is due: web-1 has no key or password, so no login can work.
    await suite.app.jobs!.runNow('server-probe');
    await expect.poll(() => row('web-1').locator('.badge').textContent(), { timeout: 30_000 }).toBe('unreachable');
    expect(await row('web-1').textContent()).toContain('no SSH key or password');
  });

  it('fits a phone screen', async () => {
    expect(await phoneOverflow(page, 'servers')).toBeLessThanOrEqual(0);
  });

  it('deletes a server once confirmed', async () => {
    const closed = row('closed-1');
    await closed.getByRole('button', { name: 'Delete', exact: true }).click();
    await closed.getByText('Delete closed-1? Nothing on it is touched.').waitFor();
    await closed.getByRole('button', { name: 'Delete server' }).click();
    await closed.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Servers (1)' }).waitFor();
    expect((await suite.api('/servers')).items.map((s: { name: string }) => s.name)).toEqual(['web-1']);
  });

  it('shows the list without the form to a Viewer', async () => {
    const vic = { name: 'Vic Viewer', email: 'vic.servers@example.com' };
    const vicToken = await signUp(suite.app.url, vic);
    await inviteAndAccept(suite.app, suite.token, { email: vic.email, password: testPassword, role: 'Viewer' });
    const { id: organizationId } = await suite.api('/org');
    const switched = await callApi(suite.app.url, '/auth/switch-org', {
      method: 'POST',
      token: vicToken,
      body: { organizationId },
    });
    const vicPage = await openSignedIn(
      suite.browser,
      suite.app.url,
      (switched.body as { token: string }).token,
      suite.pageErrors,
    );
    await vicPage.goto(`${suite.app.url}/servers`);
    await vicPage.getByRole('row').filter({ hasText: 'web-1' }).waitFor();
    await vicPage.getByText('needs the manage:servers permission').waitFor();
    expect(await vicPage.getByRole('button', { name: /^(Add server|Delete)$/ }).count()).toBe(0);
    await vicPage.close();
    expect(suite.pageErrors).toEqual([]);
  });
});
