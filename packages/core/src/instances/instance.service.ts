import { withListDefaults, type Page } from '../shared/list-query.js';
import type { ListInstancesInput } from './instance.schema.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { commitAndPublish, type Change } from '../shared/change.js';
import type { NewDomainEvent } from '../shared/events.js';
import { DomainError, invalidInput, notFound } from '../shared/domain-error.js';
import { definedFields } from '../shared/fields.js';
import type { Repositories } from '../shared/store.js';
import { requireSupportedVersion } from './provision.rules.js';
import { limitChangeRefusal } from './limit-change.js';
import { emitInstance, emitOperation, type InstanceDeps, type InstanceViewDeps } from './instance.deps.js';
import type { InstancePatch, InstanceRecord } from './instance.ports.js';
import { allowedOperations, toInstance } from './instance.rules.js';
import type { Instance, UpdateInstanceInput } from './instance.schema.js';
import type { Operation, OperationKind, OperationWithLogs } from './operation.schema.js';
import type { BackupDeps } from '../backups/backup.deps.js';
import { backUpBeforeUpgrade, logUpgradeBackup } from './upgrade-backup.js';

/** The organization's instances (view:instances), oldest first. */
export async function listInstances(
  deps: InstanceViewDeps,
  actor: Actor,
  input?: ListInstancesInput,
): Promise<Page<Instance>> {
  requirePermission(actor, 'view:instances');
  const query = withListDefaults(input, { sort: 'createdAt', direction: 'asc' });
  const { status, serverId } = input ?? {};
  // A server of another organization is not found, as everywhere else.
  if (serverId && !(await deps.store.servers.find(actor.organizationId, serverId))) throw notFound('Server');
  const page = await deps.store.instances.page(actor.organizationId, query, { status, serverId });
  return { ...page, items: page.items.map((r) => toInstance(r, deps.instanceBaseDomain, deps.instanceAccess)) };
}

async function findRecord(repos: Pick<Repositories, 'instances'>, actor: Actor, id: string): Promise<InstanceRecord> {
  const instance = await repos.instances.find(actor.organizationId, id);
  if (!instance) throw notFound('Instance');
  return instance;
}

/** One instance of the organization (view:instances). */
export async function getInstance(deps: InstanceViewDeps, actor: Actor, id: string): Promise<Instance> {
  requirePermission(actor, 'view:instances');
  return toInstance(await findRecord(deps.store, actor, id), deps.instanceBaseDomain, deps.instanceAccess);
}

/** The instance's last 50 operations, newest first, each with its log lines (view:instances). */
export async function listOperations(
  deps: InstanceViewDeps,
  actor: Actor,
  id: string,
): Promise<{ items: OperationWithLogs[]; total: number }> {
  requirePermission(actor, 'view:instances');
  await findRecord(deps.store, actor, id);
  const items = await deps.store.operations.list(actor.organizationId, id, 50);
  return { items, total: items.length };
}

/**
 * Stores a queued operation on the instance inside `tx` (refused while another is queued or
 * running, or when the instance's status does not allow it), records who asked, and sets
 * the status it implies (`deleting` for a delete, `deploying` for the others).
 */
export async function queueOperation(
  deps: InstanceViewDeps,
  tx: Repositories,
  record: (actor: Actor, change: Change) => Promise<void>,
  emit: (event: NewDomainEvent) => Promise<void>,
  actor: Actor,
  instance: InstanceRecord,
  kind: OperationKind,
  options: { keepData?: boolean; skipStatusCheck?: boolean } = {},
): Promise<Operation> {
  // A delete supersedes an operation still waiting in the queue (a running one it waits for).
  if (kind === 'delete') {
    const superseded = await tx.operations.failQueued(instance.id, 'superseded by a delete', deps.clock.now());
    if (superseded) await emitOperation(emit, superseded);
  }
  // The queue first: a busy instance is refused as such (DEPLOYMENT_RUNNING), whatever its status.
  const operation = await tx.operations.insert({
    organizationId: instance.organizationId,
    instanceId: instance.id,
    kind,
    keepData: options.keepData ?? false,
  });
  if (!options.skipStatusCheck && !allowedOperations[instance.status].includes(kind)) {
    throw new DomainError('INVALID_INPUT', `status: a ${instance.status} instance cannot be asked to ${kind}`, {
      field: 'status',
    });
  }
  const status = kind === 'delete' ? 'deleting' : instance.status === 'pending' ? 'pending' : 'deploying';
  const updated = await tx.instances.update(instance.id, { status, failedStep: null, failureReason: null });
  await record(actor, {
    organizationId: instance.organizationId,
    action: `instance.${kind}_requested`,
    targetType: 'instance',
    targetId: instance.id,
    diff: { operationId: operation.id, ...(kind === 'delete' ? { keepData: operation.keepData } : {}) },
    payload: { operationId: operation.id, kind },
  });
  await emitOperation(emit, operation);
  await emitInstance(deps, emit, updated);
  return operation;
}

