import { sql, type Kysely } from 'kysely';

/**
 * Instance templates of an organization (public ones are shared with the agency's clients),
 * and the instances provisioned from them on the organization's servers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('templates')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('odoo_version', 'text', (c) => c.notNull())
    .addColumn('odoo_edition', 'text', (c) => c.notNull().check(sql`odoo_edition in ('ce', 'ee')`))
    .addColumn('default_workers', 'integer', (c) => c.notNull())
    // [name, value] pairs: the names are upper case, which the camel-case mapping of object keys would mangle.
    .addColumn('default_env_vars', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('module_list', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('is_public', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('templates_org_idx').on('templates').columns(['organization_id', 'created_at']).execute();
  await db.schema
    .createIndex('templates_public_idx')
    .on('templates')
    .column('organization_id')
    .where(sql.ref('is_public'), '=', true)
    .execute();

  await db.schema
    .createTable('instances')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    // An agency's public template may be the source of a client's instance; it can go, the instance stays.
    .addColumn('template_id', 'uuid', (c) => c.references('templates.id').onDelete('set null'))
    .addColumn('server_id', 'uuid', (c) => c.notNull().references('servers.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('odoo_version', 'text', (c) => c.notNull())
    .addColumn('odoo_edition', 'text', (c) => c.notNull().check(sql`odoo_edition in ('ce', 'ee')`))
    .addColumn('workers', 'integer', (c) => c.notNull())
    .addColumn('env_vars', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('module_list', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('instances_org_idx').on('instances').columns(['organization_id', 'created_at']).execute();
  await db.schema.createIndex('instances_server_idx').on('instances').column('server_id').execute();
  await db.schema.createIndex('instances_template_idx').on('instances').column('template_id').execute();
}
