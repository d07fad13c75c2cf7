import { systemRoleRank, type Role, type RoleRepository } from '@ocore/core';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Roles of an organization, each with how many members hold it. */
export function createRoleRepository(db: Kysely<Database>): RoleRepository {
  const withCounts = (organizationId: string) =>
    db
      .selectFrom('roles')
      .leftJoin('members', 'members.roleId', 'roles.id')
      .select(['roles.id', 'roles.name', 'roles.isSystem', 'roles.permissions', 'roles.createdAt'])
      .select((eb) => eb.fn.count<string>('members.userId').as('memberCount'))
      .where('roles.organizationId', '=', organizationId)
      .groupBy('roles.id');

  const toRole = (row: {
    id: string;
    name: string;
    isSystem: boolean;
    permissions: string[];
    memberCount: string | number | bigint;
  }): Role => ({
    id: row.id,
    name: row.name,
    isSystem: row.isSystem,
    permissions: row.permissions,
    memberCount: Number(row.memberCount),
  });

  return {
    async insertMany(organizationId, roles) {
      const rows = await db
        .insertInto('roles')
        .values(
          roles.map((r) => ({ organizationId, name: r.name, isSystem: r.isSystem, permissions: [...r.permissions] })),
        )
        .returningAll()
        .execute();
      return rows.map((r) => toRole({ ...r, memberCount: 0 }));
    },
    async list(organizationId) {
      // System roles first, from most to least powerful; custom roles after, in creation order.
      const rows = await withCounts(organizationId).orderBy('roles.createdAt').orderBy('roles.name').execute();
      return rows.map(toRole).sort((a, b) => systemRoleRank(a.name) - systemRoleRank(b.name));
    },
    async findByRef(organizationId, ref) {
      const row = await withCounts(organizationId)
        .where((eb) =>
          uuidPattern.test(ref) ? eb('roles.id', '=', ref) : eb(sql`lower(roles.name)`, '=', ref.toLowerCase()),
        )
        .executeTakeFirst();
      return row && toRole(row);
    },
  };
}
