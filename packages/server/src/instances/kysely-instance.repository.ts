import type { InstanceRecord, InstanceRepository, InstanceStatus, OdooEdition, SslStatus, Stage } from '@ocore/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import { keysetPage, matchesAny } from '../db/keyset.js';
import type { Database, InstancesTable } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

type Row = Omit<Selectable<InstancesTable>, 'secretsSealed'> & {
  serverName: string;
  certStatus: string | null;
  certError: string | null;
  certExpiresAt: Date | null;
};

function toInstance(row: Row): InstanceRecord {
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
    hostnameCertificate: row.certStatus
      ? {
          status: row.certStatus as SslStatus,
          error: row.certError,
          expiresAt: row.certExpiresAt && iso(row.certExpiresAt),
        }
      : null,
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
      .leftJoin('hostnameCertificates as c', 'c.instanceId', 'i.id')
      .select(columns)
      .select(['s.name as serverName', 'c.sslStatus as certStatus', 'c.sslError as certError'])
      .select('c.certificateExpiresAt as certExpiresAt');
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
    async page(organizationId, query, filter) {
      let base = withServer().where('i.organizationId', '=', organizationId);
      if (filter.status) base = base.where('i.status', '=', filter.status);
      if (filter.serverId) base = base.where('i.serverId', '=', filter.serverId);
      if (query.search) base = base.where(matchesAny(query.search, [sql.ref('i.name'), sql.ref('s.name')]));
      const sort = {
        name: { expr: sql.ref('i.name'), kind: 'text' },
        createdAt: { expr: sql.ref('i.createdAt'), kind: 'time' },
        status: { expr: sql.ref('i.status'), kind: 'text' },
      } as const;
      const { rows, ...page } = await keysetPage(base, { query, sort: sort[query.sort], id: sql.ref('i.id') });
      return { ...page, items: rows.map(toInstance) };
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
    async reservedMemoryOnServer(serverId) {
      const row = await db
        .selectFrom('instances')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<string | number | null>('memoryLimitMb'), eb.lit(0)).as('mb'))
        .where('serverId', '=', serverId)
        .executeTakeFirstOrThrow();
      return Number(row.mb);
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
