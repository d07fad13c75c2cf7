import { beforeAll, describe, expect, it } from 'vitest';
import { runJson, runOk, useOwner } from '../testing/cli-fixtures.js';

// No job worker: the instances stay pending; where they are placed is the subject.
const { owner } = useOwner({
  name: 'Petra',
  agency: true,
  env: { OCORE_JOBS: '0', OCORE_INSTANCE_BASE_DOMAIN: 'apps.test' },
});

interface Placed {
  organizationId: string;
  serverId: string;
  serverName: string;
}

let agencyServerId = '';
beforeAll(async () => {
  const added = await runJson<{ id: string }>(owner, [
    '--json',
    'server',
    'add',
    '--name',
    'agency-box',
    '--host',
    '127.0.0.7',
  ]);
  agencyServerId = added.id;
  await runOk(owner, ['agency', 'client', 'create', '--name', 'Acme Corp', '--slug', 'acme-corp']);
  await runOk(owner, ['agency', 'client', 'open', 'acme-corp']);
});

describe("an operator in a client with no servers places its instances on the agency's", () => {
  it('lists them with server list --with-agency', async () => {
    expect((await runOk(owner, ['server', 'list'])).stdout).toContain('This organization has no servers yet');
    expect((await runOk(owner, ['server', 'list', '--with-agency'])).stdout).toMatch(/^agency-box\s/m);
  });

  it('creates an instance there by the server’s name', async () => {
    const args = ['instance', 'create', '--name', 'shop', '--server', 'agency-box', '--odoo-version', '18.0'];
    await runOk(owner, args);
    const instance = await runJson<Placed>(owner, ['--json', 'instance', 'get', 'shop']);
    expect(instance).toMatchObject({ serverId: agencyServerId, serverName: 'agency-box' });
    // The list says where it runs and where it answers.
    const [header, row] = (await runOk(owner, ['instance', 'list'])).stdout.trim().split('\n');
    expect(header).toMatch(/\sSTATUS\s+URL\s/);
    expect(row).toMatch(/^shop\s+agency-box\s.*\spending\s+http:\/\/shop\.apps\.test\s/);
  });

  it('provisions a template there', async () => {
    await runOk(owner, ['template', 'create', '--name', 'Base', '--odoo-version', '18.0']);
    const provisioned = await runJson<Placed>(owner, [
      '--json',
      'template',
      'provision',
      'Base',
      '--server',
      'agency-box',
      '--name',
      'from-template',
    ]);
    expect(provisioned).toMatchObject({ serverId: agencyServerId, serverName: 'agency-box' });
  });
});
