import { requirePermission, type Actor } from '../auth/actor.js';
import { commitAndPublish } from '../shared/change.js';
import { DomainError, invalidInput, notFound } from '../shared/domain-error.js';
import type { CoreDeps } from '../shared/deps.js';
import type { Repositories } from '../shared/store.js';
import { serverOf, sshTarget } from '../instances/operation.runner.js';
import type { InstanceDeps } from '../instances/instance.deps.js';
import type { BackupStores, DestinationRecord, NewDestination, ResolvedDestination } from './backup.ports.js';
import type {
  CreateDestinationInput,
  Destination,
  DestinationCredentials,
  UpdateDestinationInput,
} from './destination.schema.js';
import type { SecretBox } from '../shared/secret-box.js';

export interface DestinationDeps extends CoreDeps {
  secrets: SecretBox;
  backupStores: BackupStores;
}

/** The destination as answered: whether it has credentials, never what they are. */
export function toDestination(record: DestinationRecord): Destination {
  const { sealedCredentials, ...rest } = record;
  return { ...rest, hasCredentials: sealedCredentials !== null };
}

/** The credentials each kind needs: S3 an access key pair, SFTP a password or a private key. */
function checkCredentials(kind: Destination['kind'], credentials: DestinationCredentials | undefined): void {
  const c = credentials ?? {};
  if (kind === 's3' && (!c.accessKeyId || !c.secretAccessKey))
    throw invalidInput('credentials', 'an S3 destination needs accessKeyId and secretAccessKey');
  if (kind === 'sftp' && !c.password && !c.privateKey)
    throw invalidInput('credentials', 'an SFTP destination needs a password or a privateKey');
  if (kind === 'server' && Object.keys(c).length > 0)
    throw invalidInput('credentials', "a server destination uses the server's own SSH access: give none");
}

async function requireServer(tx: Repositories, actor: Actor, serverId: string): Promise<void> {
  // Only the organization's own servers: an agency's server is the agency's to use.
  if (!(await tx.servers.find(actor.organizationId, serverId)))
    throw new DomainError('NOT_FOUND', 'server.serverId: no such server', { field: 'server.serverId' });
}

function fieldsOf(input: CreateDestinationInput, sealed: string | null): Omit<NewDestination, 'organizationId'> {
  return {
    name: input.name,
    kind: input.kind,
    ...(input.kind === 'server' ? { server: input.server } : {}),
    ...(input.kind === 's3' ? { s3: input.s3 } : {}),
    ...(input.kind === 'sftp' ? { sftp: input.sftp } : {}),
    sealedCredentials: sealed,
  };
}

/** The organization's backup destinations (view:servers). */
export async function listDestinations(deps: CoreDeps, actor: Actor): Promise<{ items: Destination[]; total: number }> {
  requirePermission(actor, 'view:servers');
  const items = (await deps.store.backupDestinations.list(actor.organizationId)).map(toDestination);
  return { items, total: items.length };
}

/** Adds a destination (manage:servers); its credentials are sealed. */
export async function createDestination(
  deps: DestinationDeps,
  actor: Actor,
  input: CreateDestinationInput,
): Promise<Destination> {
  requirePermission(actor, 'manage:servers');
  checkCredentials(input.kind, input.credentials);
  const sealed =
    input.credentials && input.kind !== 'server' ? deps.secrets.seal(JSON.stringify(input.credentials)) : null;
  return commitAndPublish(deps, async (tx, record) => {
    if (input.server) await requireServer(tx, actor, input.server.serverId);
    const created = await tx.backupDestinations.insert({
      organizationId: actor.organizationId,
      ...fieldsOf(input, sealed),
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'backup_destination.created',
      targetType: 'backup_destination',
      targetId: created.id,
      diff: { name: created.name, kind: created.kind },
    });
    return toDestination(created);
  });
}

