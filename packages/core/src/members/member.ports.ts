import type { ListQuery, Page } from '../shared/list-query.js';
import type { MemberSort } from './member.schema.js';
import type { Member, Role } from './member.schema.js';

export interface NewRole {
  name: string;
  isSystem: boolean;
  permissions: readonly string[];
}

export interface Membership {
  organizationId: string;
  userId: string;
  roleId: string;
  roleName: string;
  permissions: string[];
  /** The organization's agency, when it is a client organization. */
  parentOrganizationId: string | null;
}

export interface RoleRepository {
  insertMany(organizationId: string, roles: readonly NewRole[]): Promise<Role[]>;
  /** System roles first, from most to least powerful (systemRoleRank); custom roles after, in creation order. */
  list(organizationId: string): Promise<Role[]>;
  /** A role of the organization by id or case-insensitive name. */
  findByRef(organizationId: string, ref: string): Promise<Role | undefined>;
}

export interface MemberRepository {
  /** Adds a member; raises ALREADY_MEMBER when the user already belongs. */
  add(organizationId: string, userId: string, roleId: string): Promise<void>;
  findMembership(organizationId: string, userId: string): Promise<Membership | undefined>;
  find(organizationId: string, userId: string): Promise<Member | undefined>;
  list(organizationId: string): Promise<Member[]>;
  /** One page of the organization's members: search in names and emails, a role filter, keyset order by user id. */
  page(
    organizationId: string,
    query: ListQuery<MemberSort>,
    filter: { roleId?: string | undefined },
  ): Promise<Page<Member>>;
  setRole(organizationId: string, userId: string, roleId: string): Promise<void>;
  remove(organizationId: string, userId: string): Promise<void>;
  countWithRole(organizationId: string, roleName: string): Promise<number>;
}
