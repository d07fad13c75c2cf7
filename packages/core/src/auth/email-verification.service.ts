import { DomainError } from '../shared/domain-error.js';
import { mailBrandFor } from '../mail/mail-brand.service.js';
import { mailSender, renderMail } from '../mail/mail.render.js';
import type { Principal } from './actor.js';
import type { User } from './auth.schema.js';
import { recordSecurityEvent } from './security-events.js';
import type { SessionDeps } from './session.service.js';

/** How long a verification link works. */
export const emailVerificationTtlMs = 3 * 24 * 60 * 60 * 1000;

/** Where the dashboard explains why an address must be verified, sent with the refusal. */
export const verifyEmailLink = '/verify-email';

/** Where links point and whose brand the mail wears (the portal it was asked on, if any). */
export interface VerificationLinks {
  origin: string;
  organizationId: string | undefined;
}

/** Mails a one-time link that proves `user` owns their address, in the brand of the portal used. */
export async function sendEmailVerification(deps: SessionDeps, user: User, links: VerificationLinks): Promise<void> {
  const { token, hash } = deps.opaqueTokens.create();
  await deps.store.emailVerifications.insert({
    userId: user.id,
    tokenHash: hash,
    expiresAt: new Date(deps.clock.now().getTime() + emailVerificationTtlMs),
  });
  const organizationId = links.organizationId ?? (await deps.store.organizations.listForUser(user.id))[0]?.id ?? null;
  const brand = await mailBrandFor(deps, organizationId);
  const mail = renderMail(brand, {
    subject: `Confirm your email address for ${brand.name}`,
    paragraphs: [
      `Hello ${user.name},`,
      `Confirm that ${user.email} is your address to finish setting up your account.`,
    ],
    // `#verify=`, not `#token=`: a verification link is never taken for an invitation or a reset.
    action: { label: 'Confirm my address', url: `${links.origin}${verifyEmailLink}#verify=${token}` },
    note: 'The link works once, for three days. If you did not create an account, ignore this message.',
  });
  await deps.mailer.send({ to: user.email, from: mailSender(brand), ...mail });
}

/** Mails a new verification link to the signed-in user, unless their address is proven already. */
export async function resendEmailVerification(
  deps: SessionDeps,
  principal: Principal,
  links: VerificationLinks,
): Promise<{ status: 'accepted'; message: string }> {
  const user = await deps.store.users.findById(principal.userId);
  if (!user) throw new DomainError('UNAUTHENTICATED', 'The user no longer exists');
  if (user.emailVerified) {
    throw new DomainError('INVALID_INPUT', 'email: your address is verified already', { field: 'email' });
  }
  await sendEmailVerification(deps, user, links);
  return { status: 'accepted', message: `A new confirmation link is on its way to ${user.email}.` };
}

/** Proves an address with a mailed link's token (it works once, signed in or not). */
export async function verifyEmail(
  deps: SessionDeps,
  token: string,
  ip: string | null,
): Promise<{ emailVerified: true }> {
  const userId = await deps.store.emailVerifications.consume(deps.opaqueTokens.hash(token), deps.clock.now());
  if (!userId) {
    throw new DomainError('INVALID_INPUT', 'token: this link is unknown, used or expired; ask for a new one', {
      field: 'token',
    });
  }
  await deps.store.users.markEmailVerified(userId, deps.clock.now());
  await recordSecurityEvent(deps, { userId, ip, action: 'auth.email_verified' });
  return { emailVerified: true };
}

/**
 * Refuses `what` to a user whose address is not proven yet. Unverified accounts may do
 * everything else; creating API keys (long-lived credentials that outlive any session) waits
 * until the address, which is also how the account is recovered, is known to be theirs.
 */
export async function requireVerifiedEmail(deps: Pick<SessionDeps, 'store'>, userId: string, what: string) {
  const user = await deps.store.users.findById(userId);
  if (user && !user.emailVerified) {
    throw new DomainError(
      'PERMISSION_DENIED',
      `${what} needs a verified email address: open the link mailed to ${user.email}, or ask for a new one (POST /api/auth/verify-email/resend)`,
      { link: verifyEmailLink },
    );
  }
}
