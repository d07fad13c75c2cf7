import { sql, type Kysely } from 'kysely';

/**
 * Certificates of the instances' own hostnames (`<slug>.<OCORE_INSTANCE_BASE_DOMAIN>`): one per
 * instance, ordered from the ACME CA by HTTP-01 through its server's proxy and renewed by the
 * instance-domains sweep. The key is kept sealed, so the proxy's copy can be written again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hostname_certificates')
    .addColumn('instance_id', 'uuid', (c) => c.primaryKey().references('instances.id').onDelete('cascade'))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('hostname', 'text', (c) => c.notNull())
    .addColumn('ssl_status', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('ssl_error', 'text')
    .addColumn('ssl_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ssl_retry_at', 'timestamptz')
    .addColumn('cert_pem', 'text')
    .addColumn('key_sealed', 'text')
    .addColumn('certificate_expires_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}