/** Hands the operation to the queue; when that fails it fails too, saying why, and the error is rethrown. */
export async function dispatchOperation(deps: InstanceDeps, operation: Operation): Promise<Operation> {
  try {
    await deps.operationQueue.request(operation.id);
    return operation;
  } catch (err) {
    const reason = `could not queue the operation: ${(err as Error).message}`;
    await commitAndPublish(deps, async (tx, _record, emit) => {
      const failed = await tx.operations.update(operation.id, {
        status: 'failed',
        error: reason,
        finishedAt: deps.clock.now(),
      });
      await emitOperation(emit, failed);
      if (operation.instanceId) {
        const instance = await tx.instances.update(operation.instanceId, {
          status: 'failed',
          failedStep: 'queue',
          failureReason: reason,
        });
        await emitInstance(deps, emit, instance);
      }
    });
    throw err;
  }
}

/** Starts, stops, restarts or redeploys an instance (manage:instances); answers the queued operation. */
export async function requestInstanceOperation(
  deps: InstanceDeps,
  actor: Actor,
  id: string,
  kind: Extract<OperationKind, 'start' | 'stop' | 'restart' | 'redeploy'>,
): Promise<Operation> {
  requirePermission(actor, 'manage:instances');
  const operation = await commitAndPublish(deps, async (tx, record, emit) =>
    queueOperation(deps, tx, record, emit, actor, await findRecord(tx, actor, id), kind),
  );
  return dispatchOperation(deps, operation);
}

/**
 * Deletes an instance (manage:instances): its container, database and volumes, or only the
 * container with `keepData`. The instance shows `deleting` until the operation removed it.
 */
export async function deleteInstance(
  deps: InstanceDeps,
  actor: Actor,
  id: string,
  keepData = false,
): Promise<Operation> {
  requirePermission(actor, 'manage:instances');
  const operation = await commitAndPublish(deps, async (tx, record, emit) =>
    queueOperation(deps, tx, record, emit, actor, await findRecord(tx, actor, id), 'delete', { keepData }),
  );
  return dispatchOperation(deps, operation);
}

/**
 * Changes an instance (manage:instances). Name, project and stage are stored at once; a
 * change of workers, variables, modules, Odoo version or limits is stored and applied by an
 * `update` operation (the container is recreated with them), which is answered. A change of
 * the Odoo version (an upgrade) backs the instance up first; its operation's log names the backup.
 */
export async function updateInstance(
  deps: BackupDeps,
  actor: Actor,
  input: UpdateInstanceInput,
): Promise<{ instance: Instance; operation: Operation | null }> {
  requirePermission(actor, 'manage:instances');
  const { id, ...patch } = input;
  if (patch.odooVersion !== undefined) requireSupportedVersion(patch.odooVersion, patch.name ?? 'the instance');
  const upgradeBackup = await backUpBeforeUpgrade(deps, actor, id, patch.odooVersion);
  const result = await commitAndPublish(deps, async (tx, record, emit) => {
    const before = await findRecord(tx, actor, id);
    if (patch.projectId && !(await tx.projects.find(actor.organizationId, patch.projectId)))
      throw new DomainError('NOT_FOUND', 'projectId: no such project in this organization', { field: 'projectId' });
    const changes: InstancePatch = definedFields(patch);
    if (Object.keys(changes).length === 0) throw invalidInput('body', 'nothing to change');
    const applied = ['workers', 'envVars', 'moduleList', 'odooVersion', 'cpuLimit', 'memoryLimitMb'].some(
      (k) => k in changes,
    );
    if (applied && !allowedOperations[before.status].includes('update'))
      throw new DomainError('INVALID_INPUT', `status: a ${before.status} instance cannot be updated`, {
        field: 'status',
      });
    const refusal = await limitChangeRefusal(deps, tx, actor, before, changes);
    if (refusal) throw refusal;
    const stored = await tx.instances.update(id, changes);
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'instance.updated',
      targetType: 'instance',
      targetId: id,
      diff: { changed: Object.keys(changes), ...(upgradeBackup ? { backupId: upgradeBackup.backupId } : {}) },
    });
    const operation = applied ? await queueOperation(deps, tx, record, emit, actor, stored, 'update') : null;
    if (operation && upgradeBackup) await logUpgradeBackup(deps, tx, emit, operation, upgradeBackup);
    const after = operation ? await findRecord(tx, actor, id) : stored;
    if (!operation) await emitInstance(deps, emit, after);
    return { instance: toInstance(after, deps.instanceBaseDomain, deps.instanceAccess), operation };
  });
  if (result.operation) await dispatchOperation(deps, result.operation);
  return result;
}
