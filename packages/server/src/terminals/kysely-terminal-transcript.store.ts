import type { TerminalTranscriptStore, TerminalTranscriptSummary } from '@ocore/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database, TerminalTranscriptsTable } from '../db/database.js';

const summaryColumns = [
  'id',
  'instanceId',
  'userId',
  'kind',
  'startedAt',
  'endedAt',
  'outputBytes',
  'inputBytes',
  'truncated',
] as const;

type SummaryRow = Pick<Selectable<TerminalTranscriptsTable>, (typeof summaryColumns)[number]>;

function toSummary(row: SummaryRow): TerminalTranscriptSummary {
  return {
    ...row,
    kind: row.kind as TerminalTranscriptSummary['kind'],
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt.toISOString(),
  };
}

/** Kept terminal transcripts, sealed, one row per session. */
export function createTerminalTranscriptStore(db: Kysely<Database>): TerminalTranscriptStore {
  return {
    async insert(record) {
      const row = await db
        .insertInto('terminalTranscripts')
        .values({ ...record, startedAt: new Date(record.startedAt), endedAt: new Date(record.endedAt) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async list(organizationId, filter) {
      let query = db
        .selectFrom('terminalTranscripts')
        .select(summaryColumns)
        .where('organizationId', '=', organizationId);
      if (filter.instanceId) query = query.where('instanceId', '=', filter.instanceId);
      const rows = await query.orderBy('startedAt', 'desc').orderBy('id').limit(filter.limit).execute();
      return rows.map(toSummary);
    },
    async find(organizationId, id) {
      const row = await db
        .selectFrom('terminalTranscripts')
        .select([...summaryColumns, 'contentSealed'])
        .where('organizationId', '=', organizationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && { ...toSummary(row), contentSealed: row.contentSealed };
    },
  };
}
