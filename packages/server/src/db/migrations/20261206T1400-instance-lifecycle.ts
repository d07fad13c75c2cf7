import { sql, type Kysely } from 'kysely';

/**
 * Instances that really run: projects grouping them by stage, each instance's slug (its
 * hostname label), limits, failure and sealed passwords; the operations run on them with
 * their log lines; and the superuser password of each server's shared PostgreSQL (sealed).
 * At most one operation per instance is queued or running.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index projects_org_name on projects (organization_id, lower(name))`.execute(db);

  await db.schema
    .alterTable('instances')
    .addColumn('project_id', 'uuid', (c) => c.references('projects.id').onDelete('set null'))
    .addColumn('stage', 'text', (c) =>
      c
        .notNull()
        .defaultTo('production')
        .check(sql`stage in ('production', 'staging', 'development')`),
    )
    .addColumn('slug', 'text')
    .addColumn('cpu_limit', 'real')
    .addColumn('memory_limit_mb', 'integer')
    .addColumn('failed_step', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('secrets_sealed', 'text')
    .execute();
  // Instances recorded before: their id makes a slug no other has.
  await sql`update instances set slug = 'odoo-' || substr(replace(id::text, '-', ''), 1, 12) where slug is null`.execute(
    db,
  );
  await sql`alter table instances alter column slug set not null`.execute(db);
  await sql`create unique index instances_slug on instances (slug)`.execute(db);
  await db.schema.createIndex('instances_project_idx').on('instances').column('project_id').execute();

  await db.schema
    .createTable('instance_operations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    // The delete operation outlives its instance.
    .addColumn('instance_id', 'uuid', (c) => c.references('instances.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('provision', 'start', 'stop', 'restart', 'redeploy', 'update', 'delete')`),
    )
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'running', 'succeeded', 'failed')`))
    .addColumn('step', 'text')
    .addColumn('error', 'text')
    .addColumn('keep_data', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('heartbeat_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('instance_operations_instance_idx')
    .on('instance_operations')
    .columns(['instance_id', 'created_at'])
    .execute();
  await sql`create unique index instance_operations_one_active on instance_operations (instance_id) where status in ('queued', 'running')`.execute(
    db,
  );
  await sql`create index instance_operations_running on instance_operations (heartbeat_at) where status = 'running'`.execute(
    db,
  );

  await db.schema
    .createTable('instance_operation_logs')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('operation_id', 'uuid', (c) => c.notNull().references('instance_operations.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('info', 'warn', 'error')`))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('instance_operation_logs_operation_idx')
    .on('instance_operation_logs')
    .columns(['operation_id', 'id'])
    .execute();

  await db.schema
    .createTable('server_databases')
    .addColumn('server_id', 'uuid', (c) => c.primaryKey().references('servers.id').onDelete('cascade'))
    .addColumn('password_sealed', 'text', (c) => c.notNull())
    .execute();
}
