import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOk, useOwner } from '../testing/cli-fixtures.js';

// No engine: the instance's provisioning fails, so its clone is refused naming the status
// (the clone itself runs against a real engine in the server's docker test).
const { owner } = useOwner({ name: 'Cleo' });

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

describe('ocore instance clone, ocore backup verify|restore', () => {
  it('asks for a clone with its stage and says why the server refused it', async () => {
    const refused = await owner.run(['instance', 'clone', 'shop', '--name', 'shop-staging', '--stage', 'staging']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/instance cannot be cloned/);
    expect((await owner.run(['instance', 'clone', 'shop', '--name', 'x', '--stage', 'production'])).code).toBe(2);
  });

  it('takes another server by name, and names a server it does not know', async () => {
    const unknown = await owner.run(['instance', 'clone', 'shop', '--name', 'far', '--server', 'box-9']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/box-9/);
    expect(unknown.stderr).toMatch(/ocore server list/);
    // A known server is resolved and sent: the refusal is then about the source, not the server.
    const known = await owner.run(['instance', 'clone', 'shop', '--name', 'far', '--server', 'box-1']);
    expect(known.stderr).toMatch(/instance cannot be cloned/);
  });

  it('verifies and restores backups by id, and wants a name for a new instance', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const verify = await owner.run(['backup', 'verify', missing]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/Backup not found/);
    expect((await owner.run(['backup', 'restore', missing, '--new'])).code).toBe(2);
    expect((await owner.run(['backup', 'restore', missing, '--new', '--name', 'copy'])).stderr).toMatch(
      /Backup not found/,
    );
  });
});
