import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFailures, runJson, runOk, useOwner } from '../testing/cli-fixtures.js';

// The job worker runs: it takes the operations. The server has no SSH credentials, so every
// deploy fails at its first step with that reason, which is what a real engine-less server does.
const { owner } = useOwner({ name: 'Ines' });

// Answers like an SSH daemon, so the reachability probe keeps the server active.
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
});
afterAll(() => new Promise<void>((resolve) => sshLike.close(() => resolve())));

const reason = 'server box-1 has no SSH key or password';

interface InstanceRow {
  id: string;
  name: string;
  status: string;
  stage: string;
  projectId: string | null;
  failedStep: string | null;
  failureReason: string | null;
}

describe('ocore project create|list|get|update', () => {
  it('creates, lists, shows and renames a project', async () => {
    const created = await runOk(owner, ['project', 'create', '--name', 'Acme ERP', '--description', 'Acme’s Odoo']);
    expect(created.stdout).toContain('Created project Acme ERP.');
    const [header, row] = (await runOk(owner, ['project', 'list'])).stdout.trim().split('\n');
    expect(header).toMatch(/^NAME\s+INSTANCES\s+CREATED\s+ID$/);
    expect(row).toMatch(/^Acme ERP\s+0\s+\S+Z\s+[0-9a-f-]{36}$/);
    expect((await runOk(owner, ['project', 'get', 'Acme ERP'])).stdout).toMatch(/Description:\s+Acme’s Odoo/);
    const renamed = await runJson<{ name: string }>(owner, [
      '--json',
      'project',
      'update',
      'Acme ERP',
      '--name',
      'Acme',
    ]);
    expect(renamed.name).toBe('Acme');
    expect((await owner.run(['project', 'update', 'Acme'])).code).toBe(2);
  });
});

