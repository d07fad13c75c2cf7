import type { Kysely } from 'kysely';

/**
 * The CPU cores and memory (MB) a template gives the containers of the instances provisioned
 * from it, as the instances' own columns; null (every template before this) means no limit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('templates').addColumn('cpu_limit', 'real').execute();
  await db.schema.alterTable('templates').addColumn('memory_limit_mb', 'integer').execute();
}
