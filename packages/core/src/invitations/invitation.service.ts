import { requirePermission, type Actor, type Principal } from '../auth/actor.js';
import type { AuthResult } from '../auth/auth.schema.js';
import type { AccountDeps } from '../auth/account.service.js';
import { assertPasswordAllowed } from '../auth/password.rules.js';
import { issueSessionToken } from '../auth/session.service.js';
import type { LoginThrottle } from '../auth/auth.ports.js';
import { requireFeature } from '../agency/portal-config.service.js';
import { mailBrandFor } from '../mail/mail-brand.service.js';
import { mailSender, renderMail } from '../mail/mail.render.js';
import { assertMayTouchOwnerRole } from '../members/member.rules.js';
import { commitAndPublish } from '../shared/change.js';
import { DomainError, alreadyMember, notFound } from '../shared/domain-error.js';
import type { AcceptInvitationInput, CreateInvitationInput, Invitation } from './invitation.schema.js';
import type { InvitationRecord } from './invitation.ports.js';

export interface InvitationDeps extends AccountDeps {
  throttle: LoginThrottle;
}

/** How long an invitation link works. */
export const invitationTtlMs = 7 * 24 * 60 * 60 * 1000;

/** Where the accept link points: the client's portal when it has one, else the dashboard that was used. */
export interface InvitationLinks {
  origin: string;
  portalBaseDomain: string | undefined;
}

function view(record: InvitationRecord, now: Date): Invitation {
  return {
    id: record.id,
    email: record.email,
    role: record.roleName,
    roleId: record.roleId,
    status: new Date(record.expiresAt) > now ? 'pending' : 'expired',
    invitedByUserId: record.invitedByUserId,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
  };
}

/** `:<port>` of an origin that names a non-default one, else ''. */
function portSuffix(origin: string): string {
  try {
    const { port } = new URL(origin);
    return port ? `:${port}` : '';
  } catch {
    return '';
  }
}

/** The origin of the portal serving this organization, when it has an active one. */
async function portalOrigin(deps: InvitationDeps, organizationId: string, links: InvitationLinks): Promise<string> {
  const organization = await deps.store.organizations.findById(organizationId);
  const agencyId = organization?.parentOrganizationId ?? (organization?.agencyEnabled ? organization.id : null);
  if (!agencyId) return links.origin;
  const clientId = agencyId === organizationId ? null : organizationId;
  const domain = await deps.store.portalDomains.findActiveFor(agencyId, clientId);
  if (domain?.customDomain && domain.dnsVerified && domain.sslStatus === 'active')
    return `https://${domain.customDomain}`;
  if (domain?.subdomain && links.portalBaseDomain) {
    const scheme = links.origin.startsWith('https:') ? 'https' : 'http';
    // Portal subdomains are served where the dashboard is: on its port too (as reset links are).
    return `${scheme}://${domain.subdomain}.${links.portalBaseDomain}${portSuffix(links.origin)}`;
  }
  return links.origin;
}

async function mailInvitation(
  deps: InvitationDeps,
  actor: Actor,
  record: InvitationRecord,
  token: string,
  links: InvitationLinks,
): Promise<void> {
  const [brand, organization, inviter] = await Promise.all([
    mailBrandFor(deps, record.organizationId),
    deps.store.organizations.findById(record.organizationId),
    deps.store.users.findById(actor.userId),
  ]);
  const origin = await portalOrigin(deps, record.organizationId, links);
  const orgName = organization?.name ?? brand.name;
  const mail = renderMail(brand, {
    subject: `You are invited to ${orgName}`,
    paragraphs: [
      `${inviter?.name ?? 'Someone'} invited you to join ${orgName} as ${record.roleName}.`,
      'Accept to create your account, or to add it to the one you already have with this address.',
    ],
    action: { label: 'Accept the invitation', url: `${origin}/invite#token=${token}` },
    note: `The invitation expires on ${record.expiresAt.slice(0, 10)}. If you did not expect it, ignore this message.`,
  });
  await deps.mailer.send({ to: record.email, from: mailSender(brand), ...mail });
}

