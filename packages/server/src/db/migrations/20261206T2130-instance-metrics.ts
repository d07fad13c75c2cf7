import { sql, type Kysely } from 'kysely';

/**
 * Monitoring: each instance's metric points, raw (10 s, kept a day) and 5-minute rollups
 * (kept a month), in one table told apart by `resolution`. The sampling job prunes both,
 * and the live sample events it stores (by type and age: the index on events).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('instance_metrics')
    .addColumn('instance_id', 'uuid', (c) => c.notNull().references('instances.id').onDelete('cascade'))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('resolution', 'text', (c) => c.notNull().check(sql`resolution in ('10s', '5m')`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('cpu_percent', 'double precision')
    .addColumn('memory_bytes', 'double precision')
    .addColumn('memory_limit_bytes', 'double precision')
    .addColumn('network_rx_bytes', 'double precision')
    .addColumn('network_tx_bytes', 'double precision')
    .addColumn('block_read_bytes', 'double precision')
    .addColumn('block_write_bytes', 'double precision')
    .addColumn('health_checks', 'integer', (c) => c.notNull())
    .addColumn('health_passed', 'integer', (c) => c.notNull())
    .addColumn('response_ms', 'double precision')
    .addPrimaryKeyConstraint('instance_metrics_pk', ['instance_id', 'resolution', 'at'])
    .execute();
  await db.schema
    .createIndex('instance_metrics_prune_idx')
    .on('instance_metrics')
    .columns(['resolution', 'at'])
    .execute();
  await db.schema.createIndex('events_type_created_idx').on('events').columns(['type', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('events_type_created_idx').execute();
  await db.schema.dropTable('instance_metrics').execute();
}
