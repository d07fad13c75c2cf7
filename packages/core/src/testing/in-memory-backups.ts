import type {
  BackupRecord,
  BackupRepository,
  DestinationRecord,
  DestinationRepository,
} from '../backups/backup.ports.js';
import type { Restore } from '../backups/backup.schema.js';
import { newId, type StateCell } from './in-memory-state.js';

export interface BackupState {
  backups: BackupRecord[];
  destinations: DestinationRecord[];
  restores: Restore[];
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : d);

/** Backups and restores kept in memory. */
export function createBackupRepository(cell: StateCell): BackupRepository {
  const all = () => cell.current.backups.backups;
  const restores = () => cell.current.backups.restores;
  const found = (id: string) => {
    const row = all().find((b) => b.id === id);
    if (!row) throw new Error(`no backup ${id}`);
    return row;
  };
  return {
    async insert(b) {
      const id = newId();
      const row: BackupRecord = {
        ...b,
        purpose: b.purpose ?? null,
        database: b.database ?? null,
        id,
        status: 'pending',
        encrypted: false,
        sizeBytes: null,
        sha256: null,
        durationMs: null,
        reason: null,
        verifyStatus: null,
        verifyReason: null,
        createdAt: cell.clock.now().toISOString(),
        completedAt: null,
        verifiedAt: null,
        storageKey: `${b.organizationId}/${b.instanceId}/${id}.zip`,
      };
      all().push(row);
      return structuredClone(row);
    },
    async listForInstance(organizationId, instanceId) {
      return structuredClone(
        all()
          .filter((b) => b.organizationId === organizationId && b.instanceId === instanceId)
          .reverse(),
      );
    },
    async find(organizationId, id) {
      return structuredClone(all().find((b) => b.organizationId === organizationId && b.id === id));
    },
    async findById(id) {
      return structuredClone(all().find((b) => b.id === id));
    },
    async update(id, patch) {
      const row = found(id);
      const { completedAt, verifiedAt, ...rest } = patch;
      Object.assign(row, rest);
      if (completedAt !== undefined) row.completedAt = iso(completedAt) ?? null;
      if (verifiedAt !== undefined) row.verifiedAt = iso(verifiedAt) ?? null;
      return structuredClone(row);
    },
    async delete(id) {
      cell.current.backups.backups = all().filter((b) => b.id !== id);
    },
    async listUnfinished(before) {
      return structuredClone(
        all().filter((b) => (b.status === 'pending' || b.status === 'running') && b.createdAt < before.toISOString()),
      );
    },
    async countForDestination(destinationId) {
      return all().filter((b) => b.destinationId === destinationId).length;
    },
    async insertRestore(r) {
      const row: Restore = {
        ...r,
        target: r.target ?? 'in-place',
        id: newId(),
        status: 'queued',
        step: null,
        safetyBackupId: null,
        error: null,
        createdAt: cell.clock.now().toISOString(),
        finishedAt: null,
      };
      restores().push(row);
      return structuredClone(row);
    },
    async listRestoresOfInstance(organizationId, instanceId, limit) {
      return structuredClone(
        restores()
          .filter((r) => r.organizationId === organizationId && r.instanceId === instanceId)
          .reverse()
          .slice(0, limit),
      );
    },
    async listRestores(organizationId, backupId) {
      return structuredClone(
        restores()
          .filter((r) => r.organizationId === organizationId && r.backupId === backupId)
          .reverse(),
      );
    },
    async findRestoreById(id) {
      return structuredClone(restores().find((r) => r.id === id));
    },
    async updateRestore(id, patch) {
      const row = restores().find((r) => r.id === id);
      if (!row) throw new Error(`no restore ${id}`);
      const { finishedAt, ...rest } = patch;
      Object.assign(row, rest);
      if (finishedAt) row.finishedAt = finishedAt.toISOString();
      return structuredClone(row);
    },
    async hasOpenRestore(instanceId) {
      return restores().some((r) => r.instanceId === instanceId && (r.status === 'queued' || r.status === 'running'));
    },
  };
}

/** Backup destinations kept in memory. */
export function createDestinationRepository(cell: StateCell): DestinationRepository {
  const all = () => cell.current.backups.destinations;
  return {
    async insert(d) {
      const now = cell.clock.now().toISOString();
      const row: DestinationRecord = { ...structuredClone(d), id: newId(), createdAt: now, updatedAt: now };
      all().push(row);
      return structuredClone(row);
    },
    async list(organizationId) {
      return structuredClone(all().filter((d) => d.organizationId === organizationId));
    },
    async find(organizationId, id) {
      return structuredClone(all().find((d) => d.organizationId === organizationId && d.id === id));
    },
    async findById(id) {
      return structuredClone(all().find((d) => d.id === id));
    },
    async update(id, patch) {
      const index = all().findIndex((d) => d.id === id);
      const before = all()[index];
      if (!before) throw new Error(`no destination ${id}`);
      const row: DestinationRecord = {
        id,
        organizationId: before.organizationId,
        createdAt: before.createdAt,
        ...structuredClone(patch),
        updatedAt: cell.clock.now().toISOString(),
      };
      all()[index] = row;
      return structuredClone(row);
    },
    async delete(id) {
      cell.current.backups.destinations = all().filter((d) => d.id !== id);
    },
  };
}
