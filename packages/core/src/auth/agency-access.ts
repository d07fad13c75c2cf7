import type { Membership } from '../members/member.ports.js';
import { hasPermission } from '../members/permissions.js';
import type { Repositories } from '../shared/store.js';
import type { Actor, Principal } from './actor.js';

/**
 * An agency operator's access to one of the agency's client organizations: the client's
 * Admin role, for a member of the agency holding manage:agency. Read on every request, so
 * it ends as soon as the operator loses that permission.
 */
export async function findOperatorAccess(
  store: Repositories,
  organizationId: string,
  userId: string,
): Promise<Membership | undefined> {
  const membership = await findAgencyMembership(store, organizationId, userId);
  if (!membership || !hasPermission(membership.permissions, 'manage:agency')) return undefined;
  const admin = await store.roles.findByRef(organizationId, 'Admin');
  if (!admin) return undefined;
  return {
    organizationId,
    userId,
    roleId: admin.id,
    roleName: admin.name,
    permissions: admin.permissions,
    parentOrganizationId: membership.organizationId,
  };
}

/**
 * The user's membership of the agency (in agency mode) that `organizationId` is a client of,
 * whatever its role: what an operator's access rests on, or what it lacks.
 */
export async function findAgencyMembership(
  store: Repositories,
  organizationId: string,
  userId: string,
): Promise<Membership | undefined> {
  const org = await store.organizations.findById(organizationId);
  if (!org?.parentOrganizationId) return undefined;
  const agency = await store.organizations.findById(org.parentOrganizationId);
  if (!agency?.agencyEnabled) return undefined;
  return store.members.findMembership(agency.id, userId);
}

/** A member's own access, or else an agency operator's. */
export async function findAccess(
  store: Repositories,
  organizationId: string,
  userId: string,
): Promise<{ membership: Membership; viaAgency: boolean } | undefined> {
  const membership = await store.members.findMembership(organizationId, userId);
  if (membership) return { membership, viaAgency: false };
  const operator = await findOperatorAccess(store, organizationId, userId);
  return operator && { membership: operator, viaAgency: true };
}

/** The actor for a principal with this access. */
export function actorFrom(principal: Principal, access: { membership: Membership; viaAgency: boolean }): Actor {
  const { organizationId, roleName, permissions, parentOrganizationId } = access.membership;
  return {
    ...principal,
    organizationId,
    roleName,
    permissions,
    agencyOrganizationId: parentOrganizationId,
    viaAgency: access.viaAgency,
  };
}
