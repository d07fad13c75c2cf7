import { notFound, slugTaken, type Organization, type OrganizationRepository } from '@ocore/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, OrganizationsTable } from '../db/database.js';
import { iso, translateUnique } from '../db/pg-errors.js';

export function toOrganization(row: Selectable<OrganizationsTable>): Organization {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    logoUrl: row.logoUrl,
    parentOrganizationId: row.parentOrganizationId,
    agencyEnabled: row.agencyEnabled,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** Organizations; deleting one cascades to everything that references it. */
export function createOrganizationRepository(db: Kysely<Database>): OrganizationRepository {
  return {
    async insert(org) {
      const row = await translateUnique(
        'organizations_slug_key',
        () => db.insertInto('organizations').values(org).returningAll().executeTakeFirstOrThrow(),
        slugTaken,
      );
      return toOrganization(row);
    },
    async findById(id) {
      const row = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toOrganization(row);
    },
    async slugsLike(base) {
      const escaped = base.replace(/[\\%_]/g, (c) => `\\${c}`);
      const rows = await db
        .selectFrom('organizations')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${escaped}-%`)]))
        .execute();
      return rows.map((r) => r.slug);
    },
    async update(id, patch) {
      const row = await translateUnique(
        'organizations_slug_key',
        () =>
          db
            .updateTable('organizations')
            .set({ ...patch, updatedAt: sql<Date>`now()` })
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirst(),
        slugTaken,
      );
      // The port's NOT_FOUND (the repository contract checks it), not kysely's NoResultError.
      if (!row) throw notFound('Organization');
      return toOrganization(row);
    },
    async delete(id) {
      await db.deleteFrom('organizations').where('id', '=', id).execute();
    },
    async lock(id) {
      await db.selectFrom('organizations').select('id').where('id', '=', id).forUpdate().execute();
    },
    async listForUser(userId) {
      const rows = await db
        .selectFrom('members')
        .innerJoin('organizations', 'organizations.id', 'members.organizationId')
        .innerJoin('roles', 'roles.id', 'members.roleId')
        .selectAll('organizations')
        .select('roles.name as role')
        .where('members.userId', '=', userId)
        .orderBy('members.createdAt')
        .orderBy('organizations.id')
        .execute();
      return rows.map(({ role, ...org }) => ({ ...toOrganization(org), role }));
    },
  };
}
