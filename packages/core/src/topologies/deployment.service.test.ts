import { beforeEach, describe, expect, it } from 'vitest';
import { createServer, deleteServer } from '../servers/server.service.js';
import { createServerInput } from '../servers/server.schema.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { caught, joinAs, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import type { DeployQueue, NodeExecutor, RenderContext, SshTarget, StepResult } from './deployment.ports.js';
import type { NodePlan } from './deployment.plan.js';
import {
  checkNodeStatus,
  deploymentEvent,
  latestDeployment,
  runDeployment,
  startDeployment,
  type DeployDeps,
} from './deployment.service.js';
import { createTopology, deleteTopology, setHaConfig, updateTopology } from './topology.service.js';
import { topologyDatabase, topologyNames } from './topology-node.specs.js';

const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----';

interface Scripted extends NodeExecutor {
  applied: { nodeId: string; target: SshTarget; directory: string; files: string[] }[];
  /** What apply and check answer, per node id; ok when not set. */
  results: Map<string, { apply?: StepResult; check?: StepResult }>;
}

function scriptedExecutor(): Scripted {
  const results = new Map<string, { apply?: StepResult; check?: StepResult }>();
  const applied: Scripted['applied'] = [];
  return {
    applied,
    results,
    async apply(target, plan, files, directory) {
      applied.push({ nodeId: plan.nodeId, target, directory, files: files.map((f) => f.path) });
      return results.get(plan.nodeId)?.apply ?? { ok: true };
    },
    async check(_target, plan) {
      return results.get(plan.nodeId)?.check ?? { ok: true };
    },
  };
}

let deps: SettingsTestDeps & DeployDeps;
let executor: Scripted;
let queued: string[];
let rendered: RenderContext[];
let owner: SignedUp;

beforeEach(async () => {
  executor = scriptedExecutor();
  queued = [];
  rendered = [];
  const queue: DeployQueue = { request: async (id) => void queued.push(id) };
  const base = createSettingsTestDeps();
  deps = {
    ...base,
    nodeSteps: { ...base.instanceSteps, redisImage: 'redis:7' },
    executor,
    deployQueue: queue,
    deployDirectory: 'ocore/topologies',
    renderer: {
      render(plan: NodePlan, context: RenderContext) {
        rendered.push(context);
        if (plan.settings.kind === 'filestore' && plan.settings.type === 'local')
          throw new Error('no local filestore node');
        return [{ path: `${plan.kind}.conf`, content: context.secrets.databasePassword, secret: true }];
      },
    },
  };
  owner = await signUpUser(deps, 'Olive Owner');
});

async function server(name: string, credentials = true, host = `${name}.internal`) {
  return (
    await createServer(
      deps,
      owner.actor,
      createServerInput.parse({
        name,
        host,
        ...(credentials ? { sshPrivateKey: key } : {}),
        capacity: { cpuCores: 2, memoryMb: 2048, maxInstances: 2 },
      }),
    )
  ).id;
}

async function smallTopology(withCredentials = true) {
  const [app, db] = [await server('app', withCredentials), await server('db')];
  return createTopology(deps, owner.actor, {
    name: 'Small',
    topologyData: {
      nodes: [
        { id: 'odoo', kind: 'odoo', serverId: app },
        { id: 'pg', kind: 'postgres', serverId: db },
      ],
      edges: [{ source: 'odoo', target: 'pg' }],
    },
  });
}

const deploymentsPublished = () =>
  deps.events
    .published()
    .filter((e) => e.type === deploymentEvent)
    .map((e) => e.payload['deployment']);

