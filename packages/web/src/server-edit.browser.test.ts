/// <reference types="node" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import { phoneOverflow } from './testing/browser-harness';
import { startInfrastructureSuite, type InfrastructureSuite } from './testing/infrastructure-suite';

/* A server's page in headless Chromium: its edit form, write-only SSH access and pinned host key. */

warnIfSkipped('server-edit.browser.test');

const privateKey = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
// The same messages as on the add form: the server's schema words them.
const expectedErrors = {
  host: 'must be a hostname or an IP address',
  port: 'must be 1-65535',
  sshPrivateKey: 'must be a PEM or OpenSSH private key',
  'capacity.cpuCores': 'must be 1-1024',
};
const fingerprint = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';

describe.skipIf(!runsInBrowser)("a server's page in Chromium", () => {
  let suite: InfrastructureSuite;
  let page: Page;
  let serverId: string;

  const fieldOf = (name: string) => page.locator('.field').filter({ has: page.locator(`[name="${name}"]`) });
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const stored = async () => suite.api(`/servers/${serverId}`);

  beforeAll(async () => {
    suite = await startInfrastructureSuite({ name: 'Eve Editor', email: 'eve.editor@example.com' });
    ({ page } = suite);
    serverId = await suite.addServer('edit-1');
  });

  afterAll(() => suite?.close());

  it('opens from the list and says the server has no SSH access yet', async () => {
    await page.goto(`${suite.app.url}/servers`);
    await page.getByRole('link', { name: 'Edit edit-1' }).click();
    await page.getByRole('heading', { level: 1, name: 'edit-1', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/servers/${serverId}`);
    expect(await page.getByLabel('Host', { exact: true }).inputValue()).toBe('127.0.0.1');
    expect(await page.getByLabel('SSH port').inputValue()).toBe(String(suite.sshd.port));
    expect(await fieldOf('capacity.memoryMb').locator('input').inputValue()).toBe('8192');
    await page.getByText('None: deployments cannot sign in to this server').waitFor();
    await page.getByText('None pinned yet').waitFor();
  });

  it("shows the server's field errors beside the fields and changes nothing", async () => {
    await page.getByLabel('Host', { exact: true }).fill('not a host!');
    await page.getByLabel('SSH port').fill('70000');
    await page.getByLabel('SSH access').selectOption('key');
    await page.getByLabel('Private key').fill('not a key');
    await page.getByLabel('CPU cores').fill('0');
    await button('Save server').click();

    const errorOf = (name: string) => fieldOf(name).locator('.field-error');
    await errorOf('host').waitFor();
    const shown = await Promise.all(Object.keys(expectedErrors).map((name) => errorOf(name).textContent()));
    expect(Object.fromEntries(Object.keys(expectedErrors).map((name, i) => [name, shown[i]]))).toEqual(expectedErrors);
    expect(await page.getByLabel('SSH port').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.alert-error').count()).toBe(0);
    expect(await stored()).toMatchObject({ name: 'edit-1', port: suite.sshd.port, hasSshKey: false });
  });

  it('saves the address, a private key, the capacity and maintenance', async () => {
    await page.getByLabel('Name', { exact: true }).fill('edit-renamed');
    await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('SSH port').fill(String(suite.sshd.port));
    await page.getByLabel('SSH user').fill('deploy');
    await page.getByLabel('Private key').fill(privateKey);
    await page.getByLabel('CPU cores').fill('8');
    await page.getByLabel('Memory (MB)').fill('16384');
    await page.getByLabel('Maintenance').check();
    await button('Save server').click();

    await page.getByText('Server edit-renamed was saved.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'edit-renamed', exact: true }).waitFor();
    expect(await page.getByLabel('SSH access').inputValue()).toBe('keep');
    expect(await page.getByLabel('Private key').count()).toBe(0);
    await page.getByText('A private key is stored.').waitFor();
    expect(await page.locator('.badge').first().textContent()).toBe('maintenance');
    expect(await stored()).toMatchObject({
      name: 'edit-renamed',
      sshUser: 'deploy',
      hasSshKey: true,
      hasSshPassword: false,
      status: 'maintenance',
      capacity: { cpuCores: 8, memoryMb: 16384, maxInstances: 5 },
    });
    expect(JSON.stringify(await stored())).not.toContain('OPENSSH');
  });

  it('replaces the key by a password, then removes both, and ends maintenance', async () => {
    await page.getByLabel('SSH access').selectOption('password');
    await page.getByLabel('SSH password').fill('s3cret-pass');
    await button('Save server').click();
    await page.getByText('A password is stored.').waitFor();
    expect(await stored()).toMatchObject({ hasSshKey: false, hasSshPassword: true });

    await page.getByLabel('SSH access').selectOption('none');
    await page.getByLabel('Maintenance').uncheck();
    await button('Save server').click();
    await page.getByText('None: deployments cannot sign in to this server').waitFor();
    // Back in service, it is pending until its next check: never active on its word.
    expect(await stored()).toMatchObject({ hasSshKey: false, hasSshPassword: false, status: 'pending' });
    const audit = await suite.api('/org/audit-log?action=server.updated');
    expect(JSON.stringify(audit)).toContain('cleared');
  });

  it('changes the Docker socket, refusing a path with .. in the browser, and goes back to the default when emptied', async () => {
    const socket = page.getByLabel('Docker socket');
    expect(await socket.inputValue()).toBe('/var/run/docker.sock');
    await socket.fill('/run/../docker.sock');
    await button('Save server').click();
    const socketError = fieldOf('dockerSocket').locator('.field-error');
    await socketError.waitFor();
    expect(await socketError.textContent()).toBe('must not contain . or .. segments');
    expect((await stored()).dockerSocket).toBe('/var/run/docker.sock');

    await socket.fill('/run/user/1000/docker.sock');
    await button('Save server').click();
    await page.getByText('Server edit-renamed was saved.').last().waitFor();
    await expect.poll(async () => (await stored()).dockerSocket).toBe('/run/user/1000/docker.sock');
    expect(await socketError.count()).toBe(0);
    await page.reload();
    expect(await page.getByLabel('Docker socket').inputValue()).toBe('/run/user/1000/docker.sock');

    await page.getByLabel('Docker socket').fill('');
    await button('Save server').click();
    await expect.poll(async () => (await stored()).dockerSocket).toBe('/var/run/docker.sock');
  });

  it('shows the pinned host key and forgets it once confirmed', async () => {
    await suite.app.deps.store.servers.update(serverId, { sshHostKey: fingerprint });
    await page.reload();
    await page.getByText(fingerprint).waitFor();
    await button('Reset host key').click();
    await page.getByText('Forget the pinned key?').waitFor();
    await page.getByRole('group', { name: 'Reset host key' }).getByRole('button', { name: 'Reset host key' }).click();
    await page.getByText('The host key was forgotten.').waitFor();
    expect((await stored()).sshHostKey).toBeNull();
  });

  it('fits a phone screen', async () => {
    expect(await phoneOverflow(page, 'server-edit')).toBeLessThanOrEqual(0);
    expect(suite.pageErrors).toEqual([]);
  });
});
