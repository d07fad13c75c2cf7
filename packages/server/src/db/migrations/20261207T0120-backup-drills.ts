import { sql, type Kysely } from 'kysely';

/**
 * Restore drills and restores elsewhere: a backup's last drill (passed or failed, with the
 * reason), what a restore targets (in place, a new instance, or a throwaway drill), and
 * backups uploaded from elsewhere (`import`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('backups')
    .addColumn('verify_status', 'text', (c) => c.check(sql`verify_status in ('passed', 'failed')`))
    .addColumn('verify_reason', 'text')
    .execute();
  await sql`alter table backups drop constraint if exists backups_trigger_check`.execute(db);
  await sql`alter table backups add constraint backups_trigger_check check (trigger in ('manual', 'schedule', 'safety', 'import'))`.execute(
    db,
  );
  await db.schema
    .alterTable('backup_restores')
    .addColumn('target', 'text', (c) =>
      c
        .notNull()
        .defaultTo('in-place')
        .check(sql`target in ('in-place', 'new', 'verify')`),
    )
    .execute();
}