describe('startDeployment', () => {
  it('queues a deployment with every node pending, in apply order, audited and published', async () => {
    const topology = await smallTopology();
    const deployment = await startDeployment(deps, owner.actor, topology.id);
    expect(deployment).toMatchObject({
      status: 'queued',
      topologyId: topology.id,
      nodes: [
        { nodeId: 'pg', status: 'pending' },
        { nodeId: 'odoo', status: 'pending' },
      ],
    });
    expect(queued).toEqual([deployment.id]);
    expect(deps.store.state.audit.at(-1)).toMatchObject({
      action: 'topology.deploy_started',
      diff: { deploymentId: deployment.id, nodes: 2 },
    });
  });

  it('refuses an invalid topology with the validation errors', async () => {
    const topology = await createTopology(deps, owner.actor, { name: 'Empty', topologyData: { nodes: [], edges: [] } });
    const error = await caught(() => startDeployment(deps, owner.actor, topology.id));
    expect(error).toMatchObject({ code: 'TOPOLOGY_INVALID', issues: [{ code: 'NO_ODOO' }, { code: 'NO_DATABASE' }] });
    expect(queued).toEqual([]);
  });

  it('runs one deployment per topology at a time, and keeps the topology while it runs', async () => {
    const topology = await smallTopology();
    await startDeployment(deps, owner.actor, topology.id);
    expect(await caught(() => startDeployment(deps, owner.actor, topology.id))).toMatchObject({
      code: 'DEPLOYMENT_RUNNING',
    });
    expect(await caught(() => deleteTopology(deps, owner.actor, topology.id))).toMatchObject({ code: 'IN_USE' });
  });

  it('fails the deployment, saying why, when the job queue does not take it', async () => {
    const topology = await smallTopology();
    deps.deployQueue = { request: async () => Promise.reject(new Error('the job queue is not running')) };
    expect(await caught(() => startDeployment(deps, owner.actor, topology.id))).toMatchObject({
      message: 'the job queue is not running',
    });
    expect(await latestDeployment(deps, owner.actor, topology.id)).toMatchObject({
      status: 'failed',
      error: 'could not queue the deployment: the job queue is not running',
    });
  });

  it('needs manage:topologies, and another organization sees nothing', async () => {
    const topology = await smallTopology();
    const viewer = await joinAs(deps, owner.actor, 'Vera Viewer', 'Viewer');
    expect(await caught(() => startDeployment(deps, viewer.actor, topology.id))).toMatchObject({
      code: 'PERMISSION_DENIED',
      permission: 'manage:topologies',
    });
    const stranger = await signUpUser(deps, 'Sam Stranger');
    expect(await caught(() => startDeployment(deps, stranger.actor, topology.id))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('runDeployment', () => {
  it('renders, applies and checks node by node, publishing every status, and succeeds when all are healthy', async () => {
    const topology = await smallTopology();
    const { id } = await startDeployment(deps, owner.actor, topology.id);
    const done = await runDeployment(deps, id);
    expect(done).toMatchObject({
      status: 'succeeded',
      error: null,
      nodes: [
        { nodeId: 'pg', status: 'healthy', files: ['postgres.conf'] },
        { nodeId: 'odoo', status: 'healthy' },
      ],
    });
    // Both run as containers on their own server's engine, reached with the server's key.
    expect(deps.runtimes.targets.map((t) => [t.host, t.privateKey])).toEqual([
      ['db.internal', key],
      ['app.internal', key],
    ]);
    expect(executor.applied).toEqual([]);
    const names = (nodeId: string) => topologyNames(topology.id, nodeId);
    const db = deps.runtimes.engine('db.internal');
    const pg = db.containers.get(names('pg').container)!;
    expect(pg).toMatchObject({ status: 'running', spec: { image: 'postgres:15', labels: { 'ocore.node': 'pg' } } });
    // Odoo is on another server: the primary publishes its port, and Odoo connects to the server.
    expect(pg.spec.ports).toEqual([{ containerPort: 5432, hostPort: 5432, hostIp: '0.0.0.0' }]);
    expect([...db.roles]).toEqual([topologyDatabase(topology.id)]);
    const odoo = deps.runtimes.engine('app.internal').containers.get(names('odoo').container)!;
    const conf = odoo.files.get('/etc/odoo/odoo.conf')!;
    expect(conf).toMatch(/^db_host = db\.internal$/m);
    expect(conf).toMatch(new RegExp(`^db_name = ${topologyDatabase(topology.id)}$`, 'm'));
    const pgPath = deploymentsPublished()
      .map((d) => d.nodes[0]!.status)
      .filter((s, i, all) => i === 0 || all[i - 1] !== s);
    expect(pgPath).toEqual(['pending', 'rendering', 'applying', 'healthy']);
    expect(
      deploymentsPublished()
        .map((d) => d.status)
        .at(-1),
    ).toBe('succeeded');
  });

  it('never reports a node healthy that did not apply or answer, still tries the others, and a retry works', async () => {
    const topology = await smallTopology();
    deps.runtimes.engine('db.internal').missingImages.add('postgres:15');
    deps.runtimes.engine('app.internal').unhealthy = true;
    const { id } = await startDeployment(deps, owner.actor, topology.id);
    const done = await runDeployment(deps, id);
    expect(done.nodes).toMatchObject([
      { nodeId: 'pg', status: 'failed', reason: 'pull image postgres:15: manifest for postgres:15 not found' },
      {
        nodeId: 'odoo',
        status: 'failed',
        reason: 'wait for /web/health: no answer within 3 s: HTTP Error 503: Service Unavailable',
      },
    ]);
    expect(done).toMatchObject({ status: 'failed', error: '2 of 2 nodes failed: pg, odoo' });
    expect(deploymentsPublished().some((d) => d.nodes.some((n) => n.status === 'healthy'))).toBe(false);

    deps.runtimes.engine('db.internal').missingImages.clear();
    deps.runtimes.engine('app.internal').unhealthy = false;
    const retried = await runDeployment(deps, (await startDeployment(deps, owner.actor, topology.id)).id);
    expect(retried).toMatchObject({ status: 'succeeded', error: null });
  });

  it('wires a replica, Redis and the filestore volume on one server by name, and refuses a volume on another', async () => {
    // Two server records for one machine share its engine: their nodes meet on the topology's network.
    const [app, twin, other] = [await server('app'), await server('twin', true, 'app.internal'), await server('other')];
    const edges = [
      ['odoo', 'pg'],
      ['odoo', 'redis'],
      ['odoo2', 'pg'],
      ['odoo2', 'redis'],
      ['replica', 'pg'],
      ['lb', 'odoo'],
      ['lb', 'odoo2'],
    ].map(([source, target]) => ({ source: source!, target: target! }));
    const topology = await createTopology(deps, owner.actor, {
      name: 'One box',
      topologyData: {
        nodes: [
          { id: 'odoo', kind: 'odoo', serverId: app },
          { id: 'odoo2', kind: 'odoo', serverId: other },
          { id: 'pg', kind: 'postgres', serverId: app },
          { id: 'replica', kind: 'postgres-replica', serverId: twin },
          { id: 'redis', kind: 'redis', serverId: app },
          { id: 'files', kind: 'filestore', serverId: app },
          { id: 'lb', kind: 'load-balancer', serverId: other },
        ],
        edges,
      },
    });
    await setHaConfig(deps, owner.actor, topology.id, { redisEnabled: true, filestoreType: 'shared_nfs' });
    const done = await runDeployment(deps, (await startDeployment(deps, owner.actor, topology.id)).id);
    const names = (nodeId: string) => topologyNames(topology.id, nodeId);
    const engine = deps.runtimes.engine('app.internal');
    const spec = (nodeId: string) => engine.containers.get(names(nodeId).container)!.spec;
    expect(spec('replica').env).toMatchObject({
      OCORE_PRIMARY_HOST: names('pg').container,
      OCORE_PRIMARY_PORT: '5432',
    });
    expect(spec('redis').files?.files[0]?.content).toMatch(/^requirepass [0-9a-f]{48}$/m);
    expect(spec('odoo').volumes).toEqual([
      { volume: names('files').volume, target: '/var/lib/odoo' },
      { volume: names('odoo').addons, target: '/mnt/extra-addons' },
    ]);
    expect(spec('odoo').env).toMatchObject({ ODOO_SESSION_REDIS_HOST: names('redis').container });
    expect(engine.volumes).toContain(names('files').volume);
    expect(engine.execs.some((e) => e.includes('pg_stat_wal_receiver'))).toBe(true);
    expect(done.nodes.map((n) => [n.nodeId, n.status])).toEqual([
      ['pg', 'healthy'],
      ['replica', 'healthy'],
      ['redis', 'healthy'],
      ['files', 'healthy'],
      ['odoo', 'healthy'],
      ['odoo2', 'failed'],
      ['lb', 'healthy'],
    ]);
    expect(done.nodes.find((n) => n.nodeId === 'odoo2')!.reason).toBe(
      'mount filestore: the filestore node files is a volume on another server; put the Odoo nodes that share it on its server',
    );
  });

  it('fails a node on a server without SSH credentials without trying to connect', async () => {
    const topology = await smallTopology(false);
    const { id } = await startDeployment(deps, owner.actor, topology.id);
    const done = await runDeployment(deps, id);
    expect(done.nodes.find((n) => n.nodeId === 'odoo')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^server app has no SSH key or password/),
    });
    expect(deps.runtimes.targets.map((t) => t.host)).toEqual(['db.internal']);
  });

  it('fails a node whose files cannot be rendered, with the reason', async () => {
    const topology = await smallTopology();
    const files = await server('files');
    const withFiles = await updateTopology(deps, owner.actor, {
      id: topology.id,
      topologyData: {
        ...topology.topologyData,
        nodes: [...topology.topologyData.nodes, { id: 'files', kind: 'filestore', serverId: files }],
      },
    });
    const { id } = await startDeployment(deps, owner.actor, withFiles.id);
    const done = await runDeployment(deps, id);
    expect(done.nodes.find((n) => n.nodeId === 'files')).toMatchObject({
      status: 'failed',
      reason: 'rendering failed: no local filestore node',
    });
  });

  it('generates the topology passwords once, sealed, and reuses them on the next deploy', async () => {
    const topology = await smallTopology();
    await runDeployment(deps, (await startDeployment(deps, owner.actor, topology.id)).id);
    await runDeployment(deps, (await startDeployment(deps, owner.actor, topology.id)).id);
    const passwords = new Set(rendered.map((c) => c.secrets.databasePassword));
    expect(passwords.size).toBe(1);
    const [password] = passwords;
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    expect(JSON.stringify(deps.store.state.topologies)).not.toContain(password);
    expect(JSON.stringify(deps.events.published())).not.toContain(password);
  });

  it('adds the load balancer and Redis named in the HA settings as nodes', async () => {
    const topology = await smallTopology();
    const lb = await server('lb');
    await setHaConfig(deps, owner.actor, topology.id, { lbServerId: lb, redisEnabled: true, redisServerId: lb });
    const { nodes } = await startDeployment(deps, owner.actor, topology.id);
    expect(nodes.map((n) => [n.nodeId, n.kind])).toEqual([
      ['pg', 'postgres'],
      ['redis', 'redis'],
      ['odoo', 'odoo'],
      ['lb', 'load-balancer'],
    ]);
  });

  it('ends a deployment whose topology was deleted before the job ran', async () => {
    const topology = await smallTopology();
    const { id } = await startDeployment(deps, owner.actor, topology.id);
    deps.store.state.topologies.splice(0);
    expect(await runDeployment(deps, id)).toMatchObject({
      status: 'failed',
      error: 'the topology was deleted before it was deployed',
    });
  });
});

describe('servers in topologies', () => {
  it('cannot be deleted while a topology names them, as a node or in its HA settings', async () => {
    const topology = await smallTopology();
    const db = topology.topologyData.nodes.find((n) => n.id === 'pg')!.serverId;
    expect(await caught(() => deleteServer(deps, owner.actor, db))).toMatchObject({
      code: 'IN_USE',
      message: 'server db is part of topology Small; take it out of the topology first',
    });
    const lb = await server('lb');
    await setHaConfig(deps, owner.actor, topology.id, { lbServerId: lb });
    expect(await caught(() => deleteServer(deps, owner.actor, lb))).toMatchObject({ code: 'IN_USE' });
    await deleteTopology(deps, owner.actor, topology.id);
    await deleteServer(deps, owner.actor, lb);
  });
});

describe('checkNodeStatus', () => {
  it('checks a deployed node again and stores what it found', async () => {
    const topology = await smallTopology();
    await runDeployment(deps, (await startDeployment(deps, owner.actor, topology.id)).id);
    expect(await checkNodeStatus(deps, owner.actor, topology.id, 'odoo')).toMatchObject({
      nodeId: 'odoo',
      kind: 'odoo',
      status: 'healthy',
      reason: null,
    });
    deps.runtimes.engine('app.internal').containers.get(topologyNames(topology.id, 'odoo').container)!.status =
      'exited';
    const reason = 'wait for /web/health: no answer within 1 s: the container is exited (exit code 0)';
    expect(await checkNodeStatus(deps, owner.actor, topology.id, 'odoo')).toMatchObject({ status: 'failed', reason });
    expect((await latestDeployment(deps, owner.actor, topology.id)).nodes[1]).toMatchObject({
      status: 'failed',
      reason,
    });
    expect(await caught(() => checkNodeStatus(deps, owner.actor, topology.id, 'ghost'))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('answers NOT_FOUND before the first deploy', async () => {
    const topology = await smallTopology();
    expect(await caught(() => checkNodeStatus(deps, owner.actor, topology.id, 'odoo'))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'The topology has not been deployed yet',
    });
  });
});
