import type { Kysely } from 'kysely';

/**
 * Backups encrypted at rest: the organization setting (off by default), its key sealed by the
 * SecretBox (made on the first encrypted backup), and whether each backup is encrypted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('org_settings')
    .addColumn('backup_encryption', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('backup_key_sealed', 'text')
    .execute();
  await db.schema
    .alterTable('backups')
    .addColumn('encrypted', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}
