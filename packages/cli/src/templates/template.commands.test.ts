import { beforeAll, describe, expect, it } from 'vitest';
import { expectFailures, runJson, runOk, useOwner } from '../testing/cli-fixtures.js';
import { documentedArgs } from '../testing/cli-harness.js';

// No job worker: the reachability probe has nothing to do with templates.
const { owner } = useOwner({ name: 'Tess', env: { OCORE_JOBS: '0' } });

interface TemplateRow {
  id: string;
  name: string;
  description: string;
  defaultWorkers: number;
  defaultEnvVars: Record<string, string>;
  moduleList: string[];
}

interface InstanceRow {
  id: string;
  name: string;
  templateId: string;
  serverName: string;
  workers: number;
  envVars: Record<string, string>;
  status: string;
}

const createStandard = `ocore template create --name "Standard Odoo 18 CE" \\
  --description "Standard Community Edition setup for small businesses" \\
  --odoo-version 18.0 --edition ce --workers 4 --env PROXY_MODE=True \\
  --module sale --module purchase,stock --module account`;

beforeAll(async () => {
  await runOk(owner, ['server', 'add', '--name', 'odoo-1', '--host', '127.0.0.7']);
});

async function listTemplates(): Promise<TemplateRow[]> {
  return (await runJson<{ items: TemplateRow[] }>(owner, ['--json', 'template', 'list'])).items;
}

describe('ocore template create|list', () => {
  it('creates the template of the guide, flag by flag', async () => {
    const result = await owner.run(documentedArgs(createStandard));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Created template Standard Odoo 18 CE.');
    expect(result.stdout).toMatch(/Odoo:\s+18\.0 ce/);
    expect(result.stdout).toMatch(/Environment:\s+PROXY_MODE=True/);
    expect(result.stdout).toMatch(/Modules:\s+sale, purchase, stock, account/);
    expect(result.stdout).toMatch(/Visibility:\s+private/);
    expect(result.stdout).toMatch(/ocore template provision [0-9a-f-]{36} --server <server>/);
    expect(await listTemplates()).toEqual([
      expect.objectContaining({
        name: 'Standard Odoo 18 CE',
        description: 'Standard Community Edition setup for small businesses',
        defaultWorkers: 4,
        defaultEnvVars: { PROXY_MODE: 'True' },
        moduleList: ['sale', 'purchase', 'stock', 'account'],
      }),
    ]);
  });

  it('lists the templates', async () => {
    const result = await owner.run(['template', 'list']);
    expect(result.code).toBe(0);
    const [header, row] = result.stdout.trim().split('\n');
    expect(header).toMatch(/^NAME\s+ODOO\s+WORKERS\s+MODULES\s+VISIBILITY\s+ID$/);
    expect(row).toMatch(/^Standard Odoo 18 CE\s+18\.0 ce\s+4\s+4\s+private\s+[0-9a-f-]{36}$/);
  });

  it('exits 2 for a flag it cannot read, naming it, and creates nothing', async () => {
    const base = ['template', 'create', '--name', 'Broken'];
    await expectFailures((flags) => owner.run([...base, ...flags]), 2, [
      [['--odoo-version', '15.0'], "argument '15.0' is invalid. Allowed choices are 16.0, 17.0, 18.0, 19.0"],
      [[], "required option '--odoo-version <version>' not specified"],
      [
        ['--odoo-version', '18.0', '--env', 'PROXY_MODE'],
        "'--env <KEY=VALUE>' argument 'PROXY_MODE' is invalid. must be KEY=VALUE",
      ],
      [['--odoo-version', '18.0', '--env', 'A=1', '--env', 'A=2'], 'is invalid. sets A twice'],
      [['--odoo-version', '18.0', '--workers', '65'], 'must be 0-64'],
      [['--odoo-version', '18.0', '--edition', 'xe'], 'Allowed choices are ce, ee'],
    ]);
    expect(await listTemplates()).toHaveLength(1);
  });

  it("exits 1 with the server's reason for a variable name it refuses", async () => {
    const result = await owner.run([
      'template',
      'create',
      '--name',
      'Lower',
      '--odoo-version',
      '18.0',
      '--env',
      'lower=1',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/defaultEnvVars\.lower: /);
  });
});

describe('ocore template provision|from-instance, ocore instance list', () => {
  it('provisions an instance with the overrides, by template and server name', async () => {
    const args = ['template', 'provision', 'Standard Odoo 18 CE', '--server', 'odoo-1'];
    const result = await owner.run([...args, '--name', 'Acme ERP', '--set', 'WORKERS=6', '--set', 'LOG_LEVEL=debug']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Provisioned instance Acme ERP.');
    expect(result.stdout).toMatch(/Workers:\s+6/);
    expect(result.stdout).toMatch(/Environment:\s+PROXY_MODE=True, LOG_LEVEL=debug/);
    const [instance] = (await runJson<{ items: InstanceRow[] }>(owner, ['--json', 'instance', 'list'])).items;
    expect(instance).toMatchObject({ name: 'Acme ERP', serverName: 'odoo-1', workers: 6, status: 'pending' });
    expect(instance!.envVars).toEqual({ PROXY_MODE: 'True', LOG_LEVEL: 'debug' });
  });

  it('lists the instances', async () => {
    const result = await owner.run(['instance', 'list']);
    expect(result.code).toBe(0);
    const [header, row] = result.stdout.trim().split('\n');
    expect(header).toMatch(/^NAME\s+SERVER\s+ODOO\s+WORKERS\s+MODULES\s+STATUS\s+URL\s+CREATED\s+ID$/);
    // No instance base domain on this server: no URL.
    expect(row).toMatch(/^Acme ERP\s+odoo-1\s+18\.0 ce\s+6\s+4\s+pending\s+-\s+\S+Z\s+[0-9a-f-]{36}$/);
  });

  it("saves an instance's settings as a new template, named after it by default", async () => {
    const saved = await owner.run(['template', 'from-instance', 'Acme ERP', '--description', 'From production']);
    expect(saved).toMatchObject({ code: 0, stderr: '' });
    expect(saved.stdout).toContain('Saved instance Acme ERP as template Acme ERP template.');
    const named = await runJson<TemplateRow>(owner, [
      '--json',
      'template',
      'from-instance',
      'Acme ERP',
      '--name',
      'Acme 6w',
      '--public',
    ]);
    expect(named).toMatchObject({
      name: 'Acme 6w',
      defaultWorkers: 6,
      defaultEnvVars: { LOG_LEVEL: 'debug' },
      isPublic: true,
    });
    expect((await listTemplates()).map((t) => t.name).sort()).toEqual([
      'Acme 6w',
      'Acme ERP template',
      'Standard Odoo 18 CE',
    ]);
  });

  it('exits 1 for a template, server or instance it cannot find', async () => {
    await expectFailures((args) => owner.run(args), 1, [
      [
        ['template', 'provision', 'Nope', '--server', 'odoo-1'],
        'there is no template "Nope"; see `ocore template list`',
      ],
      [
        ['template', 'provision', 'Acme 6w', '--server', 'db-9'],
        'there is no server "db-9"; see `ocore server list --with-agency`',
      ],
      [['template', 'from-instance', 'ghost'], 'there is no instance "ghost"; see `ocore instance list`'],
    ]);
  });
});
