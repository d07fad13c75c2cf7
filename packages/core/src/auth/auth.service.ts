import { commitAndPublish } from '../shared/change.js';
import { DomainError } from '../shared/domain-error.js';
import { insertOrganizationWithOwner, withGeneratedSlugRetry } from '../organizations/organization.service.js';
import type { Organization } from '../organizations/organization.schema.js';
import { orgNameLimits } from '../organizations/organization.rules.js';
import type { Actor, Principal } from './actor.js';
import { actorFrom, findAccess, findAgencyMembership } from './agency-access.js';
import type { LoginThrottle, PasswordHasher, TokenService } from './auth.ports.js';
import type { AuthResult, LoginInput, Me, SignupInput } from './auth.schema.js';
import { assertPasswordAllowed } from './password.rules.js';
import { issueSessionToken, type SessionDeps } from './session.service.js';
import { authenticateApiKey, isApiKey } from '../api-keys/api-key.service.js';
import { sendEmailVerification, type VerificationLinks } from './email-verification.service.js';
import { recordSecurityEvent } from './security-events.js';

/** Where the dashboard registers passkeys; sent with PASSKEY_REQUIRED. */
export const passkeyRegistrationLink = '/account/passkeys';

export interface AuthDeps extends SessionDeps {
  hasher: PasswordHasher;
  tokens: TokenService;
  throttle: LoginThrottle;
}

/** The name of the organization made at sign-up, within the name limit. */
export function firstOrganizationName(userName: string): string {
  const suffix = "'s Organization";
  return [...userName].slice(0, orgNameLimits.max - suffix.length).join('') + suffix;
}

/**
 * Registers a user with their first organization, of which they are Owner, and mails them a
 * link to verify their address (when `links` says where it points).
 */
export async function signup(
  deps: AuthDeps,
  input: SignupInput,
  ip: string | null,
  links?: VerificationLinks,
): Promise<AuthResult> {
  assertPasswordAllowed(input.password, deps.commonPasswords, input);
  const passwordHash = await deps.hasher.hash(input.password);
  const { user, organization } = await withGeneratedSlugRetry(undefined, () =>
    commitAndPublish(deps, async (tx, record) => {
      const user = await tx.users.insert({ email: input.email, name: input.name, passwordHash });
      const organization = await insertOrganizationWithOwner(
        tx,
        { name: firstOrganizationName(input.name), slug: undefined, parentOrganizationId: null },
        user.id,
      );
      await record(
        { userId: user.id, ip },
        {
          organizationId: organization.id,
          action: 'organization.created',
          targetType: 'organization',
          targetId: organization.id,
          diff: { after: { name: organization.name, slug: organization.slug } },
        },
      );
      return { user, organization };
    }),
  );
  const token = await issueSessionToken(deps, { userId: user.id, organizationId: organization.id, passkey: false }, ip);
  if (links) await sendEmailVerification(deps, user, links);
  return { token, user, organization };
}

/**
 * Signs a user in. The token's organization is `preferredOrganizationId` (the portal the
 * request came through) when the user may act there, else the first one they joined.
 */
export async function login(
  deps: AuthDeps,
  input: LoginInput,
  ip: string | null,
  preferredOrganizationId?: string,
): Promise<AuthResult> {
  await deps.throttle.check(input.email, ip);
  const found = await deps.store.users.findByEmail(input.email);
  const valid = await deps.hasher.verify(found?.passwordHash ?? null, input.password);
  if (!found || !valid) {
    await deps.throttle.recordFailure(input.email, ip);
    // Only a registered account has a log to record in; the answer is the same either way.
    if (found) await recordSecurityEvent(deps, { userId: found.id, ip, action: 'auth.login_failed' });
    throw new DomainError('INVALID_CREDENTIALS', 'Invalid email or password');
  }
  await deps.throttle.recordSuccess(input.email, ip);
  const { passwordHash: _hidden, ...user } = found;
  const session = await startSession(deps, user.id, preferredOrganizationId, false, ip);
  await recordSecurityEvent(deps, {
    userId: user.id,
    ip,
    action: 'auth.login_succeeded',
    diff: { method: 'password' },
  });
  return { user, ...session };
}

/**
 * A token for a user who just proved who they are: its organization is
 * `preferredOrganizationId` (the portal the request came through) when the user may act
 * there, else the first one they joined. `passkey` records how they signed in.
 */
export async function startSession(
  deps: AuthDeps,
  userId: string,
  preferredOrganizationId: string | undefined,
  passkey: boolean,
  ip: string | null = null,
): Promise<{ token: string; organization: Organization | null }> {
  const preferred =
    preferredOrganizationId && (await findAccess(deps.store, preferredOrganizationId, userId))
      ? await deps.store.organizations.findById(preferredOrganizationId)
      : undefined;
  const organization = preferred ?? (await deps.store.organizations.listForUser(userId))[0] ?? null;
  const token = await issueSessionToken(deps, { userId, organizationId: organization?.id ?? null, passkey }, ip);
  return { token, organization: organization ? stripRole(organization) : null };
}

function stripRole(org: Organization & { role?: string }): Organization {
  const { role: _role, ...rest } = org;
  return rest;
}

