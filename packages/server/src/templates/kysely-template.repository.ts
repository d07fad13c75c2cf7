import { keysetPage, matchesAny } from '../db/keyset.js';
import type { OdooEdition, TemplateRecord, TemplateRepository } from '@ocore/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, TemplatesTable } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

function toRecord(row: Selectable<TemplatesTable>): TemplateRecord {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    description: row.description,
    odooVersion: row.odooVersion,
    odooEdition: row.odooEdition as OdooEdition,
    defaultWorkers: row.defaultWorkers,
    defaultEnvVars: Object.fromEntries(row.defaultEnvVars),
    moduleList: row.moduleList,
    cpuLimit: row.cpuLimit === null ? null : Number(row.cpuLimit),
    memoryLimitMb: row.memoryLimitMb,
    isPublic: row.isPublic,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** Variables stored as [name, value] pairs (see the migration). */
function envPairs(vars: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(vars));
}

/** Templates: an organization's own, and the public ones its agency shares. */
export function createTemplateRepository(db: Kysely<Database>): TemplateRepository {
  const visible = (organizationId: string, agencyOrganizationId: string | null) =>
    db
      .selectFrom('templates')
      .selectAll()
      .where((eb) =>
        agencyOrganizationId === null
          ? eb('organizationId', '=', organizationId)
          : eb.or([
              eb('organizationId', '=', organizationId),
              eb.and([eb('organizationId', '=', agencyOrganizationId), eb('isPublic', '=', true)]),
            ]),
      );
  return {
    async insert(t) {
      const row = await db
        .insertInto('templates')
        .values({ ...t, defaultEnvVars: envPairs(t.defaultEnvVars), moduleList: [...t.moduleList] })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async listVisible(organizationId, agencyOrganizationId) {
      const rows = await visible(organizationId, agencyOrganizationId).orderBy('createdAt').orderBy('id').execute();
      return rows.map(toRecord);
    },
    async pageVisible(organizationId, agencyOrganizationId, query, filter) {
      let base = visible(organizationId, agencyOrganizationId);
      if (filter.odooEdition) base = base.where('odooEdition', '=', filter.odooEdition);
      if (query.search) base = base.where(matchesAny(query.search, [sql.ref('name'), sql.ref('description')]));
      const sort = {
        name: { expr: sql.ref('name'), kind: 'text' },
        createdAt: { expr: sql.ref('createdAt'), kind: 'time' },
        odooVersion: { expr: sql.ref('odooVersion'), kind: 'text' },
      } as const;
      const { rows, ...page } = await keysetPage(base, { query, sort: sort[query.sort], id: sql.ref('id') });
      return { ...page, items: rows.map(toRecord) };
    },
    async findVisible(organizationId, agencyOrganizationId, id) {
      const row = await visible(organizationId, agencyOrganizationId).where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    async update(id, patch) {
      const { defaultEnvVars, moduleList, ...plain } = patch;
      const row = await db
        .updateTable('templates')
        .set({
          ...plain,
          ...(defaultEnvVars ? { defaultEnvVars: envPairs(defaultEnvVars) } : {}),
          ...(moduleList ? { moduleList: [...moduleList] } : {}),
          updatedAt: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async delete(id) {
      await db.deleteFrom('templates').where('id', '=', id).execute();
    },
  };
}
