import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJson, runOk, useMockDns, useOwner } from '../testing/cli-fixtures.js';

// DNS is the test's own server on loopback; the instance's server takes no SSH (its provision
// fails), which domains do not need: they are records until verified.
const mock = useMockDns();
const { owner } = useOwner({
  name: 'Dina',
  env: () => ({ ...mock.serverEnv(), OCORE_INSTANCE_BASE_DOMAIN: 'apps.test' }),
});

let sshLike: Server;
beforeAll(async () => {
  sshLike = createServer((socket) =>
    socket
      .on('error', () => undefined)
      .resume()
      .end('SSH-2.0-test\r\n'),
  );
  await new Promise<void>((resolve) => sshLike.listen(0, '127.0.0.1', resolve));
  const port = String((sshLike.address() as AddressInfo).port);
  await runOk(owner, ['server', 'add', '--name', 'box-1', '--host', '127.0.0.1', '--port', port]);
  await runOk(owner, ['instance', 'create', '--name', 'shop', '--server', 'box-1', '--odoo-version', '18.0']);
});
afterAll(() => new Promise<void>((resolve) => sshLike.close(() => resolve())));

describe('ocore instance domain add|list|verify|remove', () => {
  it('adds a domain showing the records to add, checks it, lists and removes it', async () => {
    const added = await runOk(owner, ['instance', 'domain', 'add', 'shop', 'ERP.Acme.test']);
    expect(added.stdout).toContain('Added erp.acme.test.');
    expect(added.stdout).toMatch(/TXT\s+_ocore-verification\.erp\.acme\.test\s+ocore-verify-[0-9a-f]{32}/);
    expect(added.stdout).toMatch(/CNAME\s+erp\.acme\.test\s+shop\.apps\.test/);

    const early = await runOk(owner, ['instance', 'domain', 'verify', 'shop', 'erp.acme.test']);
    expect(early.stdout).toContain('Not verified yet.');
    expect(early.stdout).toContain('No TXT record at _ocore-verification.erp.acme.test');

    const list = await runJson<{ items: { domain: string; status: string }[] }>(owner, [
      '--json',
      'instance',
      'domain',
      'list',
      'shop',
    ]);
    expect(list.items).toEqual([expect.objectContaining({ domain: 'erp.acme.test', status: 'pending' })]);

    expect((await runOk(owner, ['instance', 'domain', 'remove', 'shop', 'erp.acme.test'])).stdout).toBe(
      'Removed erp.acme.test.\n',
    );
    expect((await runOk(owner, ['instance', 'domain', 'list', 'shop'])).stdout).toContain('No custom domains.');
    expect((await owner.run(['instance', 'domain', 'add', 'shop', 'not a domain'])).stderr).toContain(
      'must be a valid hostname',
    );
  });
});