/**
 * Invites someone by email to the current organization with a role (manage:members). Nobody
 * becomes a member without accepting: the mailed link is the only way in. A new invitation
 * to the same address replaces the open one.
 */
export async function createInvitation(
  deps: InvitationDeps,
  actor: Actor,
  input: CreateInvitationInput,
  links: InvitationLinks,
): Promise<Invitation> {
  requirePermission(actor, 'manage:members');
  await requireFeature(deps, actor, 'teamManagementEnabled');
  const email = input.email.toLowerCase();
  const { token, hash } = deps.opaqueTokens.create();
  const now = deps.clock.now();
  const record = await commitAndPublish(deps, async (tx, record) => {
    const role = await tx.roles.findByRef(actor.organizationId, input.role);
    if (!role)
      throw new DomainError('INVALID_INPUT', `role: no role named "${input.role}" in this organization`, {
        field: 'role',
      });
    assertMayTouchOwnerRole(actor.roleName, null, role.name);
    const user = await tx.users.findByEmail(email);
    if (user && (await tx.members.findMembership(actor.organizationId, user.id))) {
      throw alreadyMember();
    }
    await tx.invitations.revokeOpenFor(actor.organizationId, email, now);
    const stored = await tx.invitations.insert({
      organizationId: actor.organizationId,
      email,
      roleId: role.id,
      tokenHash: hash,
      invitedByUserId: actor.userId,
      expiresAt: new Date(now.getTime() + invitationTtlMs),
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'invitation.created',
      targetType: 'invitation',
      targetId: stored.id,
      diff: { after: { email: stored.email, role: role.name } },
    });
    return stored;
  });
  await mailInvitation(deps, actor, record, token, links);
  return view(record, now);
}

/** Open invitations of the current organization (view:members). */
export async function listInvitations(
  deps: InvitationDeps,
  actor: Actor,
): Promise<{ items: Invitation[]; total: number }> {
  requirePermission(actor, 'view:members');
  const now = deps.clock.now();
  const items = (await deps.store.invitations.listOpen(actor.organizationId)).map((r) => view(r, now));
  return { items, total: items.length };
}

async function findOpen(deps: InvitationDeps, actor: Actor, id: string): Promise<InvitationRecord> {
  const found = await deps.store.invitations.find(actor.organizationId, id);
  if (!found || found.acceptedAt || found.revokedAt) throw notFound('Invitation');
  return found;
}

/** Sends an open invitation again with a new link and a new expiry; the old link stops working. */
export async function resendInvitation(
  deps: InvitationDeps,
  actor: Actor,
  id: string,
  links: InvitationLinks,
): Promise<Invitation> {
  requirePermission(actor, 'manage:members');
  await requireFeature(deps, actor, 'teamManagementEnabled');
  const open = await findOpen(deps, actor, id);
  assertMayTouchOwnerRole(actor.roleName, null, open.roleName);
  const { token, hash } = deps.opaqueTokens.create();
  const now = deps.clock.now();
  const renewed = await commitAndPublish(deps, async (tx, record) => {
    const stored = await tx.invitations.renew(open.id, hash, new Date(now.getTime() + invitationTtlMs));
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'invitation.resent',
      targetType: 'invitation',
      targetId: open.id,
      diff: { email: open.email },
    });
    return stored;
  });
  await mailInvitation(deps, actor, renewed, token, links);
  return view(renewed, now);
}

/** Revokes an open invitation: its link stops working at once. */
export async function revokeInvitation(deps: InvitationDeps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'manage:members');
  await requireFeature(deps, actor, 'teamManagementEnabled');
  const open = await findOpen(deps, actor, id);
  assertMayTouchOwnerRole(actor.roleName, null, open.roleName);
  await commitAndPublish(deps, async (tx, record) => {
    await tx.invitations.revoke(open.id, deps.clock.now());
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'invitation.revoked',
      targetType: 'invitation',
      targetId: open.id,
      diff: { before: { email: open.email, role: open.roleName } },
    });
  });
}

