import { sql, type Kysely } from 'kysely';

/** Topologies: a graph of nodes on servers, and its high-availability settings. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('topologies')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('topology_data', 'jsonb', (c) => c.notNull())
    .addColumn('ha_config', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('topologies_org_idx')
    .on('topologies')
    .columns(['organization_id', 'created_at'])
    .execute();
}
