import { sql, type Kysely } from 'kysely';

/**
 * Deployments of topologies, node by node, and each topology's generated passwords
 * (sealed). At most one deployment per topology is queued or running. Servers remember
 * the SSH host key they showed first (trust on first use).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('topologies').addColumn('secrets_sealed', 'text').execute();
  await db.schema.alterTable('servers').addColumn('ssh_host_key', 'text').execute();
  await db.schema
    .createTable('deployments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('topology_id', 'uuid', (c) => c.notNull().references('topologies.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'running', 'succeeded', 'failed')`))
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('deployments_topology_idx')
    .on('deployments')
    .columns(['topology_id', 'created_at'])
    .execute();
  await sql`create unique index deployments_one_active on deployments (topology_id) where status in ('queued', 'running')`.execute(
    db,
  );
  await db.schema
    .createTable('deployment_nodes')
    .addColumn('deployment_id', 'uuid', (c) => c.notNull().references('deployments.id').onDelete('cascade'))
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('server_id', 'uuid', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'rendering', 'applying', 'healthy', 'failed')`),
    )
    .addColumn('reason', 'text')
    .addColumn('files', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('deployment_nodes_pk', ['deployment_id', 'node_id'])
    .execute();
}
