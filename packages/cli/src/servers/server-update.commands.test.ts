import { beforeAll, describe, expect, it } from 'vitest';
import { expectFailures, runJson, runOk, useOwner } from '../testing/cli-fixtures.js';
import { pipedInput } from '../testing/cli-harness.js';
import { writeSshKeyPair } from '../testing/topology-fixtures.js';

// No job worker: the reachability probe would turn these made-up hosts unreachable mid-test.
const { server, owner } = useOwner({ name: 'Uma', env: { OCORE_JOBS: '0' } });
const sshPassword = 'piped-secret-51ad';
const noCredentials = 'It has no SSH key or password: deployments to it fail until it has one.';

interface ServerRow {
  name: string;
  host: string;
  port: number;
  sshUser: string;
  status: string;
  hasSshKey: boolean;
  hasSshPassword: boolean;
  capacity: { cpuCores: number; memoryMb: number; maxInstances: number };
}

function update(args: readonly string[]): Promise<ServerRow> {
  return runJson<ServerRow>(owner, ['--json', 'server', 'update', ...args]);
}

beforeAll(async () => {
  await writeSshKeyPair(server);
  await runOk(owner, ['server', 'add', '--name', 'db-1', '--host', 'db-1.internal']);
});

describe('ocore server update', () => {
  it('gives a server the key and password deployments need, never printing them, and forgets them again', async () => {
    const args = ['server', 'update', 'db-1', '--key-file', server.path('id_ed25519'), '--password-stdin'];
    const result = await owner.run(args, {}, pipedInput(`${sshPassword}\n`));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Updated server db-1\.\n/);
    expect(result.stdout).toMatch(/SSH credentials:\s+key \+ password/);
    expect(result.stdout).not.toContain(noCredentials);
    expect(result.stdout).not.toContain(sshPassword);
    expect(result.stdout).not.toContain('PRIVATE KEY');
    expect(await update(['db-1', '--clear-key'])).toMatchObject({ hasSshKey: false, hasSshPassword: true });
    const cleared = await runOk(owner, ['server', 'update', 'db-1', '--clear-password']);
    expect(cleared.stdout).toMatch(/SSH credentials:\s+none/);
    expect(cleared.stdout).toContain(noCredentials);
  });

  it('changes only what is given: name, address, capacity', async () => {
    const moved = await update(['db-1', '--name', 'db-2', '--host', '127.0.0.6', '--port', '2200', '--user', 'deploy']);
    expect(moved).toMatchObject({ name: 'db-2', host: '127.0.0.6', port: 2200, sshUser: 'deploy' });
    expect((await update(['db-2', '--cpu', '16'])).capacity).toEqual({
      cpuCores: 16,
      memoryMb: 8192,
      maxInstances: 10,
    });
    const grown = await update(['db-2', '--memory-mb', '32768', '--max-instances', '20']);
    expect(grown).toMatchObject({ name: 'db-2', host: '127.0.0.6', port: 2200 });
    expect(grown.capacity).toEqual({ cpuCores: 16, memoryMb: 32768, maxInstances: 20 });
  });

  it('puts a server in maintenance and back, and forgets its host key', async () => {
    expect((await update(['db-2', '--maintenance'])).status).toBe('maintenance');
    // Out of maintenance it is pending until its next check says active or unreachable.
    expect((await update(['db-2', '--active'])).status).toBe('pending');
    const reset = await runOk(owner, ['server', 'update', 'db-2', '--reset-host-key']);
    expect(reset.stdout).toMatch(/SSH host key:\s+not pinned yet/);
  });

  it('exits 2 for nothing to change, options that contradict each other, and bad values', async () => {
    await expectFailures((args) => owner.run(['server', 'update', ...args], {}, pipedInput('')), 2, [
      [['db-2'], 'nothing to update: pass at least one option'],
      [['db-2', '--maintenance', '--active'], "option '--maintenance' cannot be used with option '--active'"],
      [['db-2', '--key-file', server.path('id_ed25519'), '--clear-key'], 'cannot be used with option'],
      [['db-2', '--password-stdin', '--clear-password'], 'cannot be used with option'],
      [['db-2', '--password-stdin'], '--password-stdin: standard input was empty'],
      [['db-2', '--key-file', server.path('missing')], `--key-file: cannot read ${server.path('missing')}`],
      [['db-2', '--port', '0'], "option '--port <n>' argument '0' is invalid. must be 1-65535"],
      [[], "missing required argument 'id'"],
    ]);
  });

  it("exits 1 for a server that does not exist, and with the server's reason for a host it refuses", async () => {
    await expectFailures((args) => owner.run(['server', 'update', ...args]), 1, [
      [['nowhere', '--cpu', '2'], 'there is no server "nowhere"; see `ocore server list`'],
      [['db-2', '--host', 'not a host'], 'host: must be a hostname or an IP address'],
    ]);
  });
});
