import { requireFeature } from '../agency/portal-config.service.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { commitAndPublish } from '../shared/change.js';
import { DomainError, invalidInput, notFound } from '../shared/domain-error.js';
import type { BackupDeps } from './backup.deps.js';
import type { BackupRecord, BackupStore } from './backup.ports.js';
import type { Backup, Restore } from './backup.schema.js';
import { emitBackup, restoreBackup, toBackup } from './backup.service.js';
import { versionMismatch } from './backup-contents.rules.js';
import { resolveDestination } from './destination.service.js';
import { defaultDestinationId } from './schedule.service.js';
import { backupKeyForWriting, plainSourceOf } from './backup-key.service.js';

export interface ImportBackupInput {
  /** The instance it is restored into. */
  id: string;
  /** Where the upload is kept; else the organization's default (`backupDestinationId`), else its only one. */
  destinationId?: string | undefined;
  /** The zip's bytes, streamed from the request. */
  body: AsyncIterable<Uint8Array>;
}

/** The destination asked for, else the organization's default, else its only one. */
async function chooseDestination(deps: BackupDeps, actor: Actor, asked: string | undefined) {
  const destinationId = asked ?? (await defaultDestinationId(deps.store, actor.organizationId)) ?? undefined;
  if (destinationId) {
    const found = await deps.store.backupDestinations.find(actor.organizationId, destinationId);
    if (!found)
      throw new DomainError('NOT_FOUND', 'destinationId: no such backup destination', { field: 'destinationId' });
    return found;
  }
  const all = await deps.store.backupDestinations.list(actor.organizationId);
  const [only] = all;
  if (!only || all.length > 1)
    throw invalidInput(
      'destinationId',
      all.length
        ? `is required: the organization has ${all.length} backup destinations and no default (the upload is kept at one)`
        : 'is required: add a backup destination first (the upload is kept there)',
    );
  return only;
}

/** The upload as it streams by; every second its size so far is saved and pushed live (`backup.status`). */
async function* withProgress(deps: BackupDeps, backupId: string, body: AsyncIterable<Uint8Array>) {
  let received = 0;
  let told = deps.clock.now().getTime();
  for await (const chunk of body) {
    received += chunk.length;
    const now = deps.clock.now().getTime();
    if (now - told >= 1000) {
      told = now;
      await commitAndPublish(deps, async (tx, _record, emit) => {
        await emitBackup(emit, await tx.backups.update(backupId, { sizeBytes: received }));
      });
    }
    yield chunk;
  }
}

/** The first bytes of a stream (at least `count`, unless it is shorter), and the whole stream again. */
async function peek(body: AsyncIterable<Uint8Array>, count: number) {
  const iterator = body[Symbol.asyncIterator]();
  const first: Uint8Array[] = [];
  let size = 0;
  while (size < count) {
    const next = await iterator.next();
    if (next.done) break;
    first.push(next.value);
    size += next.value.length;
  }
  const head = new Uint8Array(size);
  first.reduce((at, part) => (head.set(part, at), at + part.length), 0);
  async function* again(): AsyncIterable<Uint8Array> {
    if (size) yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head, stream: again() };
}

/**
 * How the upload is kept: an encrypted backup of the organization's (one taken from a
 * destination, after a disaster-recovery import) as it is; anything else encrypted on the way
 * when the organization encrypts its backups.
 */
async function uploadToKeep(deps: BackupDeps, organizationId: string, body: AsyncIterable<Uint8Array>) {
  const { head, stream } = await peek(body, 16);
  if (deps.backupCipher.isEncrypted(head)) return { stream, encrypted: true, encryptedHere: false };
  const key = await backupKeyForWriting(deps, organizationId);
  if (!key) return { stream, encrypted: false, encryptedHere: false };
  return { stream: deps.backupCipher.encrypt(stream, key).stream, encrypted: true, encryptedHere: true };
}

