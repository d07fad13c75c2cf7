import type { CoreDeps } from '../shared/deps.js';
import { DomainError } from '../shared/domain-error.js';
import type { Mailer } from '../mail/mail.ports.js';
import type { Principal } from './actor.js';
import type { TokenService } from './auth.ports.js';
import type { Session } from './account.schema.js';
import type { CommonPasswords, OpaqueTokens } from './session.ports.js';
import { recordSecurityEvent } from './security-events.js';

/** What sessions, account mail and the password policy need besides the store. */
export interface SessionDeps extends CoreDeps {
  tokens: TokenService;
  mailer: Mailer;
  opaqueTokens: OpaqueTokens;
  commonPasswords: CommonPasswords;
}

/**
 * A token for `userId` in `organizationId`. Without `sessionId` it opens a new session (a
 * sign-in); with one (switching organization, accepting an invitation) the token joins it,
 * so that ending the session ends this token too.
 */
export async function issueSessionToken(
  deps: Pick<SessionDeps, 'store' | 'clock' | 'tokens'>,
  claims: { userId: string; organizationId: string | null; passkey: boolean; sessionId?: string | undefined },
  ip: string | null,
): Promise<string> {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.tokens.ttlSeconds * 1000);
  let sessionId = claims.sessionId;
  if (sessionId && (await deps.store.sessions.findActive(sessionId, now))) {
    await deps.store.sessions.extend(sessionId, now, expiresAt);
  } else {
    sessionId = (await deps.store.sessions.insert({ userId: claims.userId, ip, passkey: claims.passkey, expiresAt }))
      .id;
  }
  return deps.tokens.issue({
    userId: claims.userId,
    organizationId: claims.organizationId,
    passkey: claims.passkey,
    sessionId,
  });
}

function requirePersonSession(principal: Principal): string {
  if (principal.apiKeyId || !principal.sessionId) {
    throw new DomainError('PERMISSION_DENIED', 'An API key has no session: this needs a signed-in person');
  }
  return principal.sessionId;
}

/** Ends the caller's session: every token it issued stops working at once. */
export async function logout(deps: CoreDeps, principal: Principal): Promise<void> {
  const sessionId = requirePersonSession(principal);
  await deps.store.sessions.end(principal.userId, sessionId, deps.clock.now());
  await recordSecurityEvent(deps, { userId: principal.userId, ip: principal.ip, action: 'auth.logout' });
}

/** The caller's sessions that have not ended, the current one marked. */
export async function listSessions(deps: CoreDeps, principal: Principal): Promise<{ items: Session[]; total: number }> {
  const current = requirePersonSession(principal);
  const items = (await deps.store.sessions.listActive(principal.userId, deps.clock.now())).map(
    ({ userId: _user, ...s }) => ({ ...s, current: s.id === current }),
  );
  return { items, total: items.length };
}

/** Ends one of the caller's sessions (another device, or this one). */
export async function endSession(deps: CoreDeps, principal: Principal, id: string): Promise<void> {
  requirePersonSession(principal);
  if (!(await deps.store.sessions.end(principal.userId, id, deps.clock.now()))) {
    throw new DomainError('NOT_FOUND', 'Session not found');
  }
  await recordSecurityEvent(deps, {
    userId: principal.userId,
    ip: principal.ip,
    action: 'auth.session_ended',
    diff: { sessionId: id },
  });
}

/** Ends every session of the caller but the current one. */
export async function endOtherSessions(deps: CoreDeps, principal: Principal): Promise<{ ended: number }> {
  const current = requirePersonSession(principal);
  const ended = await deps.store.sessions.endAllBut(principal.userId, current, deps.clock.now());
  await recordSecurityEvent(deps, {
    userId: principal.userId,
    ip: principal.ip,
    action: 'auth.session_ended',
    diff: { others: ended },
  });
  return { ended };
}
