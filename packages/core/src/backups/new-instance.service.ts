import { governingPortalConfig } from '../agency/portal-config.service.js';
import type { InfrastructureVisibility } from '../agency/agency.schema.js';
import type { Actor } from '../auth/actor.js';
import type { InstanceDeps } from '../instances/instance.deps.js';
import { emitInstance } from '../instances/instance.deps.js';
import type { InstancePatch, InstanceRecord, NewInstance } from '../instances/instance.ports.js';
import { requireSupportedVersion, serverRefusal } from '../instances/provision.rules.js';
import { findPlacement, freeSlug, requireSubscription } from '../instances/provision.service.js';
import type { Principal } from '../auth/actor.js';
import { commitAndPublish, type Change } from '../shared/change.js';
import type { NewDomainEvent } from '../shared/events.js';
import { DomainError } from '../shared/domain-error.js';
import type { Repositories } from '../shared/store.js';

type RecordAudit = (actor: Principal | Actor, change: Change) => Promise<void>;
type Emit = (event: NewDomainEvent) => Promise<void>;

export type DataDefinition = Omit<NewInstance, 'organizationId' | 'serverId' | 'slug' | 'projectId' | 'stage'>;

export interface DataPlacement {
  serverId: string;
  projectId: string | null;
  stage: NewInstance['stage'];
}

/** The checks before an instance is made from data: the version is supported, Enterprise has its subscription. */
export async function checkDataInstance(
  deps: InstanceDeps,
  actor: Actor,
  definition: DataDefinition,
): Promise<{ visibility: InfrastructureVisibility }> {
  requireSupportedVersion(definition.odooVersion, definition.name);
  if (definition.odooEdition === 'ee') await requireSubscription(deps, actor.organizationId, definition.odooVersion);
  return { visibility: (await governingPortalConfig(deps, actor))?.infrastructureVisibility ?? 'full' };
}

/**
 * Records a `pending` instance that a restore or clone will fill with data (no provisioning is
 * queued: the job that loads the data starts it). The same refusals as provisioning: an
 * unknown server or project, a server that is not active, full, or too small.
 */
export async function recordDataInstance(
  deps: InstanceDeps,
  tx: Repositories,
  record: RecordAudit,
  emit: Emit,
  actor: Actor,
  placement: DataPlacement & { visibility: InfrastructureVisibility },
  definition: DataDefinition & { source: Record<string, unknown> },
): Promise<InstanceRecord> {
  const visibility = placement.visibility;
  const server = await findPlacement(tx, actor, placement.serverId);
  const refusal = serverRefusal(
    server,
    await tx.instances.countOnServerForUpdate(server.id),
    definition.workers,
    visibility,
    {
      cpuLimit: definition.cpuLimit,
      memoryLimitMb: definition.memoryLimitMb,
      reservedMemoryMb: await tx.instances.reservedMemoryOnServer(server.id),
    },
  );
  if (refusal) throw refusal;
  if (placement.projectId && !(await tx.projects.find(actor.organizationId, placement.projectId)))
    throw new DomainError('NOT_FOUND', 'projectId: no such project in this organization', { field: 'projectId' });
  const { source, ...fields } = definition;
  const created = await tx.instances.insert({
    ...fields,
    organizationId: actor.organizationId,
    serverId: server.id,
    projectId: placement.projectId,
    stage: placement.stage,
    slug: await freeSlug(tx, definition.name),
  });
  await record(actor, {
    organizationId: actor.organizationId,
    action: 'instance.created',
    targetType: 'instance',
    targetId: created.id,
    diff: {
      after: {
        name: created.name,
        serverId: server.id,
        odooVersion: created.odooVersion,
        odooEdition: created.odooEdition,
        stage: created.stage,
        status: created.status,
      },
      from: source,
    },
    payload: { serverId: server.id, status: created.status },
  });
  await emitInstance(deps, emit, created);
  return created;
}

/** Sets the instance's status (and failure), pushed live. */
export async function setInstanceStatus(deps: InstanceDeps, id: string, patch: InstancePatch): Promise<void> {
  await commitAndPublish(deps, async (tx, _record, emit) => {
    if (await tx.instances.findById(id)) await emitInstance(deps, emit, await tx.instances.update(id, patch));
  });
}
