import { beforeAll, describe, expect, it } from 'vitest';
import { expectFailures, runJson, runOk, useOwner } from '../testing/cli-fixtures.js';
import { documentedArgs } from '../testing/cli-harness.js';
import { addServers, writeJsonFile } from '../testing/topology-fixtures.js';

// No job worker: the reachability probe would turn the made-up hosts unreachable mid-test.
const { server, owner } = useOwner({ name: 'Tom', env: { OCORE_JOBS: '0' } });
let ids: Record<string, string> = {};

interface TopologyRow {
  id: string;
  name: string;
  description: string | null;
  topologyData: { nodes: unknown[]; edges: unknown[] };
  haConfig: Record<string, unknown>;
}

/** Two odoo nodes and a database: valid once a load balancer and a shared filestore are set. */
const graph = () => ({
  nodes: [
    { id: 'odoo1', kind: 'odoo', serverId: ids['app-1'] },
    { id: 'odoo2', kind: 'odoo', serverId: ids['app-2'] },
    { id: 'pg', kind: 'postgres', serverId: ids['db-1'] },
  ],
  edges: [
    { source: 'odoo1', target: 'pg' },
    { source: 'odoo2', target: 'pg' },
  ],
});

const writeJson = (name: string, content: unknown) => writeJsonFile(server, name, content);

async function topologies(): Promise<TopologyRow[]> {
  return (await runJson<{ items: TopologyRow[] }>(owner, ['--json', 'topology', 'list'])).items;
}

beforeAll(async () => {
  ids = await addServers(owner, ['app-1', 'app-2', 'db-1']);
});

describe('ocore topology create|list', () => {
  it('runs the documented example: an empty topology to design later', async () => {
    const result = await owner.run(documentedArgs('ocore topology create --name "HA Production Setup"'));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Created topology HA Production Setup, id [0-9a-f-]{36}: 0 nodes, 0 edges\./);
    expect(result.stdout).toMatch(/Load balancer:\s+traefik\n/);
    expect(result.stdout).toMatch(/Check it with: ocore topology validate [0-9a-f-]{36}/);
  });

  it('reads the nodes and edges from a file', async () => {
    const file = await writeJson('graph.json', graph());
    const created = await runJson<TopologyRow>(owner, [
      '--json',
      'topology',
      'create',
      '--name',
      'Two apps',
      '--file',
      file,
    ]);
    expect(created.topologyData).toEqual(graph());
    expect(created.description).toBeNull();
  });

  it('takes the description and HA settings of the longer form, and applies them', async () => {
    const haConfig = { lbType: 'haproxy', lbServerId: ids['db-1'], filestoreType: 'shared_nfs' };
    const description = 'High-availability production topology with load balancing';
    const file = await writeJson('ha.json', { topologyData: graph(), description, haConfig });
    const result = await owner.run(['topology', 'create', '--name', 'HA with LB', '--file', file]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/: 3 nodes, 2 edges\./);
    expect(result.stdout).toMatch(/Load balancer:\s+haproxy on db-1/);
    expect(result.stdout).toMatch(/Filestore:\s+shared_nfs/);
    const saved = (await topologies()).find((t) => t.name === 'HA with LB');
    expect(saved).toMatchObject({
      description,
      haConfig: { ...haConfig, redisEnabled: false, pgFailoverEnabled: false },
    });
  });

  it('exits 2 for a file it cannot use, naming the file and the field, and creates nothing', async () => {
    const bareNode = { id: 'a', kind: 'mainframe', serverId: ids['db-1'] };
    const before = (await topologies()).length;
    const create = (file: string) => owner.run(['topology', 'create', '--name', 'Bad', '--file', file]);
    const cases: [string, string][] = [
      [server.path('missing.json'), 'cannot read'],
      [await writeJson('broken.json', '{"nodes": ['), 'is not valid JSON'],
      [await writeJson('kind.json', { nodes: [bareNode], edges: [] }), 'nodes.0.kind: must be one of odoo, postgres'],
      [await writeJson('no-edges.json', { nodes: [] }), 'edges: is required'],
      [await writeJson('extra.json', { nodes: [], edges: [], groups: [] }), 'Unrecognized key: "groups"'],
      [await writeJson('ha-typo.json', { topologyData: graph(), haconfig: {} }), 'Unrecognized key: "haconfig"'],
      [
        await writeJson('lb.json', { topologyData: graph(), haConfig: { lbType: 'apache' } }),
        'haConfig.lbType: must be traefik, haproxy or nginx',
      ],
    ];
    await expectFailures(
      ([file]) => create(file!),
      2,
      cases.map(([file, message]) => [[file], file, message] as const),
    );
    expect(await topologies()).toHaveLength(before);
  });

  it('lists the topologies with their size and HA settings', async () => {
    const result = await owner.run(['topology', 'list']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+NODES\s+EDGES\s+LB\s+FILESTORE\s+REDIS\s+PG FAILOVER\s+UPDATED\s+ID$/);
    expect(lines.find((l) => l.startsWith('HA with LB '))).toMatch(
      /^HA with LB\s+3\s+2\s+haproxy\s+shared_nfs\s+off\s+off\s+\S+Z\s+[0-9a-f-]{36}$/,
    );
  });
});