/** Removes what an import left (the object and its record) and rethrows the refusal. */
async function discard(deps: BackupDeps, store: BackupStore, backup: BackupRecord): Promise<void> {
  await store.delete(backup.storageKey).catch(() => undefined);
  await commitAndPublish(deps, async (tx) => tx.backups.delete(backup.id));
}

/**
 * Imports an Odoo backup zip made elsewhere (Odoo.sh, Odoo Online, on premise) into an
 * instance (manage:instances, Backups feature): the upload is streamed to a destination
 * (never held in memory) and kept there as a backup of the instance (`trigger: import`);
 * a zip that is no Odoo backup, or of another Odoo version than the instance's, is refused
 * naming why and removed; otherwise it is restored in place (a safety backup first).
 */
export async function importBackup(
  deps: BackupDeps,
  actor: Actor,
  input: ImportBackupInput,
): Promise<{ backup: Backup; restore: Restore }> {
  requirePermission(actor, 'manage:instances');
  await requireFeature(deps, actor, 'featureBackups');
  const instance = await deps.store.instances.find(actor.organizationId, input.id);
  if (!instance) throw notFound('Instance');
  if (instance.status !== 'running')
    throw invalidInput('status', `a ${instance.status} instance cannot be restored in place; start it first`);
  const destination = await chooseDestination(deps, actor, input.destinationId);
  // Before any record: a destination that cannot be used (its server has no SSH credentials)
  // refuses the import naming it, and leaves no backup behind.
  const resolved = await resolveDestination(deps, destination).catch((err: unknown) => {
    throw invalidInput('destinationId', `${destination.name} cannot be used: ${(err as Error).message}`);
  });
  const started = deps.clock.now().getTime();
  const backup = await commitAndPublish(deps, async (tx, _record, emit) => {
    const created = await tx.backups.insert({
      instanceId: instance.id,
      organizationId: actor.organizationId,
      format: 'zip',
      destinationId: destination.id,
      trigger: 'import',
      createdBy: actor.userId,
    });
    await emitBackup(emit, await tx.backups.update(created.id, { status: 'running' }));
    return created;
  });
  const store = deps.backupStores.open(resolved);
  try {
    const upload = await uploadToKeep(deps, actor.organizationId, withProgress(deps, backup.id, input.body));
    const kept = { ...backup, encrypted: upload.encrypted };
    const stored = await store.put(backup.storageKey, upload.stream).catch((err: unknown) => {
      throw invalidInput('file', `the upload could not be stored: ${(err as Error).message}`);
    });
    const contents = await plainSourceOf(deps, kept, store)
      .then((source) => deps.backupInspector.inspect(source))
      .catch((err: unknown) => {
        const what =
          upload.encrypted && !upload.encryptedHere ? 'the encrypted backup cannot be read' : 'not an Odoo backup';
        throw invalidInput('file', `${what}: ${(err as Error).message}`);
      });
    const mismatch = versionMismatch(contents.manifest, instance.odooVersion);
    if (mismatch) throw invalidInput('version', mismatch);
    const completed = await commitAndPublish(deps, async (tx, record, emit) => {
      const now = deps.clock.now();
      const done = await tx.backups.update(backup.id, {
        status: 'completed',
        format: contents.format,
        encrypted: upload.encrypted,
        sizeBytes: stored.sizeBytes,
        sha256: stored.sha256,
        durationMs: now.getTime() - started,
        completedAt: now,
      });
      await record(actor, {
        organizationId: actor.organizationId,
        action: 'backup.imported',
        targetType: 'instance',
        targetId: instance.id,
        diff: { backupId: backup.id, sizeBytes: stored.sizeBytes, sha256: stored.sha256 },
      });
      await emitBackup(emit, done);
      return done;
    });
    const restore = await restoreBackup(deps, actor, { id: completed.id, target: 'in-place' });
    return { backup: toBackup(completed), restore };
  } catch (err) {
    const current = await deps.store.backups.findById(backup.id);
    if (current?.status !== 'completed') await discard(deps, store, backup);
    throw err;
  } finally {
    store.close();
  }
}