const unusable = () =>
  new DomainError(
    'INVALID_INPUT',
    'token: this invitation is unknown, expired, revoked or already used; ask for a new one',
    {
      field: 'token',
    },
  );

/** The account that accepts: the signed-in one, an existing one proven by its password, or a new one. */
async function acceptingUser(
  deps: InvitationDeps,
  invitation: InvitationRecord,
  input: AcceptInvitationInput,
  caller: Principal | null,
  ip: string | null,
): Promise<{ userId: string; create?: { name: string; passwordHash: string } }> {
  const existing = await deps.store.users.findByEmail(invitation.email);
  if (existing) {
    if (caller?.userId === existing.id && !caller.apiKeyId) return { userId: existing.id };
    if (input.password === undefined) {
      throw new DomainError(
        'UNAUTHENTICATED',
        `An account with ${invitation.email} exists: sign in as it, or give its password, to accept`,
        { field: 'password' },
      );
    }
    await deps.throttle.check(invitation.email, ip);
    if (!(await deps.hasher.verify(existing.passwordHash, input.password))) {
      await deps.throttle.recordFailure(invitation.email, ip);
      throw new DomainError('INVALID_CREDENTIALS', 'password: this is not the password of that account', {
        field: 'password',
      });
    }
    await deps.throttle.recordSuccess(invitation.email);
    return { userId: existing.id };
  }
  if (!input.name)
    throw new DomainError('INVALID_INPUT', 'name: is required to create your account', { field: 'name' });
  if (input.password === undefined) {
    throw new DomainError('INVALID_INPUT', 'password: is required to create your account', { field: 'password' });
  }
  assertPasswordAllowed(input.password, deps.commonPasswords, { email: invitation.email, name: input.name });
  return { userId: '', create: { name: input.name, passwordHash: await deps.hasher.hash(input.password) } };
}

/**
 * Accepts an invitation by its mailed token: creates the account when the address has none
 * (with no organization of its own) or adds the membership to the existing one, whose owner
 * must be signed in or give its password. Answers a token for the organization joined.
 */
export async function acceptInvitation(
  deps: InvitationDeps,
  input: AcceptInvitationInput,
  caller: Principal | null,
  ip: string | null,
): Promise<AuthResult> {
  const now = deps.clock.now();
  const invitation = await deps.store.invitations.findByTokenHash(deps.opaqueTokens.hash(input.token));
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || new Date(invitation.expiresAt) <= now)
    throw unusable();
  const who = await acceptingUser(deps, invitation, input, caller, ip);
  const user = await commitAndPublish(deps, async (tx, record) => {
    // The mailed link proves the address: the account is verified, new or not.
    const user = who.create
      ? await tx.users.insert({ email: invitation.email, ...who.create, emailVerified: true })
      : await tx.users.findById(who.userId);
    if (!user) throw unusable();
    if (!user.emailVerified) await tx.users.markEmailVerified(user.id, now);
    if (!(await tx.invitations.accept(invitation.id, user.id, now))) throw unusable();
    await tx.members.add(invitation.organizationId, user.id, invitation.roleId);
    await record(
      { userId: user.id, ip },
      {
        organizationId: invitation.organizationId,
        action: 'member.added',
        targetType: 'member',
        targetId: user.id,
        diff: { after: { email: user.email, role: invitation.roleName }, invitationId: invitation.id },
      },
    );
    return { ...user, emailVerified: true };
  });
  const organization = await deps.store.organizations.findById(invitation.organizationId);
  const sameSession = caller?.userId === user.id ? caller.sessionId : undefined;
  const token = await issueSessionToken(
    deps,
    {
      userId: user.id,
      organizationId: invitation.organizationId,
      passkey: sameSession !== undefined && caller?.passkey === true,
      sessionId: sameSession,
    },
    ip,
  );
  return { token, user, organization: organization ?? null };
}
