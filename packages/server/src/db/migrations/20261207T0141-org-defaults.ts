import { sql, type Kysely } from 'kysely';

/**
 * Settings: the defaults of new instances (server, template, Odoo version, workers) and the
 * DNS provider for DNS-01 (its credentials sealed). A default server or template that is
 * removed is simply no longer a default.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('org_settings')
    .addColumn('default_server_id', 'uuid', (c) => c.references('servers.id').onDelete('set null'))
    .addColumn('default_template_id', 'uuid', (c) => c.references('templates.id').onDelete('set null'))
    .addColumn('default_odoo_version', 'text')
    .addColumn('default_workers', 'integer', (c) => c.check(sql`default_workers between 0 and 64`))
    .addColumn('dns_provider', 'jsonb')
    .execute();
}
