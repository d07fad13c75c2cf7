import type { Project, ProjectRepository } from '@ocore/core';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

/** Projects, read with how many instances each holds. */
export function createProjectRepository(db: Kysely<Database>): ProjectRepository {
  const withCount = () =>
    db
      .selectFrom('projects as p')
      .selectAll('p')
      .select((eb) =>
        eb
          .selectFrom('instances as i')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('i.projectId', '=', 'p.id')
          .as('instanceCount'),
      );
  const toProject = (row: Awaited<ReturnType<ReturnType<typeof withCount>['executeTakeFirstOrThrow']>>): Project => ({
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    description: row.description,
    instanceCount: Number(row.instanceCount ?? 0),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  });
  const byId = async (id: string) => toProject(await withCount().where('p.id', '=', id).executeTakeFirstOrThrow());
  return {
    async insert(p) {
      const { id } = await db.insertInto('projects').values(p).returning('id').executeTakeFirstOrThrow();
      return byId(id);
    },
    async list(organizationId) {
      const rows = await withCount()
        .where('p.organizationId', '=', organizationId)
        .orderBy('p.createdAt')
        .orderBy('p.id')
        .execute();
      return rows.map(toProject);
    },
    async find(organizationId, id) {
      const row = await withCount()
        .where('p.organizationId', '=', organizationId)
        .where('p.id', '=', id)
        .executeTakeFirst();
      return row && toProject(row);
    },
    async update(id, patch) {
      await db
        .updateTable('projects')
        .set({ ...patch, updatedAt: new Date() })
        .where('id', '=', id)
        .execute();
      return byId(id);
    },
    async delete(id) {
      await db.deleteFrom('projects').where('id', '=', id).execute();
    },
    async nameTaken(organizationId, name, exceptId) {
      let query = db
        .selectFrom('projects')
        .select('id')
        .where('organizationId', '=', organizationId)
        .where(sql`lower(name)`, '=', name.toLowerCase());
      if (exceptId) query = query.where('id', '!=', exceptId);
      return (await query.executeTakeFirst()) !== undefined;
    },
  };
}
