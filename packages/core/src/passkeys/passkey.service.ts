import type { Principal } from '../auth/actor.js';
import { passkeyRegistrationLink, startSession, type AuthDeps } from '../auth/auth.service.js';
import type { AuthResult } from '../auth/auth.schema.js';
import { recordSecurityEvent } from '../auth/security-events.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import type { RelyingParty, StoredPasskey, WebAuthnRelyingParty } from './passkey.ports.js';
import type {
  FinishPasskeyLoginInput,
  FinishPasskeyRegistrationInput,
  Passkey,
  PasskeyOptions,
  StartPasskeyRegistrationInput,
} from './passkey.schema.js';

export interface PasskeyDeps extends AuthDeps {
  webauthn: WebAuthnRelyingParty;
}

/** How long a ceremony may take between options and response. */
export const challengeTtlMs = 5 * 60_000;

const view = (p: StoredPasskey): Passkey => ({
  id: p.id,
  name: p.name,
  createdAt: p.createdAt,
  lastUsedAt: p.lastUsedAt,
});

async function challenge(
  deps: PasskeyDeps,
  userId: string | null,
  purpose: 'register' | 'login',
  made: { options: Record<string, unknown>; challenge: string },
): Promise<PasskeyOptions> {
  const expiresAt = new Date(deps.clock.now().getTime() + challengeTtlMs);
  const challengeId = await deps.store.webauthnChallenges.create({
    userId,
    purpose,
    challenge: made.challenge,
    expiresAt,
  });
  return { challengeId, options: made.options };
}

const expired = () =>
  new DomainError('INVALID_INPUT', 'challengeId: is unknown, used or expired; ask for new options', {
    field: 'challengeId',
  });

const passkeySessionNeeded = (what: string) =>
  new DomainError('PASSKEY_REQUIRED', `${what} requires a passkey sign-in: sign in with one of your passkeys first`, {
    link: passkeyRegistrationLink,
  });

/** An organization the user belongs to that requires passkeys, if any. */
async function organizationRequiringPasskeys(deps: AuthDeps, userId: string) {
  for (const organization of await deps.store.organizations.listForUser(userId)) {
    if ((await deps.store.settings.find(organization.id))?.requirePasskey) return organization;
  }
  return undefined;
}

/**
 * Who may add a passkey: a passkey session; or, for a user who has none yet, a password
 * session that enters the password again (throttled as a sign-in), unless an organization
 * they belong to requires passkeys (a stolen password would otherwise add the thief's).
 */
async function assertMayAddPasskey(
  deps: PasskeyDeps,
  principal: Principal,
  user: { id: string; email: string },
  existing: readonly StoredPasskey[],
  password: string | undefined,
): Promise<void> {
  if (principal.passkey) return;
  if (existing.length > 0) throw passkeySessionNeeded('Adding a passkey when you have one');
  const requiring = await organizationRequiringPasskeys(deps, user.id);
  if (requiring) {
    throw new DomainError(
      'PASSKEY_REQUIRED',
      `${requiring.name} requires passkeys, so a first passkey cannot be added from a password sign-in while you belong to it: register one before joining, or ask its Owner to lift the requirement for the time`,
      { link: passkeyRegistrationLink },
    );
  }
  if (!password) {
    throw new DomainError('INVALID_INPUT', 'password: is required: enter your password again to add a first passkey', {
      field: 'password',
    });
  }
  await deps.throttle.check(user.email, principal.ip);
  const found = await deps.store.users.findByEmail(user.email);
  if (!(await deps.hasher.verify(found?.passwordHash ?? null, password))) {
    await deps.throttle.recordFailure(user.email, principal.ip);
    throw new DomainError('INVALID_INPUT', 'password: is not your password', { field: 'password' });
  }
}

/**
 * Options to create a passkey for the signed-in user; their existing ones are excluded. Only
 * a passkey session, or a fresh password for a first passkey, may ask (`assertMayAddPasskey`);
 * the challenge it stores is what registering answers, within its five minutes.
 */
export async function startPasskeyRegistration(
  deps: PasskeyDeps,
  principal: Principal,
  rp: RelyingParty,
  input?: StartPasskeyRegistrationInput,
): Promise<PasskeyOptions> {
  const user = await deps.store.users.findById(principal.userId);
  if (!user) throw new DomainError('UNAUTHENTICATED', 'The user no longer exists');
  const existing = await deps.store.passkeys.listForUser(user.id);
  await assertMayAddPasskey(deps, principal, user, existing, input?.password);
  const made = await deps.webauthn.registrationOptions({
    rp,
    user: { id: user.id, email: user.email, name: user.name },
    exclude: existing,
  });
  return challenge(deps, user.id, 'register', made);
}