describe('ocore instance create|get|logs|start|delete', () => {
  it('creates an instance whose provisioning fails with the reason, followed live', async () => {
    const args = ['instance', 'create', '--name', 'acme-staging', '--server', 'box-1', '--odoo-version', '18.0'];
    const limits = ['--cpu-limit', '1.5', '--memory-limit-mb', '2048'];
    const created = await runOk(owner, [
      ...args,
      '--project',
      'Acme',
      '--stage',
      'staging',
      '--workers',
      '2',
      ...limits,
    ]);
    expect(created.stdout).toMatch(/Queued the provision of instance acme-staging \(operation [0-9a-f-]{36}\)/);

    const logs = await owner.run(['instance', 'logs', 'acme-staging', '--follow']);
    expect(logs.code).toBe(1);
    expect(logs.stdout).toMatch(/error\s+\[connect to server\] .*no SSH key or password/);
    expect(logs.stderr).toContain(`the provision of instance acme-staging failed at connect to server: ${reason}`);

    const instance = await runJson<InstanceRow>(owner, ['--json', 'instance', 'get', 'acme-staging']);
    expect(instance).toMatchObject({ status: 'failed', stage: 'staging', failedStep: 'connect to server' });
    expect(instance.failureReason).toContain(reason);
    const shown = (await runOk(owner, ['instance', 'get', instance.id])).stdout;
    expect(shown).toMatch(/Status:\s+failed at connect to server: server box-1 has no SSH key or password/);
    expect(shown).toMatch(/Project:\s+Acme \(staging\)/);
    expect(shown).toMatch(/Workers:\s+2/);
    expect(shown).toMatch(/Limits:\s+1\.5 CPU, 2048 MB/);
  });

  it('exits 2 for a limit it cannot read, naming the flag, and creates nothing', async () => {
    const base = ['instance', 'create', '--name', 'broken', '--server', 'box-1', '--odoo-version', '18.0'];
    await expectFailures((flags) => owner.run([...base, ...flags]), 2, [
      [['--cpu-limit', 'half'], "option '--cpu-limit <cores>' argument 'half' is invalid", 'like 0.5 or 2'],
      [['--cpu-limit', '0.125'], 'to the hundredth'],
      [['--memory-limit-mb', '100'], "'--memory-limit-mb <MB>' argument '100' is invalid. must be 256-1048576"],
      [['--memory-limit-mb', '1.5'], 'must be a whole number'],
    ]);
    expect((await runJson<{ total: number }>(owner, ['--json', 'instance', 'list', '--search', 'broken'])).total).toBe(
      0,
    );
  });

  it('prints the log lines of the newest operation, and lists the operations', async () => {
    const logs = await runOk(owner, ['instance', 'logs', 'acme-staging']);
    expect(logs.stdout).toMatch(/^Operation [0-9a-f-]{36}: provision, failed/);
    expect(logs.stdout).toContain('[connect to server]');
    const operations = await runJson<{ items: { kind: string; status: string }[] }>(owner, [
      '--json',
      'instance',
      'operations',
      'acme-staging',
    ]);
    expect(operations.items).toEqual([expect.objectContaining({ kind: 'provision', status: 'failed' })]);
  });

  it('starts it again with --follow: exit 1 with the same reason', async () => {
    const started = await owner.run(['instance', 'start', 'acme-staging', '--follow']);
    expect(started.code).toBe(1);
    expect(started.stderr).toContain(`the start of instance acme-staging failed at connect to server: ${reason}`);
    const { items } = await runJson<{ items: { kind: string }[] }>(owner, [
      '--json',
      'instance',
      'operations',
      'acme-staging',
    ]);
    expect(items.map((o) => o.kind)).toEqual(['start', 'provision']);
  });

  it('updates workers, variables and limits: the update operation is followed, and fails the same way', async () => {
    const args = ['instance', 'update', 'acme-staging', '--workers', '4', '--env', 'LOG_LEVEL=debug'];
    const updated = await owner.run([...args, '--follow']);
    expect(updated.code).toBe(1);
    expect(updated.stderr).toContain(`the update of instance acme-staging failed at connect to server: ${reason}`);
    const instance = await runJson<InstanceRow & { workers: number; envVars: Record<string, string> }>(owner, [
      '--json',
      'instance',
      'get',
      'acme-staging',
    ]);
    expect(instance).toMatchObject({ workers: 4, envVars: { LOG_LEVEL: 'debug' } });
    const unset = await runJson<{ instance: { envVars: Record<string, string> } }>(owner, [
      '--json',
      'instance',
      'update',
      'acme-staging',
      '--unset-env',
      'LOG_LEVEL',
    ]);
    expect(unset.instance.envVars).toEqual({});
    // Its update operation runs on; the tests after this one need the instance settled.
    const status = async () =>
      (await runJson<InstanceRow>(owner, ['--json', 'instance', 'get', 'acme-staging'])).status;
    await expect.poll(status, { timeout: 15_000 }).toBe('failed');
    // The limits: one changed, the other lifted with none.
    const limited = await runOk(owner, [
      'instance',
      'update',
      'acme-staging',
      '--cpu-limit',
      'none',
      '--memory-limit-mb',
      '1024',
    ]);
    expect(limited.stdout).toMatch(/Limits:\s+no CPU limit, 1024 MB/);
    expect(limited.stdout).toMatch(/Queued the update of instance acme-staging/);
    expect(
      await runJson<{ cpuLimit: number | null; memoryLimitMb: number | null }>(owner, [
        '--json',
        'instance',
        'get',
        'acme-staging',
      ]),
    ).toMatchObject({ cpuLimit: null, memoryLimitMb: 1024 });
    await expect.poll(status, { timeout: 15_000 }).toBe('failed');
    expect((await owner.run(['instance', 'update', 'acme-staging'])).code).toBe(2);
  });

  it('follows a provisioning from create, with --json the failed operation', async () => {
    const args = ['--json', 'instance', 'create', '--name', 'acme-dev', '--server', 'box-1', '--odoo-version', '17.0'];
    const result = await owner.run([...args, '--follow']);
    expect(result.code).toBe(1);
    const operation = JSON.parse(result.stdout) as { kind: string; status: string; logs: { step: string }[] };
    expect(operation).toMatchObject({ kind: 'provision', status: 'failed', step: 'connect to server' });
    expect(operation.logs.at(-1)?.step).toBe('connect to server');
  });

  it('refuses to delete a project that holds an instance', async () => {
    const refused = await owner.run(['project', 'delete', 'Acme']);
    expect(refused.code).toBe(1);
    expect((await runOk(owner, ['project', 'list'])).stdout).toMatch(/Acme\s+1/);
  });

  it('deletes the instances, following the operation, then the project', async () => {
    const deleted = await runOk(owner, ['instance', 'delete', 'acme-staging', '--keep-data', '--follow']);
    expect(deleted.stdout).toContain('Done: the delete of instance acme-staging succeeded.');
    const queued = await runJson<{ kind: string; keepData: boolean }>(owner, [
      '--json',
      'instance',
      'delete',
      'acme-dev',
    ]);
    expect(queued).toMatchObject({ kind: 'delete', keepData: false });
    await expect
      .poll(async () => (await runJson<{ items: InstanceRow[] }>(owner, ['--json', 'instance', 'list'])).items, {
        timeout: 15_000,
      })
      .toEqual([]);
    expect((await runOk(owner, ['project', 'delete', 'Acme'])).stdout).toMatch(/^Deleted project Acme \(/);
  });

  it('says which instance it cannot find', async () => {
    const result = await owner.run(['instance', 'get', 'nope']);
    expect(result).toMatchObject({ code: 1 });
    expect(result.stderr).toContain('there is no instance "nope"; see `ocore instance list`');
  });
});
