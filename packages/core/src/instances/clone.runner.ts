import { prepareShell, removeShell, routeShell, shellSecrets, startShell } from '../backups/new-instance.steps.js';
import { RuntimeError } from '../runtime/container-runtime.ports.js';
import { commitAndPublish } from '../shared/change.js';
import type { CloneDeps, CloneJob } from './clone.service.js';
import {
  copyDatabase,
  copyFilestore,
  neutralizeClone,
  reassignOwnership,
  sourceMount,
  streamDatabase,
  streamFilestore,
} from './clone.steps.js';
import { emitInstance, emitLog, emitOperation } from './instance.deps.js';
import type { InstancePatch } from './instance.ports.js';
import { runtimeNames } from './instance.rules.js';
import { connectToInstanceServer, heartbeatMs, StepFailure } from './operation.runner.js';
import type { Operation } from './operation.schema.js';

type OperationPatch = Parameters<CloneDeps['store']['operations']['update']>[1];

async function save(deps: CloneDeps, operationId: string, patch: OperationPatch, instance?: InstancePatch) {
  return commitAndPublish(deps, async (tx, _record, emit) => {
    const operation = await tx.operations.update(operationId, patch);
    await emitOperation(emit, operation);
    if (instance && operation.instanceId)
      await emitInstance(deps, emit, await tx.instances.update(operation.instanceId, instance));
    return operation;
  });
}

/** Steps written to the clone's operation (step and log line), each failure carrying its step. */
function stepsOf(deps: CloneDeps, operationId: string) {
  return async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const operation = await save(deps, operationId, { step: name });
    const line = { at: deps.clock.now().toISOString(), level: 'info' as const, step: name, text: name };
    await commitAndPublish(deps, async (tx, _record, emit) => {
      await tx.operations.appendLog(operationId, line);
      await emitLog(emit, operation, line);
    });
    try {
      return await work();
    } catch (err) {
      if (err instanceof StepFailure) throw err;
      throw new StepFailure(name, err instanceof RuntimeError ? err.message : (err as Error).message);
    }
  };
}

/**
 * The job: makes the clone. Its shell (role, volumes, a `sleep` container with the source's
 * filestore mounted read only) first, then the database copied as a template and given to the
 * clone's role, the filestore copied, neutralized, and only then Odoo started. On another
 * server the database and filestore are streamed across instead (pg_dump into pg_restore, the
 * engine's archive of the filestore), through the control plane. A failure
 * removes all of it: the clone stays `failed` with the step and the reason, holding nothing.
 */
export async function runClone(deps: CloneDeps, job: CloneJob): Promise<Operation | undefined> {
  const queued = await deps.store.operations.findById(job.operationId);
  if (queued?.status !== 'queued' || !queued.instanceId) return queued;
  const clone = await deps.store.instances.findById(queued.instanceId);
  const source = await deps.store.instances.findById(job.sourceId);
  await save(deps, queued.id, { status: 'running', startedAt: deps.clock.now() }, { status: 'deploying' });
  await deps.store.operations.heartbeat(queued.id, deps.clock.now());
  const beat = setInterval(() => {
    deps.store.operations.heartbeat(queued.id, deps.clock.now()).catch(() => undefined);
  }, heartbeatMs);
  const step = stepsOf(deps, queued.id);
  try {
    if (!clone || !source) throw new StepFailure('start', 'the clone or its source was deleted before the clone ran');
    const runtime = await step('connect to server', () => connectToInstanceServer(deps, clone));
    // On another server the data is streamed across; on the same one it is copied in place.
    const across = clone.serverId !== source.serverId;
    const sourceRuntime = across
      ? await step('connect to the source’s server', () => connectToInstanceServer(deps, source))
      : runtime;
    const from = runtimeNames(source);
    const to = runtimeNames(clone);
    try {
      const secrets = await shellSecrets(deps, clone);
      const sourceFiles = across ? [] : [{ volume: from.filestore, target: sourceMount, readOnly: true }];
      await step('create the clone', () => prepareShell(deps, runtime, clone, secrets, sourceFiles));
      if (across) {
        await step(`stream database ${from.database} from the source’s server (pg_dump, pg_restore)`, () =>
          streamDatabase(sourceRuntime, runtime, from, to),
        );
        await step('stream the filestore from the source’s server', () =>
          streamFilestore(sourceRuntime, runtime, from, to),
        );
      } else {
        await step(`copy database ${from.database} as a template`, () => copyDatabase(runtime, from, to));
        await step('give the copy to the clone’s role', () => reassignOwnership(runtime, from, to));
        await step('copy the filestore (reflink where possible)', () => copyFilestore(runtime, from, to));
      }
      if (job.neutralize) await step('neutralize', () => neutralizeClone(runtime, to));
      await step('wait for /web/health', () => startShell(deps, runtime, clone, secrets));
      await step('update proxy', () => routeShell(deps, runtime, clone));
    } catch (err) {
      await removeShell(runtime, clone).catch(() => undefined);
      throw err;
    }
    return await save(
      deps,
      queued.id,
      { status: 'succeeded', step: null, finishedAt: deps.clock.now() },
      { status: 'running', failedStep: null, failureReason: null },
    );
  } catch (err) {
    const failure = err instanceof StepFailure ? err : new StepFailure('start', (err as Error).message);
    const reason = `${failure.message} (nothing of the clone was kept)`;
    return save(
      deps,
      queued.id,
      { status: 'failed', step: failure.step, error: reason, finishedAt: deps.clock.now() },
      { status: 'failed', failedStep: failure.step, failureReason: reason },
    );
  } finally {
    clearInterval(beat);
  }
}
