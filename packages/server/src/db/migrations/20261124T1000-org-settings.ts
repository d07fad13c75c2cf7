import { sql, type Kysely } from 'kysely';

/** Organization settings with sealed secrets; audit log read by time. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('org_settings')
    .addColumn('organization_id', 'uuid', (c) => c.primaryKey().references('organizations.id').onDelete('cascade'))
    .addColumn('audit_retention_days', 'integer', (c) => c.notNull())
    .addColumn('bulk_batch_size', 'integer', (c) => c.notNull())
    .addColumn('posthog_enabled', 'boolean', (c) => c.notNull())
    .addColumn('posthog_api_host', 'text', (c) => c.notNull())
    .addColumn('posthog_ui_host', 'text', (c) => c.notNull())
    .addColumn('require_passkey', 'boolean', (c) => c.notNull())
    .addColumn('posthog_personal_api_key_sealed', 'text')
    .addColumn('posthog_webhook_secret_sealed', 'text')
    .addColumn('subscription_code_sealed', 'text')
    .addColumn('last_subscription_validation', 'jsonb')
    .addColumn('last_export_at', 'timestamptz')
    .addColumn('last_export_user_id', 'uuid')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('audit_log_created_idx').on('audit_log').columns(['created_at']).execute();
}
