import type { Kysely } from 'kysely';

/** Failed certificate orders back off: how many in a row, and when to try again. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('portal_domains')
    .addColumn('ssl_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ssl_retry_at', 'timestamptz')
    .execute();
}
