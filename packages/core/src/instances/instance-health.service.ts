import type { ContainerRuntime, ContainerSummary } from '../runtime/container-runtime.ports.js';
import { commitAndPublish } from '../shared/change.js';
import { emitInstance, type InstanceDeps } from './instance.deps.js';
import type { InstancePatch, InstanceRecord } from './instance.ports.js';
import { runtimeNames } from './instance.rules.js';
import { probeHealth } from './odoo.steps.js';
import { connect, serverOf } from './operation.runner.js';

/** The `failedStep` of an instance the health job found broken: the job alone brings it back. */
export const healthCheckStep = 'health check';

/** What one sweep saw. */
export interface HealthSweep {
  /** Instances whose container and /web/health were asked. */
  checked: number;
  /** Running instances found broken, now `failed`. */
  failed: number;
  /** Instances the job had failed, answering again, now `running`. */
  recovered: number;
  /** Instances left as they were because their server or engine could not be asked. */
  unknown: number;
}

/**
 * Whether the job watches the instance: a running one, or one it failed itself (so it can
 * bring it back). An operation's failure is the operation's to retry; a stopped instance is
 * meant to be down.
 */
export function isHealthWatched(instance: Pick<InstanceRecord, 'status' | 'failedStep'>): boolean {
  return instance.status === 'running' || (instance.status === 'failed' && instance.failedStep === healthCheckStep);
}

/**
 * The health job, one connection and one container list per server: an instance whose
 * container the engine reports running and healthy (its own health check, see
 * `odooHealthcheck`) is healthy; any other one (stopped, gone, unhealthy, still starting, or
 * made before containers had a health check) is asked directly, its container's state and
 * /web/health, `concurrency` at a time on each server. A running instance found broken
 * becomes `failed` with the step `health check` and what was seen, unless a restore of it is
 * under way (it stops Odoo for the swap); one that answers again becomes `running`. Each change is published. A server that cannot be reached leaves its
 * instances as they are (the server probe reports the server); so does an instance an
 * operation took over meanwhile.
 */
export async function checkInstanceHealth(deps: InstanceDeps, concurrency = 8): Promise<HealthSweep> {
  const watched = (await deps.store.instances.listByStatus(['running', 'failed'])).filter(isHealthWatched);
  const byServer = new Map<string, InstanceRecord[]>();
  for (const instance of watched)
    byServer.set(instance.serverId, [...(byServer.get(instance.serverId) ?? []), instance]);
  const sweep: HealthSweep = { checked: 0, failed: 0, recovered: 0, unknown: 0 };
  await Promise.all([...byServer.values()].map((instances) => checkServer(deps, instances, sweep, concurrency)));
  return sweep;
}

async function checkServer(
  deps: InstanceDeps,
  instances: InstanceRecord[],
  sweep: HealthSweep,
  concurrency: number,
): Promise<void> {
  const runtime = await reach(deps, instances);
  const listed = runtime && (await listManaged(runtime));
  if (!runtime || !listed) {
    sweep.unknown += instances.length;
    return;
  }
  const toProbe: InstanceRecord[] = [];
  for (const instance of instances) {
    const summary = listed.get(runtimeNames(instance).container);
    if (summary?.status === 'running' && summary.health === 'healthy') await record(deps, instance, undefined, sweep);
    else toProbe.push(instance);
  }
  for (let i = 0; i < toProbe.length; i += concurrency)
    await Promise.all(toProbe.slice(i, i + concurrency).map((one) => checkOne(deps, runtime, one, sweep)));
}

/** The control plane's containers on the server by name, or undefined when the engine does not answer. */
async function listManaged(runtime: ContainerRuntime): Promise<Map<string, ContainerSummary> | undefined> {
  try {
    return new Map((await runtime.listContainers({ 'ocore.managed': 'true' })).map((c) => [c.name, c]));
  } catch {
    return undefined;
  }
}

/** The engine of the instances' server, or undefined when it cannot be asked. */
async function reach(deps: InstanceDeps, instances: InstanceRecord[]): Promise<ContainerRuntime | undefined> {
  const [first] = instances;
  const server = first && (await serverOf(deps, first));
  if (!server) return undefined;
  try {
    return await connect(deps, server);
  } catch {
    return undefined;
  }
}

async function checkOne(
  deps: InstanceDeps,
  runtime: ContainerRuntime,
  instance: InstanceRecord,
  sweep: HealthSweep,
): Promise<void> {
  let problem: string | undefined;
  try {
    problem = await probeHealth(runtime, runtimeNames(instance).container);
  } catch {
    sweep.unknown += 1;
    return;
  }
  await record(deps, instance, problem, sweep);
}

/** Counts the instance checked and saves what changed: `problem` undefined means healthy. */
async function record(
  deps: InstanceDeps,
  instance: InstanceRecord,
  problem: string | undefined,
  sweep: HealthSweep,
): Promise<void> {
  sweep.checked += 1;
  const healthy = problem === undefined;
  if (healthy === (instance.status === 'running')) return;
  const patch: InstancePatch = healthy
    ? { status: 'running', failedStep: null, failureReason: null }
    : { status: 'failed', failedStep: healthCheckStep, failureReason: problem };
  const changed = await commitAndPublish(deps, async (tx, _record, emit) => {
    const now = await tx.instances.findById(instance.id);
    // An operation that started since the instance was read owns its status now.
    if (now?.status !== instance.status || now.updatedAt !== instance.updatedAt) return false;
    // So does a restore: it stops and starts the container to swap the data in.
    if (!healthy && (await tx.backups.hasOpenRestore(instance.id))) return false;
    await emitInstance(deps, emit, await tx.instances.update(instance.id, patch));
    return true;
  });
  if (changed && healthy) sweep.recovered += 1;
  if (changed && !healthy) sweep.failed += 1;
}
