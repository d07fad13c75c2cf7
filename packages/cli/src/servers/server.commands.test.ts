import { beforeAll, describe, expect, it } from 'vitest';
import { expectFailures, runJson, useOwner } from '../testing/cli-fixtures.js';
import { pipedInput } from '../testing/cli-harness.js';
import { writeSshKeyPair } from '../testing/topology-fixtures.js';

// No job worker: the reachability probe would turn these made-up hosts unreachable mid-test.
const { server, owner } = useOwner({ name: 'Sam', env: { OCORE_JOBS: '0' } });
const sshPassword = 'piped-secret-9f2c';

interface ServerRow {
  id: string;
  name: string;
  hasSshKey: boolean;
  hasSshPassword: boolean;
  capacity: { cpuCores: number; memoryMb: number; maxInstances: number };
}

beforeAll(async () => {
  await writeSshKeyPair(server);
});

describe('ocore server add', () => {
  it('reads the key from its file and the password from stdin, and never prints either', async () => {
    const args = ['server', 'add', '--name', 'db-1', '--host', '127.0.0.5', '--user', 'deploy', '--port', '2222'];
    const keyArgs = ['--key-file', server.path('id_ed25519'), '--password-stdin', '--cpu', '8', '--memory-mb', '16384'];
    const result = await owner.run([...args, ...keyArgs], {}, pipedInput(`${sshPassword}\n`));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Added server db-1.');
    expect(result.stdout).toMatch(/Address:\s+deploy@127\.0\.0\.5:2222/);
    expect(result.stdout).toMatch(/SSH credentials:\s+key \+ password/);
    expect(result.stdout).toMatch(/Capacity:\s+8 CPU, 16384 MB, 10 instances/);
    const [db] = (await runJson<{ items: ServerRow[] }>(owner, ['--json', 'server', 'list'])).items;
    expect(db).toMatchObject({ name: 'db-1', hasSshKey: true, hasSshPassword: true });
    for (const output of [result.stdout, JSON.stringify(db)]) {
      expect(output).not.toContain(sshPassword);
      expect(output).not.toContain('PRIVATE KEY');
    }
  });

  it('adds a server without credentials, with the defaults, and says deployments need them', async () => {
    const result = await owner.run(['server', 'add', '--name', 'app-1', '--host', 'app-1.internal']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/Address:\s+root@app-1\.internal:22/);
    expect(result.stdout).toMatch(/Capacity:\s+4 CPU, 8192 MB, 10 instances/);
    expect(result.stdout).toContain('It has no SSH key or password: deployments to it fail until it has one.');
    expect(result.stdout).toMatch(/Docker socket:\s+\/var\/run\/docker\.sock/);
  });

  it("takes the Docker Engine's socket, checked before it is sent", async () => {
    const add = (socket: readonly string[]) =>
      owner.run(['server', 'add', '--name', 'rootless', '--host', '127.0.0.6', '--docker-socket', ...socket]);
    const added = await add(['/run/user/1000/docker.sock']);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/Docker socket:\s+\/run\/user\/1000\/docker\.sock/);
    await expectFailures(add, 2, [
      [['docker.sock'], "option '--docker-socket <path>' argument 'docker.sock' is invalid. must be an absolute path"],
      [['/var/run/../docker.sock'], 'must not contain . or .. segments'],
    ]);
  });

  it('exits 2 for a key file it cannot read or that holds no private key, and for empty stdin', async () => {
    const add = (flags: readonly string[]) =>
      owner.run(['server', 'add', '--name', 'bad', '--host', 'h', ...flags], {}, pipedInput(''));
    await expectFailures(add, 2, [
      [['--key-file', server.path('missing')], `--key-file: cannot read ${server.path('missing')}`],
      [['--key-file', server.path('id_ed25519.pub')], 'must be a PEM or OpenSSH private key'],
      [['--password-stdin'], '--password-stdin: standard input was empty'],
      [['--port', '70000'], "option '--port <n>' argument '70000' is invalid. must be 1-65535"],
    ]);
  });

  it("exits 1 with the server's reason for a host it refuses", async () => {
    const result = await owner.run(['server', 'add', '--name', 'bad', '--host', 'not a host']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('host: must be a hostname or an IP address');
  });
});

describe('ocore server list|get|remove', () => {
  it('lists the servers with address, status, credentials and capacity', async () => {
    const result = await owner.run(['server', 'list']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+ADDRESS\s+STATUS\s+SSH\s+CAPACITY\s+LAST CHECKED\s+CHECK ERROR\s+ID$/);
    expect(lines.find((l) => l.startsWith('db-1 '))).toMatch(
      /^db-1\s+deploy@127\.0\.0\.5:2222\s+pending\s+key \+ password\s+8 CPU, 16384 MB, 10 instances\s+never\s+-\s+[0-9a-f-]{36}$/,
    );
    expect(lines.find((l) => l.startsWith('app-1 '))).toMatch(/\s+none\s+/);
  });

  it('gets a server by name or id', async () => {
    const byName = await runJson<ServerRow>(owner, ['--json', 'server', 'get', 'app-1']);
    const byId = await owner.run(['server', 'get', byName.id]);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toMatch(new RegExp(`ID:\\s+${byName.id}`));
    expect(byId.stdout).toMatch(/Name:\s+app-1/);
    const unknown = await owner.run(['server', 'get', 'nowhere']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('there is no server "nowhere"; see `ocore server list`');
  });

  it('checks a server now, printing what it found, and exits 1 when it cannot be reached', async () => {
    // Nothing listens on 127.0.0.5:2222, and the key is a made-up one.
    const result = await owner.run(['server', 'check', 'db-1']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Status:\s+unreachable/);
    expect(result.stdout).not.toMatch(/Last checked:\s+never/);
    expect(result.stderr).toContain('server db-1 cannot be reached: ');
    const checked = await runJson<ServerRow & { status: string; lastCheckedAt: string }>(owner, [
      '--json',
      'server',
      'get',
      'db-1',
    ]);
    expect(checked).toMatchObject({ status: 'unreachable', lastCheckedAt: expect.any(String) });
    expect((await owner.run(['server', 'check', 'nowhere'])).code).toBe(1);
  });

  it('removes a server, then exits 1 for it', async () => {
    const { id } = await runJson<ServerRow>(owner, ['--json', 'server', 'get', 'app-1']);
    const result = await owner.run(['server', 'remove', id]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`Removed server app-1 (${id}).\n`);
    expect((await owner.run(['server', 'remove', id])).code).toBe(1);
  });
});
