import { DomainError } from '../shared/domain-error.js';
import { mailBrandFor } from '../mail/mail-brand.service.js';
import { mailSender, renderMail } from '../mail/mail.render.js';
import type { Repositories } from '../shared/store.js';
import type { Principal } from './actor.js';
import type { PasswordHasher } from './auth.ports.js';
import type { ChangePasswordInput, PasswordResetConfirmInput } from './account.schema.js';
import { assertPasswordAllowed } from './password.rules.js';
import type { SessionDeps } from './session.service.js';
import { recordSecurityEvent } from './security-events.js';

export interface AccountDeps extends SessionDeps {
  hasher: PasswordHasher;
}

/** How long a password reset link works. */
export const passwordResetTtlMs = 60 * 60 * 1000;

/** The answer to a reset request, the same whether or not the address is registered. */
export const resetRequestAnswer = {
  status: 'accepted' as const,
  message: 'If an account has this email address, a link to set a new password is on its way.',
};

/**
 * Mails a one-time link to set a new password, in the brand of the portal it was asked on
 * (or of the user's first organization). Answers the same for an unknown address.
 */
export async function requestPasswordReset(
  deps: AccountDeps,
  email: string,
  links: { origin: string; organizationId: string | undefined },
): Promise<typeof resetRequestAnswer> {
  const user = await deps.store.users.findByEmail(email);
  if (!user) return resetRequestAnswer;
  const { token, hash } = deps.opaqueTokens.create();
  await deps.store.passwordResets.insert({
    userId: user.id,
    tokenHash: hash,
    expiresAt: new Date(deps.clock.now().getTime() + passwordResetTtlMs),
  });
  const organizationId = links.organizationId ?? (await deps.store.organizations.listForUser(user.id))[0]?.id ?? null;
  const brand = await mailBrandFor(deps, organizationId);
  const mail = renderMail(brand, {
    subject: `Set a new password for ${brand.name}`,
    paragraphs: [`Hello ${user.name},`, `Someone asked to set a new password for your ${brand.name} account.`],
    action: { label: 'Set a new password', url: `${links.origin}/reset-password#token=${token}` },
    note: 'The link works once, for one hour. If you did not ask for it, ignore this message: your password stays as it is.',
  });
  await deps.mailer.send({ to: user.email, from: mailSender(brand), ...mail });
  return resetRequestAnswer;
}

/**
 * Sets a user's password and ends their sessions but `keepSessionId`, in one transaction
 * with `claim` (which answers the user, e.g. by using a reset link): a refused password
 * leaves the link usable.
 */
async function setPassword(
  deps: AccountDeps,
  claim: (tx: Repositories) => Promise<string>,
  password: string,
  keepSessionId: string | null,
  field: string,
): Promise<{ userId: string; ended: number }> {
  const hash = await deps.hasher.hash(password);
  return deps.store.transaction(async (tx) => {
    const userId = await claim(tx);
    const user = await tx.users.findById(userId);
    if (!user) throw new DomainError('NOT_FOUND', 'The account no longer exists');
    assertPasswordAllowed(password, deps.commonPasswords, user, field);
    await tx.users.setPassword(userId, hash);
    return { userId, ended: await tx.sessions.endAllBut(userId, keepSessionId, deps.clock.now()) };
  });
}

/**
 * Sets a new password with a reset link's token; every session of the account ends. The
 * mailed link proves the address too, so an unverified one becomes verified.
 */
export async function confirmPasswordReset(
  deps: AccountDeps,
  input: PasswordResetConfirmInput,
  ip: string | null = null,
): Promise<void> {
  const claim = async (tx: Repositories) => {
    const userId = await tx.passwordResets.consume(deps.opaqueTokens.hash(input.token), deps.clock.now());
    if (!userId) {
      throw new DomainError('INVALID_INPUT', 'token: this link is unknown, used or expired; ask for a new one', {
        field: 'token',
      });
    }
    await tx.users.markEmailVerified(userId, deps.clock.now());
    return userId;
  };
  const { userId, ended } = await setPassword(deps, claim, input.password, null, 'password');
  await recordSecurityEvent(deps, { userId, ip, action: 'auth.password_reset', diff: { sessionsEnded: ended } });
}

/** Changes the caller's password after checking the current one; their other sessions end. */
export async function changePassword(
  deps: AccountDeps,
  principal: Principal,
  input: ChangePasswordInput,
): Promise<{ ended: number }> {
  if (principal.apiKeyId || !principal.sessionId) {
    throw new DomainError('PERMISSION_DENIED', 'An API key cannot change a password: this needs a signed-in person');
  }
  const user = await deps.store.users.findById(principal.userId);
  const withSecret = user && (await deps.store.users.findByEmail(user.email));
  if (!withSecret || !(await deps.hasher.verify(withSecret.passwordHash, input.currentPassword))) {
    throw new DomainError('INVALID_CREDENTIALS', 'currentPassword: this is not your current password', {
      field: 'currentPassword',
    });
  }
  const { ended } = await setPassword(
    deps,
    () => Promise.resolve(principal.userId),
    input.newPassword,
    principal.sessionId,
    'newPassword',
  );
  await recordSecurityEvent(deps, {
    userId: principal.userId,
    ip: principal.ip,
    action: 'auth.password_changed',
    diff: { sessionsEnded: ended },
  });
  return { ended };
}
