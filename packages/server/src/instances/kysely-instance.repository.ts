import type { Instance, InstanceRepository, InstanceStatus, OdooEdition } from '@ocore/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database, InstancesTable } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

function toInstance(row: Selectable<InstancesTable> & { serverName: string }): Instance {
  return {
    id: row.id,
    organizationId: row.organizationId,
    templateId: row.templateId,
    name: row.name,
    serverId: row.serverId,
    serverName: row.serverName,
    odooVersion: row.odooVersion,
    odooEdition: row.odooEdition as OdooEdition,
    workers: row.workers,
    envVars: Object.fromEntries(row.envVars),
    moduleList: row.moduleList,
    status: row.status as InstanceStatus,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** Instances, read with their server's name. */
export function createInstanceRepository(db: Kysely<Database>): InstanceRepository {
  const withServer = () =>
    db
      .selectFrom('instances as i')
      .innerJoin('servers as s', 's.id', 'i.serverId')
      .selectAll('i')
      .select('s.name as serverName');
  return {
    async insert(i) {
      const { id } = await db
        .insertInto('instances')
        .values({ ...i, envVars: JSON.stringify(Object.entries(i.envVars)), moduleList: [...i.moduleList] })
        .returning('id')
        .executeTakeFirstOrThrow();
      return toInstance(await withServer().where('i.id', '=', id).executeTakeFirstOrThrow());
    },
    async list(organizationId) {
      const rows = await withServer()
        .where('i.organizationId', '=', organizationId)
        .orderBy('i.createdAt')
        .orderBy('i.id')
        .execute();
      return rows.map(toInstance);
    },
    async find(organizationId, id) {
      const row = await withServer()
        .where('i.organizationId', '=', organizationId)
        .where('i.id', '=', id)
        .executeTakeFirst();
      return row && toInstance(row);
    },
    async delete(id) {
      await db.deleteFrom('instances').where('id', '=', id).execute();
    },
    async countOnServerForUpdate(serverId) {
      await db.selectFrom('servers').select('id').where('id', '=', serverId).forUpdate().execute();
      const row = await db
        .selectFrom('instances')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('serverId', '=', serverId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
