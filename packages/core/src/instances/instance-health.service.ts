import type { ContainerRuntime } from '../runtime/container-runtime.ports.js';
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
 * The health job: asks each watched instance's container state and /web/health (one
 * connection per server, `concurrency` instances at a time on each). A running instance
 * whose container died or whose health fails becomes `failed` with the step `health check`
 * and what was seen; one that answers again becomes `running`. Each change is published.
 * A server that cannot be reached leaves its instances as they are (the server probe
 * reports the server); so does an instance an operation took over meanwhile.
 */
export async function checkInstanceHealth(deps: InstanceDeps, concurrency = 8): Promise<HealthSweep> {
  const watched = (await deps.store.instances.listByStatus(['running', 'failed'])).filter(isHealthWatched);
  const byServer = new Map<string, InstanceRecord[]>();
  for (const instance of watched)
    byServer.set(instance.serverId, [...(byServer.get(instance.serverId) ?? []), instance]);
  const sweep: HealthSweep = { checked: 0, failed: 0, recovered: 0, unknown: 0 };
  await Promise.all(
    [...byServer.values()].map(async (instances) => {
      const runtime = await reach(deps, instances);
      if (!runtime) {
        sweep.unknown += instances.length;
        return;
      }
      for (let i = 0; i < instances.length; i += concurrency)
        await Promise.all(instances.slice(i, i + concurrency).map((one) => checkOne(deps, runtime, one, sweep)));
    }),
  );
  return sweep;
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
  sweep.checked += 1;
  const healthy = problem === undefined;
  if (healthy === (instance.status === 'running')) return;
  const patch: InstancePatch = healthy
    ? { status: 'running', failedStep: null, failureReason: null }
    : { status: 'failed', failedStep: healthCheckStep, failureReason: problem ?? null };
  const changed = await commitAndPublish(deps, async (tx, _record, emit) => {
    const now = await tx.instances.findById(instance.id);
    // An operation that started since the instance was read owns its status now.
    if (now?.status !== instance.status || now.updatedAt !== instance.updatedAt) return false;
    await emitInstance(deps, emit, await tx.instances.update(instance.id, patch));
    return true;
  });
  if (changed && healthy) sweep.recovered += 1;
  if (changed && !healthy) sweep.failed += 1;
}
