import { sql, type Kysely } from 'kysely';

/**
 * Scheduled restore drills: a backup schedule's own drill cron (null: none) and its next slot,
 * when the instance's newest completed backup is drilled.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('backup_schedules')
    .addColumn('drill_cron', 'text')
    .addColumn('next_drill_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('backup_schedules_drill_due_idx')
    .on('backup_schedules')
    .column('next_drill_at')
    .where(sql.ref('enabled'), '=', true)
    .execute();
}
