import type { Kysely } from 'kysely';

/**
 * Safety backups say what they were taken before (`purpose`), and which of the instance's
 * databases they hold when it is not its own (`database`, null for its own).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('backups').addColumn('purpose', 'text').addColumn('database', 'text').execute();
}
