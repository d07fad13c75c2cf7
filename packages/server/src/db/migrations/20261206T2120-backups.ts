import { sql, type Kysely } from 'kysely';

/**
 * Backups: where they go (destinations, credentials sealed), each backup of an instance with
 * its size and checksum as read back from there, and the restores of a backup into its instance.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('backup_destinations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('server', 's3', 'sftp')`))
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('credentials_sealed', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('backup_destinations_org_idx')
    .on('backup_destinations')
    .column('organization_id')
    .execute();

  await db.schema
    .createTable('backups')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    // A backup outlives its instance.
    .addColumn('instance_id', 'uuid', (c) => c.references('instances.id').onDelete('set null'))
    .addColumn('destination_id', 'uuid', (c) =>
      // No action (checked at the end of the statement): deleting the organization removes both.
      c.references('backup_destinations.id'),
    )
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'running', 'completed', 'failed')`))
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('zip', 'dump')`))
    .addColumn('trigger', 'text', (c) => c.notNull().check(sql`trigger in ('manual', 'schedule', 'safety')`))
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint')
    .addColumn('sha256', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('reason', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .addColumn('verified_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('backups_instance_idx').on('backups').columns(['instance_id', 'created_at']).execute();
  await db.schema.createIndex('backups_destination_idx').on('backups').column('destination_id').execute();

  await db.schema
    .createTable('backup_restores')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('backup_id', 'uuid', (c) => c.notNull().references('backups.id').onDelete('cascade'))
    .addColumn('instance_id', 'uuid', (c) => c.notNull().references('instances.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'running', 'succeeded', 'failed')`))
    .addColumn('step', 'text')
    .addColumn('safety_backup_id', 'uuid', (c) => c.references('backups.id').onDelete('set null'))
    .addColumn('error', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  // At most one restore per instance is queued or running.
  await sql`create unique index backup_restores_one_active on backup_restores (instance_id) where status in ('queued', 'running')`.execute(
    db,
  );
}
