import { sql, type Kysely } from 'kysely';

/**
 * A new server is `pending` until its first check (SSH login and the engine answering), not
 * `active` on its word. Servers never checked so far become `pending` too; the next check decides.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table servers alter column status set default 'pending'`.execute(db);
  await sql`update servers set status = 'pending' where status = 'active' and last_probe_at is null`.execute(db);
}
