import { alreadyMember, type MemberRepository } from '@ocore/core';
import { sql, type Kysely } from 'kysely';
import { keysetPage, matchesAny } from '../db/keyset.js';
import type { Database } from '../db/database.js';
import { iso, translateUnique } from '../db/pg-errors.js';

/** Memberships: who belongs to which organization, with which role. */
export function createMemberRepository(db: Kysely<Database>): MemberRepository {
  const members = (organizationId: string) =>
    db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.userId')
      .innerJoin('roles', 'roles.id', 'members.roleId')
      .select([
        'members.userId',
        'users.email',
        'users.name',
        'roles.name as role',
        'roles.id as roleId',
        'members.createdAt',
      ])
      .where('members.organizationId', '=', organizationId);

  const toMember = (row: {
    userId: string;
    email: string;
    name: string;
    role: string;
    roleId: string;
    createdAt: Date;
  }) => ({
    userId: row.userId,
    email: row.email,
    name: row.name,
    role: row.role,
    roleId: row.roleId,
    joinedAt: iso(row.createdAt),
  });

  return {
    async add(organizationId, userId, roleId) {
      await translateUnique(
        'members_pk',
        () => db.insertInto('members').values({ organizationId, userId, roleId }).execute(),
        () => alreadyMember(),
      );
    },
    async findMembership(organizationId, userId) {
      const row = await db
        .selectFrom('members')
        .innerJoin('roles', 'roles.id', 'members.roleId')
        .innerJoin('organizations', 'organizations.id', 'members.organizationId')
        .select([
          'members.organizationId',
          'members.userId',
          'members.roleId',
          'roles.name as roleName',
          'roles.permissions',
          'organizations.parentOrganizationId',
        ])
        .where('members.organizationId', '=', organizationId)
        .where('members.userId', '=', userId)
        .executeTakeFirst();
      return row;
    },
    async find(organizationId, userId) {
      const row = await members(organizationId).where('members.userId', '=', userId).executeTakeFirst();
      return row && toMember(row);
    },
    async list(organizationId) {
      const rows = await members(organizationId).orderBy('members.createdAt').orderBy('members.userId').execute();
      return rows.map(toMember);
    },
    async page(organizationId, query, filter) {
      let base = members(organizationId);
      if (filter.roleId) base = base.where('members.roleId', '=', filter.roleId);
      if (query.search) base = base.where(matchesAny(query.search, [sql.ref('users.name'), sql.ref('users.email')]));
      const sort = {
        name: { expr: sql.ref('users.name'), kind: 'text' },
        email: { expr: sql.ref('users.email'), kind: 'text' },
        role: { expr: sql.ref('roles.name'), kind: 'text' },
        joinedAt: { expr: sql.ref('members.createdAt'), kind: 'time' },
      } as const;
      const { rows, ...page } = await keysetPage(base, {
        query,
        sort: sort[query.sort],
        id: sql.ref('members.userId'),
      });
      return { ...page, items: rows.map(toMember) };
    },
    async setRole(organizationId, userId, roleId) {
      await db
        .updateTable('members')
        .set({ roleId })
        .where('organizationId', '=', organizationId)
        .where('userId', '=', userId)
        .execute();
    },
    async remove(organizationId, userId) {
      await db
        .deleteFrom('members')
        .where('organizationId', '=', organizationId)
        .where('userId', '=', userId)
        .execute();
    },
    async countWithRole(organizationId, roleName) {
      const row = await db
        .selectFrom('members')
        .innerJoin('roles', 'roles.id', 'members.roleId')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('members.organizationId', '=', organizationId)
        .where('roles.name', '=', roleName)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
