import type { CoreDeps } from '../shared/deps.js';

/** What happened to an account, as its audit entries name it. */
export type SecurityAction =
  | 'auth.login_succeeded'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'auth.password_changed'
  | 'auth.password_reset'
  | 'auth.session_ended'
  | 'auth.email_verified'
  | 'passkey.added'
  | 'passkey.removed';

/**
 * Records a security event of a user in the audit log of every organization they belong to
 * (target `user`, with the address it came from), so that each organization's admins see
 * their people's sign-ins and credential changes. A user who belongs to none leaves no entry:
 * there is no organization whose log could hold it. Unknown addresses are never recorded, so
 * the log does not tell which emails are registered either.
 */
export async function recordSecurityEvent(
  deps: Pick<CoreDeps, 'store'>,
  event: { userId: string; ip: string | null; action: SecurityAction; diff?: Record<string, unknown> },
): Promise<void> {
  const organizations = await deps.store.organizations.listForUser(event.userId);
  if (organizations.length === 0) return;
  await deps.store.transaction(async (tx) => {
    for (const organization of organizations) {
      await tx.audit.record({
        organizationId: organization.id,
        actorUserId: event.userId,
        action: event.action,
        targetType: 'user',
        targetId: event.userId,
        diff: event.diff ?? {},
        ip: event.ip,
        viaOrganizationId: null,
      });
    }
  });
}
