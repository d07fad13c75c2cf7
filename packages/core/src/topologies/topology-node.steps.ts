import {
  ensureDatabase,
  runPsql,
  waitFor,
  waitForHealth,
  waitForPostgres,
  type RunStep,
} from '../instances/odoo.steps.js';
import { RuntimeError, type ContainerRuntime, type ContainerSpec } from '../runtime/container-runtime.ports.js';
import type { NodePlan } from './deployment.plan.js';
import {
  odooSpec,
  postgresSpec,
  redisSpec,
  replicaSpec,
  topologyDatabase,
  topologyLabels,
  topologyNames,
  type NodeContext,
} from './topology-node.specs.js';

/** A short, stable hash of a container's spec: an unchanged node is left running as it is. */
function specHash(spec: ContainerSpec): string {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(spec)) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/** Creates the container unless the same one runs already, and starts it. */
async function ensureContainer(runtime: ContainerRuntime, spec: ContainerSpec): Promise<void> {
  const labelled = { ...spec, labels: { ...spec.labels, 'ocore.spec': specHash(spec) } };
  const state = await runtime.inspectContainer(spec.name);
  if (state?.labels['ocore.spec'] === labelled.labels['ocore.spec']) {
    if (state.status !== 'running') await runtime.startContainer(spec.name);
    return;
  }
  await runtime.createContainer(labelled, { replace: Boolean(state) });
  await runtime.startContainer(spec.name);
}

/** Why the container does not run, or undefined when it does. */
async function containerProblem(runtime: ContainerRuntime, name: string): Promise<string | undefined> {
  const state = await runtime.inspectContainer(name);
  if (!state) return `there is no container ${name}`;
  if (state.status !== 'running') return `the container is ${state.status} (exit code ${state.exitCode ?? '?'})`;
  return undefined;
}

/** Waits for a check run in the node's container, failing the step with what it last saw. */
async function waitInContainer(
  runtime: ContainerRuntime,
  ctx: NodeContext,
  step: string,
  name: string,
  probe: () => Promise<string | undefined>,
): Promise<void> {
  const problem = await waitFor(
    ctx.settings,
    ctx.settings.healthTimeoutMs,
    async () => (await containerProblem(runtime, name)) ?? probe(),
  );
  if (problem !== undefined) throw new RuntimeError(step, problem);
}

const replicationStatus = 'select pg_is_in_recovery(), (select status from pg_stat_wal_receiver limit 1)';

/** Checks a node for real: PostgreSQL answers, the replica streams, Redis pongs, Odoo's /web/health is 200. */
export async function checkNode(runtime: ContainerRuntime, ctx: NodeContext, plan: NodePlan): Promise<void> {
  const names = topologyNames(ctx.topologyId, plan.nodeId);
  switch (plan.kind) {
    case 'postgres':
      return waitForPostgres(runtime, ctx.settings, names.container, ctx.settings.healthTimeoutMs);
    case 'postgres-replica':
      return waitInContainer(runtime, ctx, 'wait for streaming replication', names.container, async () => {
        const result = await runtime.exec(names.container, {
          command: ['psql', '-h', '127.0.0.1', '-U', 'postgres', '-tAc', replicationStatus],
        });
        const answer = result.stdout.trim();
        if (result.exitCode !== 0) return result.stderr.trim() || `psql exited ${result.exitCode}`;
        return answer === 't|streaming' ? undefined : `recovery|receiver is ${answer || 'empty'}, not t|streaming`;
      });
    case 'redis':
      return waitInContainer(runtime, ctx, 'wait for Redis', names.container, async () => {
        const result = await runtime.exec(names.container, {
          command: ['redis-cli', 'ping'],
          env: { REDISCLI_AUTH: ctx.secrets.redisPassword },
        });
        return result.stdout.trim() === 'PONG' ? undefined : result.stdout.trim() || result.stderr.trim() || 'no PONG';
      });
    case 'filestore': {
      const volumes = await runtime.listVolumes(topologyLabels(ctx, plan.nodeId));
      if (!volumes.includes(names.volume)) throw new RuntimeError('find filestore volume', `no volume ${names.volume}`);
      return;
    }
    case 'odoo':
      return waitForHealth(runtime, ctx.settings, names.container);
    case 'load-balancer':
      throw new Error('load balancers run outside the container runtime');
  }
}

/** The primary's roles: Odoo's owner of the topology database, and the replication role with its pg_hba line. */
async function preparePrimary(runtime: ContainerRuntime, ctx: NodeContext, plan: NodePlan, step: RunStep) {
  const container = topologyNames(ctx.topologyId, plan.nodeId).container;
  const database = topologyDatabase(ctx.topologyId);
  await step(`create database ${database}`, () =>
    ensureDatabase(runtime, database, ctx.secrets.databasePassword, container),
  );
  if (plan.settings.kind !== 'postgres' || !plan.settings.replication) return;
  await step('allow replication', async () => {
    const password = ctx.secrets.replicationPassword;
    // Hex passwords and fixed names: nothing here can break out of the SQL.
    const role = `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'replicator') THEN CREATE ROLE replicator REPLICATION LOGIN PASSWORD '${password}';
  ELSE ALTER ROLE replicator REPLICATION LOGIN PASSWORD '${password}'; END IF;
END $$;`;
    await runPsql(runtime, role, 'create replication role', container);
    const line = 'host replication replicator all scram-sha-256';
    const hba = await runtime.exec(container, {
      user: 'postgres',
      command: ['sh', '-c', `grep -qx '${line}' "$PGDATA/pg_hba.conf" || echo '${line}' >> "$PGDATA/pg_hba.conf"`],
    });
    if (hba.exitCode !== 0) throw new RuntimeError('allow replication', hba.stderr.trim() || 'pg_hba.conf not written');
    await runPsql(runtime, 'SELECT pg_reload_conf();', 'reload configuration', container);
  });
}

const specOf = { postgres: postgresSpec, 'postgres-replica': replicaSpec, redis: redisSpec, odoo: odooSpec } as const;

/**
 * Deploys one node on its server's engine, each step converging so that a retry runs the same
 * steps: the image, the topology's network, the node's volume, its container (left alone when
 * unchanged), what the primary needs, and the node's own health check.
 */
export async function applyNode(runtime: ContainerRuntime, ctx: NodeContext, plan: NodePlan, step: RunStep) {
  const names = topologyNames(ctx.topologyId, plan.nodeId);
  const labels = topologyLabels(ctx, plan.nodeId);
  if (plan.kind === 'load-balancer') throw new Error('load balancers run outside the container runtime');
  if (plan.kind === 'filestore') {
    await step(`create volume ${names.volume}`, () => runtime.ensureVolume(names.volume, labels));
    return step('check filestore', () => checkNode(runtime, ctx, plan));
  }
  const kind = plan.kind;
  const spec = await step(`prepare ${kind} container`, () => Promise.resolve().then(() => specOf[kind](ctx, plan)));
  await step(`pull image ${spec.image}`, () => runtime.ensureImage(spec.image));
  await step(`ensure network ${names.network}`, () => runtime.ensureNetwork(names.network, labels));
  for (const v of spec.volumes ?? [])
    await step(`create volume ${v.volume}`, () => runtime.ensureVolume(v.volume, labels));
  await step(`start container ${names.container}`, () => ensureContainer(runtime, spec));
  if (plan.kind === 'postgres') {
    await step('wait for PostgreSQL', () => checkNode(runtime, ctx, plan));
    await preparePrimary(runtime, ctx, plan, step);
  }
  await step('health check', () => checkNode(runtime, ctx, plan));
}
