import type { ServerRecord } from '../servers/server.ports.js';
import { sshTargetOf } from '../servers/server-target.js';
import { RuntimeError, type ContainerRuntime } from '../runtime/container-runtime.ports.js';
import type { SshTarget } from '../topologies/deployment.ports.js';
import { commitAndPublish } from '../shared/change.js';
import { emitInstance, emitLog, emitOperation, type InstanceDeps } from './instance.deps.js';
import type { InstancePatch, InstanceRecord } from './instance.ports.js';
import type { Operation } from './operation.schema.js';
import { executeOperation } from './operation.steps.js';

/** How often a working operation tells the database it is alive, and when silence means its worker died. */
export const heartbeatMs = 10_000;
export const staleAfterMs = 60_000;

/** A failure of one step: the step, and what went wrong there. */
export class StepFailure extends Error {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(message);
  }
}

async function saveOperation(
  deps: InstanceDeps,
  id: string,
  patch: Parameters<InstanceDeps['store']['operations']['update']>[1],
  instancePatch?: { id: string; patch: InstancePatch },
): Promise<Operation> {
  return commitAndPublish(deps, async (tx, _record, emit) => {
    const operation = await tx.operations.update(id, patch);
    await emitOperation(emit, operation);
    if (instancePatch) await emitInstance(deps, emit, await tx.instances.update(instancePatch.id, instancePatch.patch));
    return operation;
  });
}

/** The instance's server: the organization's own, or its agency's. */
export async function serverOf(
  deps: Pick<InstanceDeps, 'store'>,
  instance: Pick<InstanceRecord, 'organizationId' | 'serverId'>,
): Promise<ServerRecord | undefined> {
  const own = await deps.store.servers.find(instance.organizationId, instance.serverId);
  if (own) return own;
  const org = await deps.store.organizations.findById(instance.organizationId);
  return org?.parentOrganizationId ? deps.store.servers.find(org.parentOrganizationId, instance.serverId) : undefined;
}

/** SSH access to a server, or the step failure saying why there is none. */
export function sshTarget(deps: Pick<InstanceDeps, 'secrets'>, server: ServerRecord): SshTarget {
  if (!server.sealedKey && !server.sealedPassword)
    throw new StepFailure(
      'connect to server',
      `server ${server.name} has no SSH key or password; add one to the server`,
    );
  if (server.status === 'maintenance')
    throw new StepFailure('connect to server', `server ${server.name} is in maintenance`);
  return sshTargetOf(deps.secrets, server);
}

/** Connects to the server's engine; the first host key it shows is pinned (trust on first use). */
export async function connect(deps: InstanceDeps, server: ServerRecord): Promise<ContainerRuntime> {
  const runtime = deps.runtimes.forServer(sshTarget(deps, server));
  const info = await runtime.ping();
  if (!server.sshHostKey && info.hostKey) await deps.store.servers.update(server.id, { sshHostKey: info.hostKey });
  return runtime;
}

/** Connects to the instance's server, for the slices that work on an instance (backups). */
export async function connectToInstanceServer(deps: InstanceDeps, instance: InstanceRecord): Promise<ContainerRuntime> {
  const server = await serverOf(deps, instance);
  if (!server) throw new StepFailure('connect to server', "the instance's server was deleted");
  return connect(deps, server);
}

/** The status an instance ends in after a successful operation of each kind. */
const settled = {
  provision: 'running',
  start: 'running',
  restart: 'running',
  redeploy: 'running',
  update: 'running',
  stop: 'stopped',
} as const;

/**
 * The job: runs one operation to its end. Every step is written to the operation's log and
 * pushed live; the instance ends `running` (or `stopped`, or removed) only when the steps
 * all passed, otherwise `failed` with the step and the reason, and may be retried.
 */
