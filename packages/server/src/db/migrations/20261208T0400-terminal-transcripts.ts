import { sql, type Kysely } from 'kysely';

/**
 * Terminal transcripts: an organization setting (off by default), and each kept session's
 * output and input, bounded, sealed by the SecretBox, removed with its organization.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('org_settings')
    .addColumn('terminal_transcripts', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createTable('terminal_transcripts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('instance_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz', (c) => c.notNull())
    .addColumn('output_bytes', 'integer', (c) => c.notNull())
    .addColumn('input_bytes', 'integer', (c) => c.notNull())
    .addColumn('truncated', 'boolean', (c) => c.notNull())
    .addColumn('content_sealed', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('terminal_transcripts_org_idx')
    .on('terminal_transcripts')
    .columns(['organization_id', 'started_at'])
    .execute();
}
