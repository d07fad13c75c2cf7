import { requirePermission, type Actor } from '../auth/actor.js';
import { settingsBounds } from '../org-settings/org-settings.rules.js';
import type { CoreDeps } from '../shared/deps.js';
import { DomainError } from '../shared/domain-error.js';
import { idSchema } from '../shared/common.schema.js';
import { auditLogLimits, type AuditEntryView, type ListAuditLogInput } from './audit.schema.js';

/**
 * One page of the organization's audit log, newest first (view:audit_log). `actor` may be
 * a user id or an email; `nextCursor` fetches the next, older page.
 */
export async function listAuditLog(
  deps: CoreDeps,
  actor: Actor,
  input: ListAuditLogInput,
): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
  requirePermission(actor, 'view:audit_log');
  let actorUserId: string | undefined;
  if (input.actor) {
    const actorRef = input.actor.trim();
    const user = actorRef.includes('@')
      ? await deps.store.users.findByEmail(actorRef.toLowerCase())
      : idSchema.safeParse(actorRef).success
        ? { id: actorRef }
        : undefined;
    if (!user) throw new DomainError('NOT_FOUND', 'actor: no user has this id or email', { field: 'actor' });
    actorUserId = user.id;
  }
  const limit = input.limit ?? auditLogLimits.defaultLimit;
  const rows = await deps.store.audit.list({
    organizationId: actor.organizationId,
    actorUserId,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    since: input.since,
    until: input.until,
    beforeId: input.cursor,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit).map(({ organizationId: _org, ...entry }) => entry);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/** The actions the organization's log holds, each once, for the action filter (view:audit_log). */
export async function listAuditActions(deps: CoreDeps, actor: Actor): Promise<{ items: string[] }> {
  requirePermission(actor, 'view:audit_log');
  return { items: await deps.store.audit.actions(actor.organizationId) };
}

/**
 * Deletes audit entries older than each organization's `auditRetentionDays`, in rounds of
 * at most its `bulkBatchSize` each, until none are left. Run daily by a durable job;
 * returns how many were deleted.
 */
export async function purgeExpiredAuditEntries(deps: CoreDeps): Promise<number> {
  const defaults = {
    retentionDays: settingsBounds.auditRetentionDays.default,
    batchSize: settingsBounds.bulkBatchSize.default,
  };
  let total = 0;
  for (;;) {
    const deleted = await deps.store.audit.purgeExpired(deps.clock.now(), defaults);
    if (deleted === 0) return total;
    total += deleted;
  }
}