describe('ocore topology validate|ha-config', () => {
  it('prints the errors with their node ids and exits 1, --json too', async () => {
    const result = await owner.run(['topology', 'validate', 'Two apps']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Two apps is not valid: 2 errors, 0 warnings.');
    expect(result.stdout).toMatch(/^LEVEL\s+NODE\s+CODE\s+MESSAGE$/m);
    expect(result.stdout).toMatch(/^error\s+-\s+LB_REQUIRED\s+2 odoo nodes need a load balancer/m);
    expect(result.stderr).toBe('error: Two apps cannot be deployed until its errors are fixed\n');
    const json = await owner.run(['--json', 'topology', 'validate', 'Two apps']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: false,
      errors: [{ code: 'LB_REQUIRED' }, { code: 'LOCAL_FILESTORE_MULTI_ODOO' }],
    });
  });

  it('names the node of an error, and passes a valid topology with its warnings', async () => {
    const shared = { ...graph(), nodes: graph().nodes.map((n) => ({ ...n, serverId: ids['app-1'] })) };
    const file = await writeJson('shared.json', {
      topologyData: shared,
      haConfig: { lbServerId: ids['db-1'], filestoreType: 's3' },
    });
    await runOk(owner, ['topology', 'create', '--name', 'Crowded', '--file', file]);
    const result = await owner.run(['topology', 'validate', 'Crowded']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Crowded is valid: 0 errors, 1 warning.');
    expect(result.stdout).toMatch(/^warning\s+odoo1\s+ROLE_SHARED\s+several odoo nodes on one server/m);
  });

  it('shows the HA settings without options, and changes only those given', async () => {
    const shown = await owner.run(['topology', 'ha-config', 'Two apps']);
    expect(shown).toMatchObject({ code: 0, stderr: '' });
    expect(shown.stdout).toMatch(
      /^The HA settings of Two apps:\nLoad balancer:\s+traefik\nFilestore:\s+local\nRedis:\s+off\n/,
    );
    const set = [
      '--lb-type',
      'nginx',
      '--lb-server',
      'app-1',
      '--filestore',
      'shared_nfs',
      '--redis',
      '--redis-server',
      ids['db-1']!,
    ];
    const result = await owner.run(['topology', 'ha-config', 'Two apps', ...set, '--pg-failover']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Updated the HA settings of Two apps:\nLoad balancer:\s+nginx on app-1\n/);
    expect(result.stdout).toMatch(/Redis:\s+on on db-1\nPostgreSQL failover:\s+on$/m);
    const off = await runJson(owner, [
      '--json',
      'topology',
      'ha-config',
      'Two apps',
      '--no-pg-failover',
      '--no-redis',
      '--lb-server',
      '',
    ]);
    expect(off).toEqual({
      lbType: 'nginx',
      lbServerId: null,
      filestoreType: 'shared_nfs',
      redisEnabled: false,
      redisServerId: ids['db-1'],
      pgFailoverEnabled: false,
    });
  });

  it('exits 2 for a choice it does not know, and 1 for a server or topology it cannot find', async () => {
    const badType = await owner.run(['topology', 'ha-config', 'Two apps', '--lb-type', 'apache']);
    expect(badType.code).toBe(2);
    expect(badType.stderr).toContain('Allowed choices are traefik, haproxy, nginx');
    const noServer = await owner.run(['topology', 'ha-config', 'Two apps', '--lb-server', 'lb-9']);
    expect(noServer.code).toBe(1);
    expect(noServer.stderr).toContain('there is no server "lb-9"');
    const noTopology = await owner.run(['topology', 'validate', 'Nothing']);
    expect(noTopology.code).toBe(1);
    expect(noTopology.stderr).toContain('there is no topology "Nothing"; see `ocore topology list`');
  });
});
