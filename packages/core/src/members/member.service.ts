import { withListDefaults, type Page } from '../shared/list-query.js';
import type { ListMembersInput } from './member.schema.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import type { Repositories } from '../shared/store.js';
import { requireFeature } from '../agency/portal-config.service.js';
import type { Member, Role, SetMemberRoleInput } from './member.schema.js';
import { assertKeepsAnOwner, assertMayTouchOwnerRole, ownerRoleName } from './member.rules.js';
import { findOperatorAccess } from '../auth/agency-access.js';

/** The members of the current organization. */
export async function listMembers(deps: CoreDeps, actor: Actor, input?: ListMembersInput): Promise<Page<Member>> {
  requirePermission(actor, 'view:members');
  const query = withListDefaults(input, { sort: 'joinedAt', direction: 'asc' });
  // A role of another organization is refused, not silently matched by nothing.
  if (input?.roleId && !(await deps.store.roles.findByRef(actor.organizationId, input.roleId)))
    throw new DomainError('INVALID_INPUT', 'roleId: no such role in this organization', { field: 'roleId' });
  return deps.store.members.page(actor.organizationId, query, { roleId: input?.roleId });
}

/** The roles of the current organization with their permissions. */
export async function listRoles(deps: CoreDeps, actor: Actor): Promise<{ items: Role[]; total: number }> {
  requirePermission(actor, 'view:members');
  const items = await deps.store.roles.list(actor.organizationId);
  return { items, total: items.length };
}

async function findRole(tx: Repositories, organizationId: string, ref: string): Promise<Role> {
  const role = await tx.roles.findByRef(organizationId, ref);
  if (!role)
    throw new DomainError('INVALID_INPUT', `role: no role named "${ref}" in this organization`, { field: 'role' });
  return role;
}

async function findMember(tx: Repositories, organizationId: string, userId: string): Promise<Member> {
  const member = await tx.members.find(organizationId, userId);
  if (!member) throw notFound('Member');
  return member;
}

/**
 * An agency operator who is also a member of one of its clients keeps that membership until
 * the agency changes it: the client's own admins may not demote or remove the agency's people.
 */
async function assertMayChangeMembership(tx: Repositories, actor: Actor, userId: string): Promise<void> {
  if (actor.viaAgency || userId === actor.userId) return;
  if (!(await findOperatorAccess(tx, actor.organizationId, userId))) return;
  throw new DomainError(
    'PERMISSION_DENIED',
    "This member is an operator of the agency this organization is a client of; only the agency's operators may change their membership",
    { permission: 'manage:agency', field: 'userId' },
  );
}

/** Gives a member another role (manage:members); the last Owner keeps theirs. */
export async function setMemberRole(deps: CoreDeps, actor: Actor, input: SetMemberRoleInput): Promise<Member> {
  requirePermission(actor, 'manage:members');
  await requireFeature(deps, actor, 'teamManagementEnabled');
  return commitAndPublish(deps, async (tx, record) => {
    await tx.organizations.lock(actor.organizationId);
    const member = await findMember(tx, actor.organizationId, input.userId);
    await assertMayChangeMembership(tx, actor, member.userId);
    const role = await findRole(tx, actor.organizationId, input.role);
    assertMayTouchOwnerRole(actor.roleName, member.role, role.name);
    assertKeepsAnOwner(member.role, role.name, await tx.members.countWithRole(actor.organizationId, ownerRoleName));
    await tx.members.setRole(actor.organizationId, member.userId, role.id);
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'member.role_changed',
      targetType: 'member',
      targetId: member.userId,
      diff: { role: { from: member.role, to: role.name } },
    });
    return findMember(tx, actor.organizationId, member.userId);
  });
}

/**
 * Removes a member (manage:members, or anyone leaving on their own). Their tokens stop
 * working for this organization at once, because every request checks membership.
 */
export async function removeMember(deps: CoreDeps, actor: Actor, userId: string): Promise<void> {
  if (userId !== actor.userId) {
    requirePermission(actor, 'manage:members');
    await requireFeature(deps, actor, 'teamManagementEnabled');
  }
  await commitAndPublish(deps, async (tx, record) => {
    await tx.organizations.lock(actor.organizationId);
    const member = await findMember(tx, actor.organizationId, userId);
    await assertMayChangeMembership(tx, actor, userId);
    if (userId !== actor.userId) assertMayTouchOwnerRole(actor.roleName, member.role, null);
    assertKeepsAnOwner(member.role, null, await tx.members.countWithRole(actor.organizationId, ownerRoleName));
    await tx.members.remove(actor.organizationId, userId);
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'member.removed',
      targetType: 'member',
      targetId: userId,
      diff: { before: { email: member.email, role: member.role } },
    });
  });
}
