import type { DestinationKind, DestinationRecord, DestinationRepository, NewDestination } from '@ocore/core';
import type { Kysely, Selectable } from 'kysely';
import type { BackupDestinationsTable, Database } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

function toDestination(row: Selectable<BackupDestinationsTable>): DestinationRecord {
  const kind = row.kind as DestinationKind;
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    kind,
    [kind]: row.settings,
    sealedCredentials: row.credentialsSealed,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** The settings of the destination's kind, as one JSON column. */
function columns(d: Omit<NewDestination, 'organizationId'>) {
  return {
    name: d.name,
    kind: d.kind,
    settings: JSON.stringify(d[d.kind] ?? {}),
    credentialsSealed: d.sealedCredentials,
  };
}

/** Backup destinations of organizations. */
export function createDestinationRepository(db: Kysely<Database>): DestinationRepository {
  const all = () => db.selectFrom('backupDestinations').selectAll();
  return {
    async insert(d) {
      const row = await db
        .insertInto('backupDestinations')
        .values({ organizationId: d.organizationId, ...columns(d) })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toDestination(row);
    },
    async list(organizationId) {
      const rows = await all()
        .where('organizationId', '=', organizationId)
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map(toDestination);
    },
    async find(organizationId, id) {
      const row = await all().where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst();
      return row && toDestination(row);
    },
    async findById(id) {
      const row = await all().where('id', '=', id).executeTakeFirst();
      return row && toDestination(row);
    },
    async update(id, patch) {
      const row = await db
        .updateTable('backupDestinations')
        .set({ ...columns(patch), updatedAt: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toDestination(row);
    },
    async delete(id) {
      await db.deleteFrom('backupDestinations').where('id', '=', id).execute();
    },
  };
}
