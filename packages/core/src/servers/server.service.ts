import { requirePermission, type Actor } from '../auth/actor.js';
import type { InfrastructureVisibility } from '../agency/agency.schema.js';
import { governingPortalConfig } from '../agency/portal-config.service.js';
import { changedFields } from '../shared/fields.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import type { ServerPatch, ServerRecord } from './server.ports.js';
import { withListDefaults, type Page } from '../shared/list-query.js';
import {
  defaultDockerSocket,
  serverPlainFields,
  type CreateServerInput,
  type ListServersInput,
  type Server,
  type ServerCredentialField,
  type UpdateServerInput,
} from './server.schema.js';
import type { SecretBox } from '../shared/secret-box.js';

export interface ServerDeps extends CoreDeps {
  secrets: SecretBox;
}

/**
 * A server as the caller may see it: never its credentials; for a client's members, less
 * as the agency's `infrastructureVisibility` says (limited: no host, port or user; none:
 * no sizes or probe errors either).
 */
export function redactServer(record: ServerRecord, visibility: InfrastructureVisibility = 'full'): Server {
  const { sealedKey, sealedPassword, ...server } = record;
  const view: Server = { ...server, hasSshKey: sealedKey !== null, hasSshPassword: sealedPassword !== null };
  if (visibility === 'full') return view;
  const limited = { ...view, host: null, port: null, sshUser: null, sshHostKey: null, dockerSocket: null };
  return visibility === 'limited' ? limited : { ...limited, capacity: null, lastProbeError: null };
}

async function visibilityFor(deps: CoreDeps, actor: Actor): Promise<InfrastructureVisibility> {
  return (await governingPortalConfig(deps, actor))?.infrastructureVisibility ?? 'full';
}

/**
 * The organization's servers (view:servers), and with `withAgency` a client's agency's too (where
 * its instances may run), redacted for client members.
 */
export async function listServers(deps: CoreDeps, actor: Actor, input?: ListServersInput): Promise<Page<Server>> {
  requirePermission(actor, 'view:servers');
  const visibility = await visibilityFor(deps, actor);
  const query = withListDefaults(input, { sort: 'createdAt', direction: 'asc' });
  const agency = input?.withAgency ? actor.agencyOrganizationId : undefined;
  const organizations = agency ? [actor.organizationId, agency] : [actor.organizationId];
  const page = await deps.store.servers.page(organizations, query, { status: input?.status });
  return { ...page, items: page.items.map((s) => redactServer(s, visibility)) };
}

/** One server of the organization (view:servers). */
export async function getServer(deps: CoreDeps, actor: Actor, id: string): Promise<Server> {
  requirePermission(actor, 'view:servers');
  const server = await deps.store.servers.find(actor.organizationId, id);
  if (!server) throw notFound('Server');
  return redactServer(server, await visibilityFor(deps, actor));
}

/** Registers a server (manage:servers); its SSH key or password is sealed before it is stored. */
export async function createServer(deps: ServerDeps, actor: Actor, input: CreateServerInput): Promise<Server> {
  requirePermission(actor, 'manage:servers');
  const created = await commitAndPublish(deps, async (tx, record) => {
    const server = await tx.servers.insert({
      organizationId: actor.organizationId,
      name: input.name,
      host: input.host,
      port: input.port,
      sshUser: input.sshUser,
      sealedKey: input.sshPrivateKey ? deps.secrets.seal(input.sshPrivateKey) : null,
      sealedPassword: input.sshPassword ? deps.secrets.seal(input.sshPassword) : null,
      capacity: input.capacity,
      dockerSocket: input.dockerSocket ?? defaultDockerSocket,
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'server.created',
      targetType: 'server',
      targetId: server.id,
      diff: {
        after: {
          name: server.name,
          host: server.host,
          port: server.port,
          dockerSocket: server.dockerSocket,
          sshKey: input.sshPrivateKey ? 'set' : 'not set',
          sshPassword: input.sshPassword ? 'set' : 'not set',
        },
      },
    });
    return server;
  });
  return redactServer(created, await visibilityFor(deps, actor));
}

