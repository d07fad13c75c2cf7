import { governingPortalConfig } from '../agency/portal-config.service.js';
import type { Actor } from '../auth/actor.js';
import type { DomainError } from '../shared/domain-error.js';
import type { Repositories } from '../shared/store.js';
import type { InstanceDeps } from './instance.deps.js';
import type { InstancePatch, InstanceRecord } from './instance.ports.js';
import { limitRefusal } from './provision.rules.js';

/**
 * Why the instance's server cannot hold its changed limits (the placement rule: cores, and the
 * memory limits of its instances, this one's old limit left out); undefined when they fit or
 * are not changed.
 */
export async function limitChangeRefusal(
  deps: InstanceDeps,
  tx: Repositories,
  actor: Actor,
  before: InstanceRecord,
  changes: InstancePatch,
): Promise<DomainError | undefined> {
  if (changes.cpuLimit === undefined && changes.memoryLimitMb === undefined) return undefined;
  const server =
    (await tx.servers.find(actor.organizationId, before.serverId)) ??
    (actor.agencyOrganizationId ? await tx.servers.find(actor.agencyOrganizationId, before.serverId) : undefined);
  if (!server) return undefined;
  await tx.instances.countOnServerForUpdate(server.id);
  const reserved = (await tx.instances.reservedMemoryOnServer(server.id)) - (before.memoryLimitMb ?? 0);
  const visibility = (await governingPortalConfig(deps, actor))?.infrastructureVisibility ?? 'full';
  const limits = {
    cpuLimit: changes.cpuLimit === undefined ? before.cpuLimit : changes.cpuLimit,
    memoryLimitMb: changes.memoryLimitMb === undefined ? before.memoryLimitMb : changes.memoryLimitMb,
    reservedMemoryMb: reserved,
  };
  return limitRefusal(server, limits, visibility !== 'none');
}
