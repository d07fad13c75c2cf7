import { DomainError } from '../shared/domain-error.js';
import { hasPermission, type Permission } from '../members/permissions.js';

/** Who is calling: a signed-in user, maybe acting in a current organization. */
export interface Principal {
  userId: string;
  /** The request's address, for the audit log and rate limits. */
  ip: string | null;
  /** The session began with a passkey. */
  passkey?: boolean;
  /** The sign-in session of the token (none for an API key). */
  sessionId?: string;
  /** Set when the caller is an API key rather than a signed-in person. */
  apiKeyId?: string;
}

/** A principal acting inside an organization they belong to. */
export interface Actor extends Principal {
  organizationId: string;
  roleName: string;
  permissions: readonly string[];
  /** The agency this organization is a client of, or null. */
  agencyOrganizationId: string | null;
  /** True when the user acts here as an operator of that agency, not as a member. */
  viaAgency: boolean;
}

/** True when the actor holds the Owner role of their current organization. */
export function isOwner(actor: Actor): boolean {
  return actor.roleName === 'Owner';
}

/** Throws PERMISSION_DENIED naming the permission when the actor lacks it. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor.permissions, permission)) {
    throw new DomainError('PERMISSION_DENIED', `This requires the ${permission} permission`, { permission });
  }
}

/** Throws OWNER_ONLY unless the actor is an Owner. */
export function requireOwner(actor: Actor, what: string): void {
  if (!isOwner(actor)) throw new DomainError('OWNER_ONLY', `Only an organization Owner can ${what}`);
}
