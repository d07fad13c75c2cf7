import { requireOwner, requirePermission, type Actor, type Principal } from '../auth/actor.js';
import { defaultRolePermissions, systemRoleNames } from '../members/permissions.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { changedFields } from '../shared/fields.js';
import { isDomainError, notFound } from '../shared/domain-error.js';
import type { Repositories } from '../shared/store.js';
import type { NewRole } from '../members/member.ports.js';
import { firstFreeSlug, slugFromName, slugLimits } from './organization.rules.js';
import type { CreateOrgInput, Organization, UpdateOrgInput, UserOrganization } from './organization.schema.js';

const generatedSlugAttempts = 5;

/**
 * Inserts an organization with the system roles cloned into it and `ownerUserId` (if any)
 * as its Owner, inside the caller's transaction. Without a slug one is made from the name.
 */
export async function insertOrganizationWithOwner(
  tx: Repositories,
  input: { name: string; slug: string | undefined; parentOrganizationId: string | null; slugBase?: string },
  ownerUserId: string | null,
  roleDefinitions: readonly NewRole[] = systemRoles(),
): Promise<Organization> {
  const slug = input.slug ?? (await pickFreeSlug(tx, input.slugBase ?? slugFromName(input.name)));
  const org = await tx.organizations.insert({
    name: input.name,
    slug,
    logoUrl: null,
    parentOrganizationId: input.parentOrganizationId,
  });
  const roles = await tx.roles.insertMany(org.id, roleDefinitions);
  const owner = roles.find((r) => r.name === 'Owner');
  if (owner && ownerUserId) await tx.members.add(org.id, ownerUserId, owner.id);
  return org;
}

/**
 * Suffixed candidates cut the base so that `-N` fits in the length limit, so the taken
 * slugs are looked up under each cut stem as well as under the whole base.
 */
/** The system roles with their default permissions, as cloned into each new organization. */
export function systemRoles(): NewRole[] {
  return systemRoleNames.map((name) => ({ name, isSystem: true, permissions: defaultRolePermissions[name] }));
}

async function pickFreeSlug(tx: Repositories, base: string): Promise<string> {
  const stems = new Set([base, ...[2, 3, 4].map((n) => base.slice(0, slugLimits.max - n).replace(/-+$/g, ''))]);
  const taken = await Promise.all([...stems].map((stem) => tx.organizations.slugsLike(stem)));
  return firstFreeSlug(base, new Set(taken.flat()));
}

/**
 * Runs `create` in a transaction; when the slug was generated and another request took it
 * in between, tries again with a fresh pick.
 */
export async function withGeneratedSlugRetry<T>(
  explicitSlug: string | undefined,
  create: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      const retry = !explicitSlug && isDomainError(error, 'SLUG_TAKEN') && attempt < generatedSlugAttempts;
      if (!retry) throw error;
    }
  }
}

/** Creates an organization owned by the caller. */
export async function createOrganization(
  deps: CoreDeps,
  principal: Principal,
  input: CreateOrgInput,
): Promise<Organization> {
  return withGeneratedSlugRetry(input.slug, () =>
    commitAndPublish(deps, async (tx, record) => {
      const org = await insertOrganizationWithOwner(
        tx,
        { name: input.name, slug: input.slug, parentOrganizationId: null },
        principal.userId,
      );
      await record(principal, {
        organizationId: org.id,
        action: 'organization.created',
        targetType: 'organization',
        targetId: org.id,
        diff: { after: { name: org.name, slug: org.slug } },
      });
      return org;
    }),
  );
}

/** The organizations the user belongs to, with their role in each. */
export async function listUserOrganizations(
  deps: CoreDeps,
  principal: Principal,
): Promise<{ items: UserOrganization[]; total: number }> {
  const items = await deps.store.organizations.listForUser(principal.userId);
  return { items, total: items.length };
}

/** The caller's current organization. */
export async function getCurrentOrganization(deps: CoreDeps, actor: Actor): Promise<Organization> {
  const org = await deps.store.organizations.findById(actor.organizationId);
  if (!org) throw notFound('Organization');
  return org;
}

/** Changes name, slug or logo of the current organization (manage:org_settings). */
export async function updateOrganization(deps: CoreDeps, actor: Actor, input: UpdateOrgInput): Promise<Organization> {
  requirePermission(actor, 'manage:org_settings');
  return commitAndPublish(deps, async (tx, record) => {
    const before = await tx.organizations.findById(actor.organizationId);
    if (!before) throw notFound('Organization');
    const after = await tx.organizations.update(actor.organizationId, input);
    const diff = changedFields(before, after, ['name', 'slug', 'logoUrl']);
    if (Object.keys(diff).length > 0) {
      await record(actor, {
        organizationId: after.id,
        action: 'organization.updated',
        targetType: 'organization',
        targetId: after.id,
        diff,
      });
    }
    return after;
  });
}

/**
 * Deletes the current organization and everything it owns (Owner only). The audit entry
 * and the event outlive it: they are kept until the retention purge.
 */
export async function deleteOrganization(deps: CoreDeps, actor: Actor): Promise<void> {
  requireOwner(actor, 'delete the organization');
  await commitAndPublish(deps, async (tx, record) => {
    const org = await tx.organizations.findById(actor.organizationId);
    if (!org) throw notFound('Organization');
    await tx.organizations.delete(org.id);
    await record(actor, {
      organizationId: org.id,
      action: 'organization.deleted',
      targetType: 'organization',
      targetId: org.id,
      diff: { before: { name: org.name, slug: org.slug } },
    });
  });
}
