import { sql, type Kysely } from 'kysely';

/**
 * Backup schedules (one per instance: cron, time zone, destination, grandfather-father-son
 * retention) with the state of their slots, and the organization's default backup destination.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('backup_schedules')
    .addColumn('instance_id', 'uuid', (c) => c.primaryKey().references('instances.id').onDelete('cascade'))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('cron', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    // A deleted destination leaves the schedule on the organization's default.
    .addColumn('destination_id', 'uuid', (c) => c.references('backup_destinations.id').onDelete('set null'))
    .addColumn('enabled', 'boolean', (c) => c.notNull())
    .addColumn('keep_daily', 'integer', (c) => c.notNull())
    .addColumn('keep_weekly', 'integer', (c) => c.notNull())
    .addColumn('keep_monthly', 'integer', (c) => c.notNull())
    .addColumn('minimum_keep', 'integer', (c) => c.notNull())
    .addColumn('next_run_at', 'timestamptz')
    .addColumn('owed_since', 'timestamptz')
    .addColumn('pending_slot', 'timestamptz')
    .addColumn('backup_id', 'uuid', (c) => c.references('backups.id').onDelete('set null'))
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retry_at', 'timestamptz')
    .addColumn('overdue_notified_for', 'timestamptz')
    .addColumn('last_failure', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('backup_schedules_org_idx').on('backup_schedules').column('organization_id').execute();
  await db.schema
    .createIndex('backup_schedules_due_idx')
    .on('backup_schedules')
    .column('next_run_at')
    .where(sql.ref('enabled'), '=', true)
    .execute();
  await db.schema
    .alterTable('org_settings')
    .addColumn('backup_destination_id', 'uuid', (c) => c.references('backup_destinations.id').onDelete('set null'))
    .execute();
}
