import { requirePermission, type Actor } from '../auth/actor.js';
import type { ServerRecord } from '../servers/server.ports.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import { planDeployment, type NodePlan } from './deployment.plan.js';
import type { Deployment, NodeCheck, NodeStatus } from './deployment.schema.js';
import {
  checkAgain,
  deploySecrets,
  nodeContext,
  nodeDirectory,
  onRuntime,
  pinHostKey,
  planServers,
  runStep,
  sshTarget,
  type DeployDeps,
} from './deployment.nodes.js';
import type { DeploySecrets } from './deployment.ports.js';
import { validateTopology, type ServerFacts } from './topology.rules.js';
import type { Topology } from './topology.schema.js';
import { applyNode } from './topology-node.steps.js';

export { nodeDirectory, type DeployDeps } from './deployment.nodes.js';

/** The event every change of a deployment publishes, with the whole deployment. */
export const deploymentEvent = 'topology.deployment';

async function findTopology(deps: CoreDeps, organizationId: string, id: string): Promise<Topology> {
  const topology = await deps.store.topologies.find(organizationId, id);
  if (!topology) throw notFound('Topology');
  return topology;
}

/**
 * Starts deploying a topology (manage:topologies). It is validated against the servers
 * as they are now and refused with the validation errors when it does not pass; then a
 * queued deployment with every node pending is stored and handed to the job queue. One
 * deployment per topology runs at a time.
 */
export async function startDeployment(deps: DeployDeps, actor: Actor, topologyId: string): Promise<Deployment> {
  requirePermission(actor, 'manage:topologies');
  const topology = await findTopology(deps, actor.organizationId, topologyId);
  const servers = await deps.store.servers.list(actor.organizationId);
  const facts = new Map<string, ServerFacts>(servers.map((s) => [s.id, { name: s.name, status: s.status }]));
  const validation = validateTopology(topology.topologyData, topology.haConfig, facts);
  if (!validation.valid) {
    const count = validation.errors.length;
    throw new DomainError(
      'TOPOLOGY_INVALID',
      `The topology has ${count} validation error${count === 1 ? '' : 's'}: ${validation.errors.map((e) => e.message).join('; ')}`,
      { issues: validation.errors },
    );
  }
  const plan = planDeployment(topology, planServers(servers));
  const deployment = await commitAndPublish(deps, async (tx, record) => {
    const created = await tx.deployments.insert({
      organizationId: actor.organizationId,
      topologyId,
      nodes: plan.map((p) => ({ nodeId: p.nodeId, kind: p.kind, serverId: p.server.id })),
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'topology.deploy_started',
      targetType: 'topology',
      targetId: topologyId,
      diff: { deploymentId: created.id, nodes: plan.length },
      payload: { deployment: created },
    });
    return created;
  });
  try {
    await deps.deployQueue.request(deployment.id);
  } catch (err) {
    // Never left "queued" for a job that will not come: it fails, saying why.
    await finish(deps, deployment.id, 'failed', `could not queue the deployment: ${(err as Error).message}`);
    throw err;
  }
  return deployment;
}

async function publishDeployment(
  deps: CoreDeps,
  change: (tx: Parameters<Parameters<typeof commitAndPublish>[1]>[0]) => Promise<Deployment>,
): Promise<Deployment> {
  return commitAndPublish(deps, async (tx, _record, emit) => {
    const deployment = await change(tx);
    await emit({
      organizationId: deployment.organizationId,
      type: deploymentEvent,
      payload: { targetType: 'topology', targetId: deployment.topologyId, deployment },
    });
    return deployment;
  });
}

async function finish(
  deps: CoreDeps,
  id: string,
  status: 'succeeded' | 'failed',
  error: string | null,
): Promise<Deployment> {
  return publishDeployment(deps, (tx) => tx.deployments.setStatus(id, { status, error, finishedAt: deps.clock.now() }));
}

async function setNode(
  deps: CoreDeps,
  id: string,
  nodeId: string,
  status: NodeStatus,
  reason: string | null,
  files?: string[],
): Promise<Deployment> {
  return publishDeployment(deps, (tx) =>
    tx.deployments.setNode(id, nodeId, { status, reason, ...(files ? { files } : {}) }, deps.clock.now()),
  );
}

/** Renders, applies and checks one node; every status it passes through is published. */
async function deployNode(
  deps: DeployDeps,
  deployment: Deployment,
  topology: Topology,
  node: NodePlan,
  server: ServerRecord,
  secrets: DeploySecrets,
): Promise<boolean> {
  const fail = async (reason: string) => {
    await setNode(deps, deployment.id, node.nodeId, 'failed', reason);
    return false;
  };
  await setNode(deps, deployment.id, node.nodeId, 'rendering', null);
  let files;
  try {
    files = deps.renderer.render(node, { topologyId: topology.id, topologyName: topology.name, secrets });
  } catch (err) {
    return fail(`rendering failed: ${(err as Error).message}`);
  }
  const target = sshTarget(deps, server);
  if (typeof target === 'string') return fail(target);
  await setNode(
    deps,
    deployment.id,
    node.nodeId,
    'applying',
    null,
    files.map((f) => f.path),
  );
  if (node.kind !== 'load-balancer') {
    const ctx = nodeContext(deps, topology, secrets);
    const applied = await onRuntime(deps, server, target, (runtime) => applyNode(runtime, ctx, node, runStep));
    if (!applied.ok) return fail(applied.reason);
  } else {
    const directory = nodeDirectory(deps.deployDirectory, topology.id, node.nodeId);
    const applied = await deps.executor.apply(target, node, files, directory);
    await pinHostKey(deps, server, applied);
    if (!applied.ok) return fail(applied.reason);
    const checked = await deps.executor.check(target, node, directory);
    if (!checked.ok) return fail(`applied, but the health check failed: ${checked.reason}`);
  }
  await setNode(deps, deployment.id, node.nodeId, 'healthy', null);
  return true;
}

