import { pageInMemory } from '../shared/list-page.js';
import type { Member, Role } from '../members/member.schema.js';
import type { MemberRepository, Membership, RoleRepository } from '../members/member.ports.js';
import type { OrganizationRepository } from '../organizations/organization.ports.js';
import type { Organization } from '../organizations/organization.schema.js';
import { alreadyMember, notFound, slugTaken } from '../shared/domain-error.js';
import { definedFields } from '../shared/fields.js';
import { systemRoleRank } from '../members/permissions.js';
import { newId, nextSeq, type MemberRow, type RoleRow, type StateCell } from './in-memory-state.js';

function byJoinOrder(a: MemberRow, b: MemberRow): number {
  return a.joinedAt.localeCompare(b.joinedAt) || a.seq - b.seq;
}

/** Organizations kept in memory, with the slug uniqueness a database index would give. */
export function createOrganizationRepository(cell: StateCell): OrganizationRepository {
  const isSlugUsed = (slug: string, exceptId?: string) =>
    [...cell.current.organizations.values()].some((o) => o.slug === slug && o.id !== exceptId);
  // Not a method calling `this.delete`: the store's write guard calls the methods unbound.
  const remove = (id: string): void => {
    const state = cell.current;
    state.organizations.delete(id);
    for (const role of [...state.roles.values()]) if (role.organizationId === id) state.roles.delete(role.id);
    state.members = state.members.filter((m) => m.organizationId !== id);
    // The database cascades: clients, agency data and portal domains go with it.
    state.branding.delete(id);
    state.portalConfig.delete(id);
    state.settings.delete(id);
    state.servers = state.servers.filter((s) => s.organizationId !== id);
    state.templates = state.templates.filter((t) => t.organizationId !== id);
    state.instances = state.instances.filter((i) => i.organizationId !== id);
    state.operations = state.operations.filter((o) => o.organizationId !== id);
    state.projects = state.projects.filter((p) => p.organizationId !== id);
    for (const i of state.instances)
      if (i.templateId !== null && !state.templates.some((t) => t.id === i.templateId)) i.templateId = null;
    state.portalDomains = state.portalDomains.filter((d) => d.organizationId !== id && d.clientOrgId !== id);
    for (const child of [...state.organizations.values()]) if (child.parentOrganizationId === id) remove(child.id);
  };
  return {
    async insert(org) {
      if (isSlugUsed(org.slug)) throw slugTaken();
      const now = cell.clock.now().toISOString();
      const row: Organization = { id: newId(), ...org, agencyEnabled: false, createdAt: now, updatedAt: now };
      cell.current.organizations.set(row.id, row);
      return structuredClone(row);
    },
    async findById(id) {
      const org = cell.current.organizations.get(id);
      return org && structuredClone(org);
    },
    async slugsLike(base) {
      return [...cell.current.organizations.values()]
        .map((o) => o.slug)
        .filter((s) => s === base || s.startsWith(`${base}-`));
    },
    async update(id, patch) {
      const org = cell.current.organizations.get(id);
      if (!org) throw notFound('Organization');
      if (patch.slug !== undefined && isSlugUsed(patch.slug, id)) throw slugTaken();
      const defined = definedFields(patch);
      const updated: Organization = { ...org, ...defined, updatedAt: cell.clock.now().toISOString() };
      cell.current.organizations.set(id, updated);
      return structuredClone(updated);
    },
    async delete(id) {
      remove(id);
    },
    async lock() {
      // One transaction at a time in memory: nothing to wait for.
    },
    async listForUser(userId) {
      const state = cell.current;
      return state.members
        .filter((m) => m.userId === userId)
        .sort(byJoinOrder)
        .flatMap((m) => {
          const org = state.organizations.get(m.organizationId);
          const role = state.roles.get(m.roleId);
          return org && role ? [{ ...structuredClone(org), role: role.name }] : [];
        });
    },
  };
}