/** Replaces a destination's definition (manage:servers); credentials left out are kept when the kind is the same. */
export async function updateDestination(
  deps: DestinationDeps,
  actor: Actor,
  input: UpdateDestinationInput,
): Promise<Destination> {
  requirePermission(actor, 'manage:servers');
  return commitAndPublish(deps, async (tx, record) => {
    const before = await tx.backupDestinations.find(actor.organizationId, input.id);
    if (!before) throw notFound('Backup destination');
    const keep = input.credentials === undefined && before.kind === input.kind;
    if (!keep) checkCredentials(input.kind, input.credentials);
    if (input.server) await requireServer(tx, actor, input.server.serverId);
    const sealed = keep
      ? before.sealedCredentials
      : input.credentials && input.kind !== 'server'
        ? deps.secrets.seal(JSON.stringify(input.credentials))
        : null;
    const updated = await tx.backupDestinations.update(input.id, fieldsOf(input, sealed));
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'backup_destination.updated',
      targetType: 'backup_destination',
      targetId: input.id,
      diff: { name: updated.name, kind: updated.kind, credentialsChanged: !keep },
    });
    return toDestination(updated);
  });
}

/** Refuses deleting a destination that backup schedules name: they would fall back to the default unseen. */
async function refuseIfScheduled(tx: Repositories, organizationId: string, id: string): Promise<void> {
  const naming = (await tx.backupSchedules.listForOrganization(organizationId)).filter((s) => s.destinationId === id);
  if (!naming.length) return;
  const names = await Promise.all(
    naming.map(async (s) => (await tx.instances.find(organizationId, s.instanceId))?.name ?? s.instanceId),
  );
  throw new DomainError(
    'IN_USE',
    `the backup schedule${names.length === 1 ? '' : 's'} of ${names.map((n) => `"${n}"`).join(', ')} ` +
      `use${names.length === 1 ? 's' : ''} this destination; move ${names.length === 1 ? 'it' : 'them'} to another destination first`,
  );
}

/** Removes a destination (manage:servers); refused while backups are kept there or schedules name it. */
export async function deleteDestination(deps: CoreDeps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'manage:servers');
  await commitAndPublish(deps, async (tx, record) => {
    const before = await tx.backupDestinations.find(actor.organizationId, id);
    if (!before) throw notFound('Backup destination');
    const kept = await tx.backups.countForDestination(id);
    if (kept > 0) throw new DomainError('IN_USE', `${kept} backup(s) are kept at this destination; delete them first`);
    await refuseIfScheduled(tx, actor.organizationId, id);
    await tx.backupDestinations.delete(id);
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'backup_destination.deleted',
      targetType: 'backup_destination',
      targetId: id,
      diff: { name: before.name },
    });
  });
}

/** The destination with its credentials opened, and for the server's disk the server's SSH access. */
export async function resolveDestination(
  deps: Pick<InstanceDeps, 'store' | 'secrets'>,
  record: DestinationRecord,
): Promise<ResolvedDestination> {
  const credentials = record.sealedCredentials
    ? (JSON.parse(deps.secrets.open(record.sealedCredentials)) as DestinationCredentials)
    : {};
  if (record.kind !== 'server' || !record.server) return { destination: record, credentials };
  const server = await serverOf(deps, { organizationId: record.organizationId, serverId: record.server.serverId });
  if (!server) throw new Error("the destination's server was deleted");
  return { destination: record, credentials, ssh: sshTarget(deps, server) };
}

/** Writes, reads back and removes a small object at the destination (manage:servers). */
export async function testDestination(
  deps: DestinationDeps,
  actor: Actor,
  id: string,
): Promise<{ ok: true; detail: string }> {
  requirePermission(actor, 'manage:servers');
  const record = await deps.store.backupDestinations.find(actor.organizationId, id);
  if (!record) throw notFound('Backup destination');
  const store = deps.backupStores.open(await resolveDestination(deps, record));
  try {
    const detail = await store.test();
    return { ok: true, detail };
  } catch (err) {
    throw new DomainError('INVALID_INPUT', `destination: the test failed: ${(err as Error).message}`, {
      field: 'destination',
    });
  } finally {
    store.close();
  }
}
