import { sql, type Kysely } from 'kysely';

/** Portal domain checks and certificates: state, lease, diagnostics; ACME challenges and accounts. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('portal_domains')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('check_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failing_since', 'timestamptz')
    .addColumn('last_checked_at', 'timestamptz')
    .addColumn('next_check_at', 'timestamptz')
    .addColumn('check_lease_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('diagnostics', 'jsonb')
    .addColumn('ssl_error', 'text')
    .addColumn('certificate_expires_at', 'timestamptz')
    .execute();
  await sql`update portal_domains set status = 'verified' where dns_verified`.execute(db);
  await sql`update portal_domains set next_check_at = now() where custom_domain is not null`.execute(db);
  await db.schema
    .createIndex('portal_domains_due_idx')
    .on('portal_domains')
    .columns(['next_check_at'])
    .where(sql.ref('custom_domain'), 'is not', null)
    .execute();

  await db.schema
    .createTable('portal_domain_certificates')
    .addColumn('portal_domain_id', 'uuid', (c) => c.primaryKey().references('portal_domains.id').onDelete('cascade'))
    .addColumn('cert_pem', 'text', (c) => c.notNull())
    .addColumn('key_sealed', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Any replica answers HTTP-01 from here, whichever one placed the order.
  await db.schema
    .createTable('acme_challenges')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('key_authorization', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('acme_accounts')
    .addColumn('directory_url', 'text', (c) => c.primaryKey())
    .addColumn('account_key_sealed', 'text', (c) => c.notNull())
    .addColumn('account_url', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}
