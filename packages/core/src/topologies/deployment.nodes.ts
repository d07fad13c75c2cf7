import { RuntimeError, type ContainerRuntime, type ContainerRuntimes } from '../runtime/container-runtime.ports.js';
import { sshTargetOf } from '../servers/server-target.js';
import type { ServerRecord } from '../servers/server.ports.js';
import type { CoreDeps } from '../shared/deps.js';
import type { NodePlan, PlanServer } from './deployment.plan.js';
import type {
  ConfigRenderer,
  DeployQueue,
  DeploySecrets,
  NodeExecutor,
  SshTarget,
  StepResult,
} from './deployment.ports.js';
import type { Topology } from './topology.schema.js';
import { checkNode } from './topology-node.steps.js';
import type { NodeContext, NodeStepSettings } from './topology-node.specs.js';
import type { SecretBox } from '../shared/secret-box.js';

export interface DeployDeps extends CoreDeps {
  secrets: SecretBox;
  renderer: ConfigRenderer;
  /** Load balancers: the server's own haproxy or nginx, over SSH. */
  executor: NodeExecutor;
  /** Every other node: containers on the server's engine. */
  runtimes: ContainerRuntimes;
  nodeSteps: NodeStepSettings;
  deployQueue: DeployQueue;
  /** Where node files go on each server: relative to the SSH user's home, or absolute. */
  deployDirectory: string;
}

export const planServers = (servers: ServerRecord[]) =>
  new Map<string, PlanServer>(servers.map((s) => [s.id, { id: s.id, name: s.name, host: s.host }]));

/** Node files live in one directory per topology and node on each server. */
export const nodeDirectory = (root: string, topologyId: string, nodeId: string) =>
  `${root.replace(/\/+$/, '')}/${topologyId}/${nodeId}`;

function randomSecret(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The topology's passwords, generated and sealed at its first deploy and reused after. */
export async function deploySecrets(deps: DeployDeps, topologyId: string): Promise<DeploySecrets> {
  const sealed = await deps.store.topologies.findSealedSecrets(topologyId);
  const kept = sealed ? (JSON.parse(deps.secrets.open(sealed)) as Partial<DeploySecrets>) : {};
  const secrets: DeploySecrets = {
    databasePassword: kept.databasePassword ?? randomSecret(),
    replicationPassword: kept.replicationPassword ?? randomSecret(),
    redisPassword: kept.redisPassword ?? randomSecret(),
    // Topologies first deployed before Odoo nodes ran for real have no admin password yet.
    adminPassword: kept.adminPassword ?? randomSecret(),
  };
  if (!sealed || !kept.adminPassword)
    await deps.store.topologies.saveSealedSecrets(topologyId, deps.secrets.seal(JSON.stringify(secrets)));
  return secrets;
}

/** SSH access to a server, or why there is none. */
export function sshTarget(deps: DeployDeps, server: ServerRecord): SshTarget | string {
  if (!server.sealedKey && !server.sealedPassword) {
    return `server ${server.name} has no SSH key or password; add one to the server (its page in the dashboard, ocore server update, or PUT /api/servers/${server.id})`;
  }
  if (server.status === 'maintenance') return `server ${server.name} is in maintenance`;
  return sshTargetOf(deps.secrets, server);
}

/** Trust on first use: the first host key a server shows is kept, and later ones must match it. */
export async function pinHostKey(deps: CoreDeps, server: ServerRecord, result: StepResult): Promise<void> {
  if (!result.ok || !result.hostKey || server.sshHostKey) return;
  await deps.store.servers.update(server.id, { sshHostKey: result.hostKey });
  server.sshHostKey = result.hostKey;
}

/** Runs `work` as the named step: its failure names the step. */
export const runStep = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (err) {
    throw err instanceof RuntimeError ? err : new RuntimeError(step, (err as Error).message);
  }
};

export const nodeContext = (deps: DeployDeps, topology: Topology, secrets: DeploySecrets): NodeContext => ({
  topologyId: topology.id,
  organizationId: topology.organizationId,
  secrets,
  settings: deps.nodeSteps,
});

/**
 * Connects to the server's engine (pinning the host key it shows the first time) and runs
 * `work` there; a failure is the result, its reason naming the step.
 */
export async function onRuntime(
  deps: DeployDeps,
  server: ServerRecord,
  target: SshTarget,
  work: (runtime: ContainerRuntime) => Promise<void>,
): Promise<StepResult> {
  const runtime = deps.runtimes.forServer(target);
  try {
    const engine = await runStep('connect to the Docker Engine', () => runtime.ping());
    if (engine.hostKey) await pinHostKey(deps, server, { ok: true, hostKey: engine.hostKey });
    await work(runtime);
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

/** One look at a node, no waiting: its runtime check, or the load balancer's over SSH. */
export async function checkAgain(
  deps: DeployDeps,
  topology: Topology,
  server: ServerRecord,
  target: SshTarget,
  plan: NodePlan,
): Promise<StepResult> {
  if (plan.kind === 'load-balancer') {
    const checked = await deps.executor.check(
      target,
      plan,
      nodeDirectory(deps.deployDirectory, topology.id, plan.nodeId),
    );
    await pinHostKey(deps, server, checked);
    return checked;
  }
  const secrets = await deploySecrets(deps, topology.id);
  const ctx = nodeContext(deps, topology, secrets);
  const once = { ...ctx, settings: { ...ctx.settings, healthTimeoutMs: ctx.settings.healthIntervalMs } };
  return onRuntime(deps, server, target, (runtime) => checkNode(runtime, once, plan));
}