/** A new token whose current organization is `organizationId`, for a member of it. */
export async function switchOrganization(
  deps: AuthDeps,
  principal: Principal,
  organizationId: string,
): Promise<{ token: string; organization: Organization }> {
  if (principal.apiKeyId) {
    throw new DomainError('PERMISSION_DENIED', 'An API key acts in its own organization only; it cannot switch', {
      field: 'organizationId',
    });
  }
  const access = await findAccess(deps.store, organizationId, principal.userId);
  const organization = access ? await deps.store.organizations.findById(organizationId) : undefined;
  if (!organization) {
    // A member of its agency without manage:agency: say what is missing, not "not a member".
    if (await findAgencyMembership(deps.store, organizationId, principal.userId)) {
      throw new DomainError(
        'PERMISSION_DENIED',
        'Opening a client of your agency requires the manage:agency permission',
        {
          permission: 'manage:agency',
          field: 'organizationId',
        },
      );
    }
    throw new DomainError('NOT_A_MEMBER', 'You are not a member of that organization', { field: 'organizationId' });
  }
  const token = await issueSessionToken(
    deps,
    { userId: principal.userId, organizationId, passkey: principal.passkey === true, sessionId: principal.sessionId },
    principal.ip,
  );
  return { token, organization };
}

/** Who a token speaks for, and whether it may still act in its organization. */
export interface Authentication {
  principal: Principal;
  actor: Actor | null;
  /** The token's organization, when membership has ended or the organization is gone. */
  revokedOrganizationId: string | null;
  /** The token's organization, when it requires a passkey sign-in and this token was not one. */
  passkeyRequiredOrganizationId?: string;
}

/**
 * Resolves a bearer token to who is calling. Membership is read on every request, so a
 * removed member or a deleted organization loses access at once, whatever the token says;
 * the user may still list their organizations and switch to another.
 */
export async function authenticate(deps: AuthDeps, token: string, ip: string | null): Promise<Authentication> {
  if (isApiKey(token)) return { ...(await authenticateApiKey(deps, token, ip)), revokedOrganizationId: null };
  const claims = await deps.tokens.verify(token);
  // A session ended (sign-out, password change or reset) revokes its tokens at once.
  const session = claims?.sessionId
    ? await deps.store.sessions.findActive(claims.sessionId, deps.clock.now())
    : undefined;
  const user = claims && session?.userId === claims.userId ? session.user : undefined;
  if (!claims || !user) throw new DomainError('UNAUTHENTICATED', 'The token is invalid or has expired; sign in again');
  const principal: Principal = {
    userId: user.id,
    ip,
    ...(claims.passkey ? { passkey: true } : {}),
    sessionId: claims.sessionId,
  };
  if (!claims.organizationId) return { principal, actor: null, revokedOrganizationId: null };
  const access = await findAccess(deps.store, claims.organizationId, user.id);
  if (!access) return { principal, actor: null, revokedOrganizationId: claims.organizationId };
  if (!principal.passkey && (await requiresPasskey(deps, claims.organizationId, access))) {
    return {
      principal,
      actor: null,
      revokedOrganizationId: null,
      passkeyRequiredOrganizationId: claims.organizationId,
    };
  }
  return { principal, actor: actorFrom(principal, access), revokedOrganizationId: null };
}

/**
 * True when acting in `organizationId` with this access takes a passkey sign-in: the
 * organization requires it, or (for an agency operator) the agency does, as its requirement
 * binds its people wherever they act for it.
 */
async function requiresPasskey(
  deps: AuthDeps,
  organizationId: string,
  access: { membership: { parentOrganizationId: string | null }; viaAgency: boolean },
): Promise<boolean> {
  if ((await deps.store.settings.find(organizationId))?.requirePasskey) return true;
  const agencyId = access.viaAgency ? access.membership.parentOrganizationId : null;
  return agencyId !== null && (await deps.store.settings.find(agencyId))?.requirePasskey === true;
}

/** The actor of an authentication that must act in an organization. */
export function requireActor(auth: Authentication): Actor {
  if (auth.actor) return auth.actor;
  if (auth.passkeyRequiredOrganizationId) {
    throw new DomainError(
      'PASSKEY_REQUIRED',
      'This organization requires signing in with a passkey: register one (POST /api/auth/passkeys/register/options, or Account → Passkeys in the dashboard), then sign in with it',
      { link: passkeyRegistrationLink },
    );
  }
  if (auth.revokedOrganizationId) {
    throw new DomainError(
      'ACCESS_REVOKED',
      'This token is no longer valid for its organization (membership ended or organization deleted); sign in or switch organization',
    );
  }
  throw new DomainError('NO_CURRENT_ORGANIZATION', 'No current organization: create one or switch to one first');
}

/** The caller, their current organization, role and permissions. */
export async function describeMe(deps: AuthDeps, principal: Principal, actor: Actor | null): Promise<Me> {
  const user = await deps.store.users.findById(principal.userId);
  if (!user) throw new DomainError('UNAUTHENTICATED', 'The user no longer exists');
  const organization = actor ? ((await deps.store.organizations.findById(actor.organizationId)) ?? null) : null;
  return { user, organization, role: actor?.roleName ?? null, permissions: actor ? [...actor.permissions] : [] };
}
