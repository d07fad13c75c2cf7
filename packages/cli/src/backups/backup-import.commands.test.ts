import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runJson, runOk, useOwner } from '../testing/cli-fixtures.js';

// The server cannot be reached (nothing listens on port 1): its disk destination refuses uploads.
const { server, owner } = useOwner({ name: 'Ida' });

describe('ocore backup import', () => {
  it('streams the file to the import route and shows each refusal, naming its field', async () => {
    await runOk(owner, ['server', 'add', '--name', 'box', '--host', '127.0.0.1', '--port', '1']);
    await runOk(owner, ['instance', 'create', '--name', 'shop', '--server', 'box', '--odoo-version', '18.0']);
    const file = server.path('elsewhere.zip');
    // Large enough to cross the socket in many chunks (and for the progress to tell quarters).
    await writeFile(file, Buffer.alloc(4 * 1024 * 1024, 7));

    const missing = await owner.run(['backup', 'import', 'shop', server.path('nothing.zip')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nothing.zip: no such file');

    const stopped = await owner.run(['backup', 'import', 'shop', file]);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(
      /the import was refused \(400\): status: a \w+ instance cannot be restored in place/,
    );

    // Its provisioning fails (nothing listens on the server's port): once it has, it is made
    // running by hand, and nothing moves it again.
    const shopOf = async () =>
      (
        await runJson<{ items: { id: string; name: string; status: string }[] }>(owner, ['--json', 'instance', 'list'])
      ).items.find((i) => i.name === 'shop');
    await expect.poll(async () => (await shopOf())?.status, { timeout: 15_000 }).toBe('failed');
    await server.app.deps.store.instances.update((await shopOf())?.id ?? '', { status: 'running' });
    const nowhere = await owner.run(['backup', 'import', 'shop', file]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toContain(
      'the import was refused (400): destinationId: is required: add a backup destination',
    );

    const { token } = JSON.parse(await readFile(owner.configPath, 'utf8')) as { token: string };
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${server.app.url}/api${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string };
    };
    const servers = await runJson<{ items: { id: string }[] }>(owner, ['--json', 'server', 'list']);
    // `box` has no SSH credentials: its disk cannot take the upload, and the refusal says so.
    const disk = { kind: 'server', server: { serverId: servers.items[0]?.id, directory: '/b' } };
    await post('/backup-destinations', { name: 'Disk', ...disk });
    const unusable = await owner.run(['backup', 'import', 'shop', file, '--destination', 'Disk']);
    expect(unusable.code).toBe(1);
    expect(unusable.stderr).toContain(
      'the import was refused (400): destinationId: Disk cannot be used: server box has no SSH key or password',
    );
    // A server with a password, where nothing listens: the upload streams until the store fails.
    const other = await post('/servers', {
      name: 'other',
      host: '127.0.0.1',
      port: 1,
      sshUser: 'root',
      sshPassword: 'not used',
      capacity: { cpuCores: 1, memoryMb: 1024, maxInstances: 1 },
    });
    await post('/backup-destinations', {
      name: 'Other disk',
      kind: 'server',
      server: { serverId: other.id, directory: '/b' },
    });
    const refused = await owner.run(['backup', 'import', 'shop', file, '--destination', 'Other disk']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the import was refused (400): file: the upload could not be stored: ');
    // Nothing of a refused upload is kept.
    expect((await runJson<{ items: unknown[] }>(owner, ['--json', 'backup', 'list', 'shop'])).items).toEqual([]);
  });
});
