import type { InstanceRecord, InstanceRepository, InstanceStatus, OdooEdition, Stage } from '@ocore/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database, InstancesTable } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

function toInstance(row: Omit<Selectable<InstancesTable>, 'secretsSealed'> & { serverName: string }): InstanceRecord {
  return {
    id: row.id,
    organizationId: row.organizationId,
    templateId: row.templateId,
    projectId: row.projectId,
    stage: row.stage as Stage,
    name: row.name,
    slug: row.slug,
    serverId: row.serverId,
    serverName: row.serverName,
    odooVersion: row.odooVersion,
    odooEdition: row.odooEdition as OdooEdition,
    workers: row.workers,
    envVars: Object.fromEntries(row.envVars),
    moduleList: row.moduleList,
    cpuLimit: row.cpuLimit === null ? null : Number(row.cpuLimit),
    memoryLimitMb: row.memoryLimitMb,
    status: row.status as InstanceStatus,
    failedStep: row.failedStep,
    failureReason: row.failureReason,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

const columns = [
  'i.id',
  'i.organizationId',
  'i.templateId',
  'i.projectId',
  'i.stage',
  'i.name',
  'i.slug',
  'i.serverId',
  'i.odooVersion',
  'i.odooEdition',
  'i.workers',
  'i.envVars',
  'i.moduleList',
  'i.cpuLimit',
  'i.memoryLimitMb',
  'i.status',
  'i.failedStep',
  'i.failureReason',
  'i.createdAt',
  'i.updatedAt',
] as const;

/** Instances, read with their server's name (the server may be the organization's agency's). */
export function createInstanceRepository(db: Kysely<Database>): InstanceRepository {
  const withServer = () =>
    db
      .selectFrom('instances as i')
      .innerJoin('servers as s', 's.id', 'i.serverId')
      .select(columns)
      .select('s.name as serverName');
  const byId = async (id: string) => toInstance(await withServer().where('i.id', '=', id).executeTakeFirstOrThrow());
  return {
    async insert(i) {
      const { id } = await db
        .insertInto('instances')
        .values({ ...i, envVars: JSON.stringify(Object.entries(i.envVars)), moduleList: [...i.moduleList] })
        .returning('id')
        .executeTakeFirstOrThrow();
      return byId(id);
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
    async findById(id) {
      const row = await withServer().where('i.id', '=', id).executeTakeFirst();
      return row && toInstance(row);
    },
    async listOnServer(serverId) {
      const rows = await withServer().where('i.serverId', '=', serverId).orderBy('i.createdAt').execute();
      return rows.map(toInstance);
    },
    async listByStatus(statuses) {
      if (statuses.length === 0) return [];
      const rows = await withServer()
        .where('i.status', 'in', [...statuses])
        .orderBy('i.serverId')
        .orderBy('i.createdAt')
        .execute();
      return rows.map(toInstance);
    },
    async update(id, patch) {
      const { envVars, moduleList, ...rest } = patch;
      await db
        .updateTable('instances')
        .set({
          ...rest,
          ...(envVars ? { envVars: JSON.stringify(Object.entries(envVars)) } : {}),
          ...(moduleList ? { moduleList: [...moduleList] } : {}),
          updatedAt: new Date(),
        })
        .where('id', '=', id)
        .execute();
      return byId(id);
    },
    async delete(id) {
      await db.deleteFrom('instances').where('id', '=', id).execute();
    },
    async slugTaken(slug) {
      const row = await db.selectFrom('instances').select('id').where('slug', '=', slug).executeTakeFirst();
      return row !== undefined;
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
    async findSealedSecrets(id) {
      const row = await db.selectFrom('instances').select('secretsSealed').where('id', '=', id).executeTakeFirst();
      return row?.secretsSealed ?? undefined;
    },
    async saveSealedSecrets(id, sealed) {
      await db.updateTable('instances').set({ secretsSealed: sealed }).where('id', '=', id).execute();
    },
    async findSharedDbSecret(serverId) {
      const row = await db
        .selectFrom('serverDatabases')
        .select('passwordSealed')
        .where('serverId', '=', serverId)
        .executeTakeFirst();
      return row?.passwordSealed;
    },
    async saveSharedDbSecret(serverId, sealed) {
      await db
        .insertInto('serverDatabases')
        .values({ serverId, passwordSealed: sealed })
        .onConflict((oc) => oc.column('serverId').doUpdateSet({ passwordSealed: sealed }))
        .execute();
    },
  };
}
