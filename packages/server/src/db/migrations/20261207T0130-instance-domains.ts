import { sql, type Kysely } from 'kysely';

/**
 * Custom domains of instances (erp.acme.com): proven by a TXT record like portal domains,
 * served by the instance's server proxy with an ACME certificate. The certificate's key is
 * kept sealed, so the proxy's copy can be written again whenever the proxy is recreated.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('instance_domains')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('instance_id', 'uuid', (c) => c.notNull().references('instances.id').onDelete('cascade'))
    .addColumn('domain', 'text', (c) => c.notNull().unique())
    .addColumn('dns_verification_token', 'text', (c) => c.notNull())
    .addColumn('dns_verified', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('dns_verified_at', 'timestamptz')
    .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('check_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failing_since', 'timestamptz')
    .addColumn('last_checked_at', 'timestamptz')
    .addColumn('next_check_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('diagnostics', 'jsonb')
    .addColumn('ssl_status', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('ssl_error', 'text')
    .addColumn('ssl_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ssl_retry_at', 'timestamptz')
    .addColumn('cert_pem', 'text')
    .addColumn('key_sealed', 'text')
    .addColumn('certificate_expires_at', 'timestamptz')
    .addColumn('expiry_warned_days', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('instance_domains_instance_idx').on('instance_domains').column('instance_id').execute();
  await db.schema.createIndex('instance_domains_due_idx').on('instance_domains').column('next_check_at').execute();
}
