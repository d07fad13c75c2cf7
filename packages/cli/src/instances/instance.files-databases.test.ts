import { writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOk, useOwner } from '../testing/cli-fixtures.js';

// The instance's server takes no SSH: its provision fails, so the instance never runs. What a
// running container answers is the docker test's (instance.files-databases.docker.test.ts);
// here, what the CLI refuses before asking and what the server answers for an instance that
// does not run.
const { owner, server } = useOwner({ name: 'Fiona' });

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
  for (let i = 0; i < 100; i++) {
    const got = await owner.run(['--json', 'instance', 'get', 'shop']);
    if ((JSON.parse(got.stdout) as { status: string }).status === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});
afterAll(() => new Promise<void>((resolve) => sshLike.close(() => resolve())));

describe('ocore instance files ls|cat|put|get', () => {
  it('asks the server about the named instance, which says it does not run', async () => {
    for (const args of [
      ['ls', 'shop'],
      ['cat', 'shop', '/etc/odoo/odoo.conf'],
      ['get', 'shop', 'my_module/__manifest__.py', server.path('out.py')],
    ]) {
      const result = await owner.run(['instance', 'files', ...args]);
      expect(result, args.join(' ')).toMatchObject({ code: 1 });
      expect(result.stderr).toContain('the instance is failed; start it first');
    }
    expect((await owner.run(['instance', 'files', 'ls', 'nope'])).stderr).toContain('no instance');
  });

  it('refuses a local file it cannot read, or one larger than an upload carries, before asking', async () => {
    const missing = await owner.run(['instance', 'files', 'put', 'shop', server.path('missing.txt'), 'a.txt']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot be read');
    await writeFile(server.path('big.bin'), Buffer.alloc(10_485_761));
    const big = await owner.run(['instance', 'files', 'put', 'shop', server.path('big.bin'), 'big.bin']);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('the most one upload carries');
    await writeFile(server.path('small.txt'), 'hello\n');
    const small = await owner.run(['instance', 'files', 'put', 'shop', server.path('small.txt'), 'small.txt']);
    expect(small.code).toBe(1);
    expect(small.stderr).toContain('start it first');
  });
});

describe('ocore instance db list|create|duplicate|rename|drop|neutralize|serve', () => {
  it('asks the server about the named instance, which says it does not run', async () => {
    for (const args of [
      ['list', 'shop'],
      ['create', 'shop', 'shop_staging'],
      ['duplicate', 'shop', 'shop', 'shop_copy', '--neutralize'],
      ['rename', 'shop', 'shop_staging', 'shop_test'],
      ['neutralize', 'shop', 'shop_staging'],
      ['serve', 'shop', 'shop_staging'],
      ['drop', 'shop', 'shop_staging', '--confirm', 'shop_staging'],
    ]) {
      const result = await owner.run(['instance', 'db', ...args]);
      expect(result, args.join(' ')).toMatchObject({ code: 1 });
      expect(result.stderr).toContain('start it first');
    }
  });

  it('drops nothing until the name is typed again', async () => {
    const unconfirmed = await owner.run(['instance', 'db', 'drop', 'shop', 'shop_staging']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('pass --confirm with its name, e.g. --confirm shop_staging');
    const mismatch = await owner.run(['instance', 'db', 'drop', 'shop', 'shop_staging', '--confirm', 'shop_stagin']);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('the confirmation does not match "shop_staging"; nothing was dropped');
  });
});
