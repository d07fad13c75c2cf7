import type { Kysely } from 'kysely';

/**
 * A delivery's claim: the attempt that holds it and until when (its lease). A second job for
 * the same delivery (a requeue of one that looked lost, a retry of a job that ran long) finds
 * the claim and does not send it again; an attempt settles the delivery only while it holds it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('notification_deliveries')
    .addColumn('claim_id', 'uuid')
    .addColumn('claimed_until', 'timestamptz')
    .execute();
}