/** Roles kept in memory; `memberCount` is counted on read. */
export function createRoleRepository(cell: StateCell): RoleRepository {
  const toRole = (row: RoleRow): Role => ({
    id: row.id,
    name: row.name,
    isSystem: row.isSystem,
    permissions: [...row.permissions],
    memberCount: cell.current.members.filter((m) => m.roleId === row.id).length,
  });
  const rolesOf = (organizationId: string) =>
    [...cell.current.roles.values()].filter((r) => r.organizationId === organizationId);
  return {
    async insertMany(organizationId, roles) {
      return roles.map((role) => {
        const row: RoleRow = { id: newId(), organizationId, ...role, permissions: [...role.permissions] };
        cell.current.roles.set(row.id, row);
        return toRole(row);
      });
    },
    async list(organizationId) {
      return rolesOf(organizationId)
        .map(toRole)
        .sort((a, b) => systemRoleRank(a.name) - systemRoleRank(b.name));
    },
    async findByRef(organizationId, ref) {
      const lower = ref.toLowerCase();
      const row = rolesOf(organizationId).find((r) => r.id === ref || r.name.toLowerCase() === lower);
      return row && toRole(row);
    },
  };
}

/** Memberships kept in memory, one per organization and user. */
export function createMemberRepository(cell: StateCell): MemberRepository {
  const findRow = (organizationId: string, userId: string) =>
    cell.current.members.find((m) => m.organizationId === organizationId && m.userId === userId);
  const toMember = (row: MemberRow): Member | undefined => {
    const user = cell.current.users.get(row.userId);
    const role = cell.current.roles.get(row.roleId);
    if (!user || !role) return undefined;
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: role.name,
      roleId: role.id,
      joinedAt: row.joinedAt,
    };
  };
  return {
    async add(organizationId, userId, roleId) {
      if (findRow(organizationId, userId)) {
        throw alreadyMember();
      }
      const joinedAt = cell.clock.now().toISOString();
      cell.current.members.push({ organizationId, userId, roleId, joinedAt, seq: nextSeq(cell.current) });
    },
    async findMembership(organizationId, userId): Promise<Membership | undefined> {
      const row = findRow(organizationId, userId);
      const role = row && cell.current.roles.get(row.roleId);
      if (!row || !role) return undefined;
      const parentOrganizationId = cell.current.organizations.get(organizationId)?.parentOrganizationId ?? null;
      return {
        organizationId,
        userId,
        roleId: role.id,
        roleName: role.name,
        permissions: [...role.permissions],
        parentOrganizationId,
      };
    },
    async find(organizationId, userId) {
      const row = findRow(organizationId, userId);
      return row && toMember(row);
    },
    async list(organizationId) {
      return cell.current.members
        .filter((m) => m.organizationId === organizationId)
        .sort(byJoinOrder)
        .flatMap((m) => toMember(m) ?? []);
    },
    async page(organizationId, query, filter) {
      const rows = cell.current.members
        .filter((m) => m.organizationId === organizationId && (!filter.roleId || m.roleId === filter.roleId))
        .flatMap((m) => toMember(m) ?? [])
        .map((m) => ({ ...m, id: m.userId }));
      const kind = query.sort === 'joinedAt' ? ('time' as const) : ('text' as const);
      const page = pageInMemory(rows, query, { kind, value: (m) => m[query.sort] }, (m) => [m.name, m.email]);
      return { ...page, items: page.items.map(({ id: _id, ...m }) => m) };
    },
    async setRole(organizationId, userId, roleId) {
      const row = findRow(organizationId, userId);
      if (!row) throw notFound('Member');
      row.roleId = roleId;
    },
    async remove(organizationId, userId) {
      cell.current.members = cell.current.members.filter(
        (m) => !(m.organizationId === organizationId && m.userId === userId),
      );
    },
    async countWithRole(organizationId, roleName) {
      return cell.current.members.filter(
        (m) => m.organizationId === organizationId && cell.current.roles.get(m.roleId)?.name === roleName,
      ).length;
    },
  };
}
