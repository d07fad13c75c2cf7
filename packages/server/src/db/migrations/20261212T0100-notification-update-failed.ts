import { sql, type Kysely } from 'kysely';

/**
 * Failed updates are notified as `instance.update_failed`, no longer as
 * `instance.deploy_failed` (whose label was "Deploy or update failed"). Rules saved before
 * route the new kind where they routed deploy failures, so that nobody stops hearing of a
 * failed update; they can be told apart from then on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update notification_rules
    set channels = channels || jsonb_build_object('instance.update_failed', channels -> 'instance.deploy_failed')
    where channels ? 'instance.deploy_failed' and not channels ? 'instance.update_failed'
  `.execute(db);
}
