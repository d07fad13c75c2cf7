import { sql, type Kysely } from 'kysely';

/** Agency branding, portal configuration, portal domains; the agency behind an operator's change. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('via_organization_id', 'uuid').execute();

  await db.schema
    .createTable('agency_branding')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) =>
      c.notNull().unique().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('logo_url', 'text')
    .addColumn('primary_color', 'text')
    .addColumn('accent_color', 'text')
    .addColumn('font_family', 'text')
    .addColumn('custom_css', 'text')
    .addColumn('favicon_url', 'text')
    .addColumn('login_bg_url', 'text')
    .addColumn('from_email', 'text')
    .addColumn('footer_text', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('portal_config')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) =>
      c.notNull().unique().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('feature_terminal', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('feature_file_editor', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('feature_odoo_shell', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('feature_monitoring', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('feature_backups', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('feature_domains', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('feature_logs', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('feature_databases', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('team_management_enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('infrastructure_visibility', 'text', (c) => c.notNull().defaultTo('full'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('portal_domains')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('client_organization_id', 'uuid', (c) => c.references('organizations.id').onDelete('cascade'))
    .addColumn('subdomain', 'text', (c) => c.unique())
    .addColumn('custom_domain', 'text', (c) => c.unique())
    .addColumn('dns_verification_token', 'text', (c) => c.notNull())
    .addColumn('dns_verified', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('dns_verified_at', 'timestamptz')
    .addColumn('ssl_status', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('portal_domains_org_idx')
    .on('portal_domains')
    .columns(['organization_id', 'created_at'])
    .execute();
}