/** Changes the fields sent (manage:servers); `null` or `""` clears a credential. */
export async function updateServer(deps: ServerDeps, actor: Actor, input: UpdateServerInput): Promise<Server> {
  requirePermission(actor, 'manage:servers');
  const updated = await commitAndPublish(deps, async (tx, record) => {
    // Locked: capacity is merged, so concurrent updates of different sizes must not overwrite each other.
    const before = await tx.servers.findForUpdate(actor.organizationId, input.id);
    if (!before) throw notFound('Server');
    const patch: ServerPatch = {};
    for (const field of serverPlainFields)
      if (input[field] !== undefined) Object.assign(patch, { [field]: input[field] });
    // Back in service means checked again: pending until the next check says active or unreachable.
    if (input.status === 'maintenance') patch.status = 'maintenance';
    else if (input.status === 'active' && before.status === 'maintenance') patch.status = 'pending';
    if (input.capacity) patch.capacity = { ...before.capacity, ...input.capacity };
    const diff: Record<string, unknown> = {};
    if (input.sshPrivateKey !== undefined) {
      patch.sealedKey = input.sshPrivateKey === null ? null : deps.secrets.seal(input.sshPrivateKey);
      diff['sshKey'] = input.sshPrivateKey === null ? 'cleared' : 'replaced';
    }
    if (input.sshPassword !== undefined) {
      patch.sealedPassword = input.sshPassword === null ? null : deps.secrets.seal(input.sshPassword);
      diff['sshPassword'] = input.sshPassword === null ? 'cleared' : 'replaced';
    }
    const moved =
      (input.host !== undefined && input.host !== before.host) ||
      (input.port !== undefined && input.port !== before.port);
    if (before.sshHostKey && (input.resetHostKey || moved)) {
      patch.sshHostKey = null;
      diff['sshHostKey'] = 'reset';
    }
    const cleared = moved ? clearMovedCredentials(before, input, patch, diff) : [];
    const after = await tx.servers.update(before.id, patch);
    Object.assign(diff, changedFields(before, after, [...serverPlainFields, 'status']));
    if (JSON.stringify(before.capacity) !== JSON.stringify(after.capacity))
      diff['capacity'] = { from: before.capacity, to: after.capacity };
    if (Object.keys(diff).length) {
      await record(actor, {
        organizationId: actor.organizationId,
        action: 'server.updated',
        targetType: 'server',
        targetId: after.id,
        diff,
        payload: { fields: Object.keys(diff) },
      });
    }
    return { after, cleared };
  });
  const view = redactServer(updated.after, await visibilityFor(deps, actor));
  return updated.cleared.length ? { ...view, clearedSecrets: updated.cleared } : view;
}

/**
 * A credential stored for one destination is never sent to another: when the host or port
 * changes, the SSH key and password not given again in the same request are cleared.
 */
function clearMovedCredentials(
  before: ServerRecord,
  input: UpdateServerInput,
  patch: ServerPatch,
  diff: Record<string, unknown>,
): ServerCredentialField[] {
  const cleared: ServerCredentialField[] = [];
  if (before.sealedKey !== null && input.sshPrivateKey === undefined) {
    patch.sealedKey = null;
    diff['sshKey'] = 'cleared: the host or port changed';
    cleared.push('sshPrivateKey');
  }
  if (before.sealedPassword !== null && input.sshPassword === undefined) {
    patch.sealedPassword = null;
    diff['sshPassword'] = 'cleared: the host or port changed';
    cleared.push('sshPassword');
  }
  return cleared;
}

/** Removes a server (manage:servers). */
export async function deleteServer(deps: CoreDeps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'manage:servers');
  await commitAndPublish(deps, async (tx, record) => {
    const server = await tx.servers.find(actor.organizationId, id);
    if (!server) throw notFound('Server');
    const instances = await tx.instances.countOnServerForUpdate(server.id);
    if (instances > 0) {
      throw new DomainError(
        'IN_USE',
        `server ${server.name} still runs ${instances} instance${instances === 1 ? '' : 's'}; delete or move them first`,
        { field: 'id' },
      );
    }
    const usedBy = (await tx.topologies.list(actor.organizationId)).filter(
      (t) =>
        t.topologyData.nodes.some((n) => n.serverId === server.id) ||
        t.haConfig.lbServerId === server.id ||
        t.haConfig.redisServerId === server.id,
    );
    if (usedBy.length > 0) {
      throw new DomainError(
        'IN_USE',
        `server ${server.name} is part of topology ${usedBy.map((t) => t.name).join(', ')}; take it out of the topology first`,
        { field: 'id' },
      );
    }
    await tx.servers.delete(server.id);
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'server.deleted',
      targetType: 'server',
      targetId: id,
      diff: { before: { name: server.name, host: server.host } },
    });
  });
}