export async function runOperation(deps: InstanceDeps, operationId: string): Promise<Operation | undefined> {
  const queued = await deps.store.operations.findById(operationId);
  if (!queued || queued.status === 'succeeded' || queued.status === 'failed') return queued;
  const instance = queued.instanceId ? await deps.store.instances.findById(queued.instanceId) : undefined;
  if (!instance)
    return saveOperation(deps, operationId, {
      status: 'failed',
      error: 'the instance was deleted before the operation ran',
      finishedAt: deps.clock.now(),
    });
  let operation = await saveOperation(
    deps,
    operationId,
    { status: 'running', startedAt: deps.clock.now(), step: null, error: null },
    { id: instance.id, patch: { status: queued.kind === 'delete' ? 'deleting' : 'deploying' } },
  );
  await deps.store.operations.heartbeat(operationId, deps.clock.now());
  const beat = setInterval(() => {
    deps.store.operations.heartbeat(operationId, deps.clock.now()).catch(() => undefined);
  }, heartbeatMs);
  const log = async (level: 'info' | 'warn' | 'error', text: string) => {
    const line = { at: deps.clock.now().toISOString(), level, step: operation.step ?? 'start', text };
    await commitAndPublish(deps, async (tx, _record, emit) => {
      await tx.operations.appendLog(operationId, line);
      await emitLog(emit, operation, line);
    });
  };
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    operation = await saveOperation(deps, operationId, { step: name });
    await log('info', name);
    try {
      return await work();
    } catch (err) {
      if (err instanceof StepFailure) throw err;
      throw new StepFailure(name, err instanceof RuntimeError ? err.message : (err as Error).message);
    }
  };
  try {
    // Passwords are made right before the first thing of the instance's own is created on
    // its server: without them there is nothing there to remove, and the server may not even answer.
    const deployed =
      operation.kind !== 'delete' || (await deps.store.instances.findSealedSecrets(instance.id)) !== undefined;
    if (deployed) {
      const server = await serverOf(deps, instance);
      if (!server) throw new StepFailure('connect to server', "the instance's server was deleted");
      const runtime = await step('connect to server', () => connect(deps, server));
      await executeOperation({ deps, runtime, instance, operation, step, log });
    } else {
      await log('info', 'nothing of the instance was deployed on its server: only its record is removed');
    }
    await log('info', `${operation.kind} done`);
    if (operation.kind === 'delete') {
      return await commitAndPublish(deps, async (tx, _record, emit) => {
        const done = await tx.operations.update(operationId, {
          status: 'succeeded',
          step: null,
          finishedAt: deps.clock.now(),
        });
        await tx.instances.delete(instance.id);
        await emitOperation(emit, done);
        await emit({
          organizationId: instance.organizationId,
          type: 'instance.deleted',
          payload: { targetType: 'instance', targetId: instance.id, keepData: operation.keepData },
        });
        return done;
      });
    }
    return await saveOperation(
      deps,
      operationId,
      { status: 'succeeded', step: null, finishedAt: deps.clock.now() },
      { id: instance.id, patch: { status: settled[operation.kind], failedStep: null, failureReason: null } },
    );
  } catch (err) {
    const failure =
      err instanceof StepFailure ? err : new StepFailure(operation.step ?? 'start', (err as Error).message);
    await log('error', `${failure.step} failed: ${failure.message}`).catch(() => undefined);
    return saveOperation(
      deps,
      operationId,
      { status: 'failed', step: failure.step, error: failure.message, finishedAt: deps.clock.now() },
      { id: instance.id, patch: { status: 'failed', failedStep: failure.step, failureReason: failure.message } },
    );
  } finally {
    clearInterval(beat);
  }
}

/**
 * Fails the operations whose worker stopped (a crash, a restart): still `running`, but silent
 * for longer than `staleAfterMs`. Their instances become `failed` with the reason; a retry
 * (redeploy, start or delete) picks up from there. Answers how many it failed.
 */
export async function failStaleOperations(deps: InstanceDeps, olderThanMs = staleAfterMs): Promise<number> {
  const stale = await deps.store.operations.listStale(new Date(deps.clock.now().getTime() - olderThanMs));
  for (const operation of stale) {
    const reason = 'the control plane stopped while the operation ran (its worker ended); retry it';
    await saveOperation(
      deps,
      operation.id,
      { status: 'failed', error: reason, finishedAt: deps.clock.now() },
      operation.instanceId
        ? {
            id: operation.instanceId,
            patch: { status: 'failed', failedStep: operation.step ?? operation.kind, failureReason: reason },
          }
        : undefined,
    );
  }
  return stale.length;
}