/** Checks the browser's new credential against the challenge and keeps it. */
export async function finishPasskeyRegistration(
  deps: PasskeyDeps,
  principal: Principal,
  rp: RelyingParty,
  input: FinishPasskeyRegistrationInput,
): Promise<Passkey> {
  const pending = await deps.store.webauthnChallenges.consume(
    input.challengeId,
    'register',
    deps.clock.now(),
    principal.userId,
  );
  if (!pending) throw expired();
  const verified = await deps.webauthn.verifyRegistration({
    rp,
    response: input.response,
    challenge: pending.challenge,
  });
  if (!verified.ok) throw new DomainError('INVALID_INPUT', `response: ${verified.reason}`, { field: 'response' });
  if (await deps.store.passkeys.findByCredentialId(verified.credentialId)) {
    throw new DomainError('INVALID_INPUT', 'response: this passkey is already registered', { field: 'response' });
  }
  const count = (await deps.store.passkeys.listForUser(principal.userId)).length;
  const stored = await deps.store.passkeys.insert({
    userId: principal.userId,
    credentialId: verified.credentialId,
    publicKey: verified.publicKey,
    counter: verified.counter,
    transports: verified.transports,
    name: input.name ?? `Passkey ${count + 1}`,
  });
  await recordSecurityEvent(deps, {
    userId: principal.userId,
    ip: principal.ip,
    action: 'passkey.added',
    diff: { after: { name: stored.name } },
  });
  return view(stored);
}

/** The signed-in user's passkeys. */
export async function listPasskeys(deps: AuthDeps, principal: Principal): Promise<{ items: Passkey[]; total: number }> {
  const items = (await deps.store.passkeys.listForUser(principal.userId)).map(view);
  return { items, total: items.length };
}

/** Removes one of the signed-in user's passkeys; only from a passkey sign-in. */
export async function deletePasskey(deps: AuthDeps, principal: Principal, id: string): Promise<void> {
  const own = (await deps.store.passkeys.listForUser(principal.userId)).find((p) => p.id === id);
  if (!own) throw notFound('Passkey');
  if (!principal.passkey) throw passkeySessionNeeded('Removing a passkey');
  if (!(await deps.store.passkeys.delete(principal.userId, id))) throw notFound('Passkey');
  await recordSecurityEvent(deps, {
    userId: principal.userId,
    ip: principal.ip,
    action: 'passkey.removed',
    diff: { before: { name: own.name } },
  });
}

/** Options to sign in with any passkey of this site (the browser offers the user's own). */
export async function startPasskeyLogin(deps: PasskeyDeps, rp: RelyingParty): Promise<PasskeyOptions> {
  return challenge(deps, null, 'login', await deps.webauthn.authenticationOptions({ rp }));
}

/**
 * Signs in with a passkey: the assertion must answer an unused, unexpired challenge and be
 * signed by a registered credential. The token records the passkey sign-in, which
 * organizations that require passkeys ask for.
 */
export async function finishPasskeyLogin(
  deps: PasskeyDeps,
  rp: RelyingParty,
  input: FinishPasskeyLoginInput,
  ip: string | null,
  preferredOrganizationId?: string,
): Promise<AuthResult> {
  const throttleKey = `passkey:${input.response.id}`;
  await deps.throttle.check(throttleKey, ip);
  const pending = await deps.store.webauthnChallenges.consume(input.challengeId, 'login', deps.clock.now(), null);
  if (!pending) throw expired();
  const passkey = await deps.store.passkeys.findByCredentialId(input.response.id);
  const verified = passkey
    ? await deps.webauthn.verifyAuthentication({
        rp,
        response: input.response,
        challenge: pending.challenge,
        credential: passkey,
      })
    : undefined;
  const user = passkey && verified?.ok ? await deps.store.users.findById(passkey.userId) : undefined;
  if (!passkey || !verified?.ok || !user) {
    await deps.throttle.recordFailure(throttleKey, ip);
    throw new DomainError(
      'INVALID_CREDENTIALS',
      passkey
        ? `The passkey could not be verified${verified && !verified.ok ? `: ${verified.reason}` : ''}`
        : 'This passkey is not registered here',
    );
  }
  await deps.throttle.recordSuccess(throttleKey);
  await deps.store.passkeys.markUsed(passkey.id, verified.newCounter, deps.clock.now());
  const session = await startSession(deps, user.id, preferredOrganizationId, true, ip);
  await recordSecurityEvent(deps, { userId: user.id, ip, action: 'auth.login_succeeded', diff: { method: 'passkey' } });
  return { user, ...session };
}
