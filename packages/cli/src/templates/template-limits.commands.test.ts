import { beforeAll, describe, expect, it } from 'vitest';
import { expectFailures, runJson, runOk, useOwner } from '../testing/cli-fixtures.js';

// No job worker: the provisioned instances stay pending.
const { owner } = useOwner({ name: 'Lena', env: { OCORE_JOBS: '0' } });

interface Limits {
  cpuLimit: number | null;
  memoryLimitMb: number | null;
}

beforeAll(async () => {
  await runOk(owner, ['server', 'add', '--name', 'odoo-1', '--host', '127.0.0.7']);
});

const template = async (name: string) =>
  (await runJson<{ items: (Limits & { name: string })[] }>(owner, ['--json', 'template', 'list'])).items.find(
    (t) => t.name === name,
  );

describe('ocore template create|update|provision --cpu-limit --memory-limit-mb', () => {
  it('creates a template with limits and shows them', async () => {
    const args = ['template', 'create', '--name', 'Sized', '--odoo-version', '18.0'];
    const result = await owner.run([...args, '--workers', '1', '--cpu-limit', '1.5', '--memory-limit-mb', '2048']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/Limits:\s+1\.5 CPU, 2048 MB/);
    expect(await template('Sized')).toMatchObject({ cpuLimit: 1.5, memoryLimitMb: 2048 });
  });

  it('exits 2 for a limit it cannot read, naming the flag, and creates nothing', async () => {
    const base = ['template', 'create', '--name', 'Broken', '--odoo-version', '18.0'];
    await expectFailures((flags) => owner.run([...base, ...flags]), 2, [
      [['--cpu-limit', 'half'], "option '--cpu-limit <cores>' argument 'half' is invalid", 'like 0.5 or 2'],
      [['--cpu-limit', '0.125'], "'--cpu-limit <cores>' argument '0.125' is invalid", 'to the hundredth'],
      [['--cpu-limit', '300'], 'must be 0.1-256 CPU cores, or none'],
      [['--memory-limit-mb', '100'], "'--memory-limit-mb <MB>' argument '100' is invalid. must be 256-1048576"],
      [['--memory-limit-mb', '1.5'], 'must be a whole number'],
      // Its first name, kept for the scripts that use it.
      [['--memory-limit', '1.5'], 'must be a whole number'],
    ]);
    expect(await template('Broken')).toBeUndefined();
  });

  it('changes a limit, lifts the other with none, and says when nothing changes', async () => {
    const result = await owner.run(['template', 'update', 'Sized', '--cpu-limit', '2', '--memory-limit-mb', 'none']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Updated template Sized.');
    expect(result.stdout).toMatch(/Limits:\s+2 CPU, no memory limit$/m);
    expect(await template('Sized')).toMatchObject({ cpuLimit: 2, memoryLimitMb: null });
    // --memory-limit is the first name of --memory-limit-mb, and still works.
    const renamed = await owner.run(['template', 'update', 'Sized', '--name', 'Sized 2', '--memory-limit', '1024']);
    expect(renamed.code).toBe(0);
    expect(await template('Sized 2')).toMatchObject({ cpuLimit: 2, memoryLimitMb: 1024 });
    const nothing = await owner.run(['template', 'update', 'Sized 2']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to change');
  });

  it("provisions with the template's limits, or the ones given", async () => {
    const provision = ['--json', 'template', 'provision', 'Sized 2', '--server', 'odoo-1'];
    expect(await runJson<Limits>(owner, [...provision, '--name', 'Same'])).toMatchObject({
      cpuLimit: 2,
      memoryLimitMb: 1024,
    });
    expect(await runJson<Limits>(owner, [...provision, '--name', 'Own', '--cpu-limit', 'none'])).toMatchObject({
      cpuLimit: null,
      memoryLimitMb: 1024,
    });
  });
});
