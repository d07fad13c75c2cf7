import { requirePermission, type Actor } from '../auth/actor.js';
import { checkDataInstance, recordDataInstance } from '../backups/new-instance.service.js';
import { commitAndPublish } from '../shared/change.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import type { CloneInstanceInput } from './clone.schema.js';
import { emitInstance, emitOperation, type InstanceDeps } from './instance.deps.js';
import type { InstanceRecord } from './instance.ports.js';
import type { Operation } from './operation.schema.js';

/** A clone's job: the clone's provision operation, its source, and whether to neutralize. */
export interface CloneJob {
  operationId: string;
  sourceId: string;
  neutralize: boolean;
}

/** Hands clones to the durable job queue. */
export interface CloneQueue {
  request(job: CloneJob): Promise<void>;
}

export interface CloneDeps extends InstanceDeps {
  cloneQueue: CloneQueue;
}

/** The statuses a source can be cloned in: its database and filestore are there. */
const cloneable: readonly InstanceRecord['status'][] = ['running', 'stopped'];

/** Why the source cannot be cloned, or undefined. */
export function cloneRefusal(source: InstanceRecord): DomainError | undefined {
  if (!cloneable.includes(source.status))
    return new DomainError('INVALID_INPUT', `status: a ${source.status} instance cannot be cloned`, {
      field: 'status',
    });
  return undefined;
}

/**
 * Clones an instance into a new one in the same project, with the given stage
 * (manage:instances), on the source's server unless another is given (with the same
 * placement checks as provisioning there): on the same server its database is copied as a
 * template and its filestore copied (copy-on-write where the file system allows); on another
 * they are streamed across. Then Odoo's `neutralize` unless turned off.
 * Answers the clone's queued provision operation, whose log tells the steps.
 */
export async function cloneInstance(deps: CloneDeps, actor: Actor, input: CloneInstanceInput): Promise<Operation> {
  requirePermission(actor, 'manage:instances');
  const source = await deps.store.instances.find(actor.organizationId, input.id);
  if (!source) throw notFound('Instance');
  const refusal = cloneRefusal(source);
  if (refusal) throw refusal;
  const definition = {
    templateId: source.templateId,
    name: input.name,
    odooVersion: source.odooVersion,
    odooEdition: source.odooEdition,
    workers: source.workers,
    envVars: source.envVars,
    moduleList: source.moduleList,
    cpuLimit: source.cpuLimit,
    memoryLimitMb: source.memoryLimitMb,
  };
  const { visibility } = await checkDataInstance(deps, actor, definition);
  const operation = await commitAndPublish(deps, async (tx, record, emit) => {
    const serverId = input.serverId ?? source.serverId;
    const placement = { visibility, serverId, projectId: source.projectId, stage: input.stage };
    const clone = await recordDataInstance(deps, tx, record, emit, actor, placement, {
      ...definition,
      source: { instanceId: source.id, neutralize: input.neutralize },
    });
    const queued = await tx.operations.insert({
      organizationId: actor.organizationId,
      instanceId: clone.id,
      kind: 'provision',
      keepData: false,
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'instance.clone_requested',
      targetType: 'instance',
      targetId: source.id,
      diff: { cloneId: clone.id, stage: input.stage, neutralize: input.neutralize, serverId },
      payload: { cloneId: clone.id, operationId: queued.id },
    });
    await emitOperation(emit, queued);
    return queued;
  });
  try {
    await deps.cloneQueue.request({ operationId: operation.id, sourceId: source.id, neutralize: input.neutralize });
  } catch (err) {
    const error = `could not queue the clone: ${(err as Error).message}`;
    await commitAndPublish(deps, async (tx, _record, emit) => {
      await emitOperation(emit, await tx.operations.update(operation.id, { status: 'failed', error }));
      const clone = operation.instanceId ?? '';
      await emitInstance(deps, emit, await tx.instances.update(clone, { status: 'failed', failureReason: error }));
    });
    throw err;
  }
  return operation;
}