/**
 * The job: deploys node by node in the planned order (data first, the load balancer last).
 * Every node is attempted and judged by its own check, so one that fails does not hide
 * the state of the others; the deployment succeeds only when every node is healthy.
 */
export async function runDeployment(deps: DeployDeps, deploymentId: string): Promise<Deployment> {
  const deployment = await deps.store.deployments.findById(deploymentId);
  if (!deployment || deployment.status === 'succeeded' || deployment.status === 'failed')
    return deployment as Deployment;
  const topology = await deps.store.topologies.find(deployment.organizationId, deployment.topologyId);
  if (!topology) return finish(deps, deploymentId, 'failed', 'the topology was deleted before it was deployed');
  const servers = await deps.store.servers.list(deployment.organizationId);
  let plan: NodePlan[];
  try {
    plan = planDeployment(topology, planServers(servers));
  } catch (err) {
    return finish(deps, deploymentId, 'failed', (err as Error).message);
  }
  await publishDeployment(deps, (tx) =>
    tx.deployments.setStatus(deploymentId, { status: 'running', startedAt: deps.clock.now() }),
  );
  const secrets = await deploySecrets(deps, topology.id);
  const failed: string[] = [];
  for (const node of deployment.nodes) {
    const planned = plan.find((p) => p.nodeId === node.nodeId);
    const server = servers.find((s) => s.id === node.serverId);
    const ok =
      planned && server
        ? await deployNode(deps, deployment, topology, planned, server, secrets)
        : (await setNode(
            deps,
            deploymentId,
            node.nodeId,
            'failed',
            'the node or its server was removed from the topology after the deploy started',
          ),
          false);
    if (!ok) failed.push(node.nodeId);
  }
  if (failed.length === 0) return finish(deps, deploymentId, 'succeeded', null);
  return finish(
    deps,
    deploymentId,
    'failed',
    `${failed.length} of ${deployment.nodes.length} nodes failed: ${failed.join(', ')}`,
  );
}

/** A topology's deployments, newest first (view:topologies). */
export async function listDeployments(
  deps: CoreDeps,
  actor: Actor,
  topologyId: string,
): Promise<{ items: Deployment[]; total: number }> {
  requirePermission(actor, 'view:topologies');
  await findTopology(deps, actor.organizationId, topologyId);
  const items = await deps.store.deployments.list(actor.organizationId, topologyId, 20);
  return { items, total: items.length };
}

/** The newest deployment of a topology, with each node's status (view:topologies). */
export async function latestDeployment(deps: CoreDeps, actor: Actor, topologyId: string): Promise<Deployment> {
  const latest = await findLatestDeployment(deps, actor, topologyId);
  if (!latest) throw new DomainError('NOT_FOUND', 'The topology has not been deployed yet');
  return latest;
}

/** The newest deployment of a topology, or null when it was never deployed (view:topologies). */
export async function findLatestDeployment(
  deps: CoreDeps,
  actor: Actor,
  topologyId: string,
): Promise<Deployment | null> {
  const { items } = await listDeployments(deps, actor, topologyId);
  return items[0] ?? null;
}

/**
 * Checks one node of the newest deployment again and returns what it found (view:topologies).
 * The stored status follows the answer, except while the deployment is still at work on it.
 */
export async function checkNodeStatus(
  deps: DeployDeps,
  actor: Actor,
  topologyId: string,
  nodeId: string,
): Promise<NodeCheck> {
  const deployment = await latestDeployment(deps, actor, topologyId);
  const node = deployment.nodes.find((n) => n.nodeId === nodeId);
  if (!node) throw new DomainError('NOT_FOUND', `Node ${nodeId} is not part of the topology's latest deployment`);
  const result = (status: NodeStatus, reason: string | null): NodeCheck => ({
    topologyId,
    deploymentId: deployment.id,
    nodeId,
    kind: node.kind,
    status,
    reason,
    checkedAt: deps.clock.now().toISOString(),
  });
  const busy = deployment.status === 'queued' || deployment.status === 'running';
  if (busy && node.status !== 'healthy' && node.status !== 'failed') return result(node.status, node.reason);
  if (node.status === 'pending') return result('pending', node.reason);

  const topology = await findTopology(deps, actor.organizationId, topologyId);
  const servers = await deps.store.servers.list(actor.organizationId);
  const server = servers.find((s) => s.id === node.serverId);
  let status: NodeStatus;
  let reason: string | null;
  const plan = server
    ? (() => {
        try {
          return planDeployment(topology, planServers(servers)).find((p) => p.nodeId === nodeId);
        } catch {
          return undefined;
        }
      })()
    : undefined;
  const target = server && sshTarget(deps, server);
  if (!server || !plan) {
    status = 'failed';
    reason = server ? 'the node is no longer part of the topology' : "the node's server was deleted";
  } else if (typeof target !== 'object') {
    status = 'failed';
    reason = target ?? "the node's server was deleted";
  } else {
    const checked = await checkAgain(deps, topology, server, target, plan);
    status = checked.ok ? 'healthy' : 'failed';
    reason = checked.ok ? null : checked.reason;
  }
  if (status !== node.status || reason !== node.reason) await setNode(deps, deployment.id, nodeId, status, reason);
  return result(status, reason);
}
