import { sql, type Kysely } from 'kysely';

/**
 * The expiry reminders of instance domains are the notification reminder job's now, remembered
 * in `notification_states` like portal domains' (one key per certificate and threshold), no
 * longer in `instance_domains.expiry_warned_days`. The warnings already sent are carried over as
 * those keys, so that none is sent twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into notification_states (key, state)
    select 'instance_domain:expiring:' || id || ':'
        || to_char(certificate_expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        || ':' || expiry_warned_days,
      'sent'
    from instance_domains
    where expiry_warned_days is not null and certificate_expires_at is not null
    on conflict (key) do nothing
  `.execute(db);
  await db.schema.alterTable('instance_domains').dropColumn('expiry_warned_days').execute();
}
