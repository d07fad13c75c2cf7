import type { ApiKeyRecord, ApiKeyRepository } from '@ocore/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

/** A use is written at most once a minute per key, so that a busy script does not write on every call. */
const markUsedEveryMs = 60_000;

interface Row {
  id: string;
  organizationId: string;
  name: string;
  roleId: string;
  roleName: string;
  rolePermissions: string[];
  prefix: string;
  createdByUserId: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

function toApiKey(row: Row): ApiKeyRecord {
  return { ...row, createdAt: iso(row.createdAt), lastUsedAt: row.lastUsedAt && iso(row.lastUsedAt) };
}

/** API keys with their role; the key only as its hash. */
export function createApiKeyRepository(db: Kysely<Database>): ApiKeyRepository {
  const select = () =>
    db
      .selectFrom('apiKeys')
      .innerJoin('roles', 'roles.id', 'apiKeys.roleId')
      .select([
        'apiKeys.id',
        'apiKeys.organizationId',
        'apiKeys.name',
        'apiKeys.roleId',
        'roles.name as roleName',
        'roles.permissions as rolePermissions',
        'apiKeys.prefix',
        'apiKeys.createdByUserId',
        'apiKeys.createdAt',
        'apiKeys.lastUsedAt',
      ]);
  return {
    async insert(key) {
      const { id } = await db.insertInto('apiKeys').values(key).returning('id').executeTakeFirstOrThrow();
      return toApiKey(await select().where('apiKeys.id', '=', id).executeTakeFirstOrThrow());
    },
    async list(organizationId) {
      const rows = await select()
        .where('apiKeys.organizationId', '=', organizationId)
        .orderBy('apiKeys.createdAt')
        .execute();
      return rows.map(toApiKey);
    },
    async find(organizationId, id) {
      const row = await select()
        .where('apiKeys.organizationId', '=', organizationId)
        .where('apiKeys.id', '=', id)
        .executeTakeFirst();
      return row && toApiKey(row);
    },
    async findByHash(keyHash) {
      const row = await select().where('apiKeys.keyHash', '=', keyHash).executeTakeFirst();
      return row && toApiKey(row);
    },
    async markUsed(id, now) {
      await db
        .updateTable('apiKeys')
        .set({ lastUsedAt: now })
        .where('id', '=', id)
        .where((eb) =>
          eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', new Date(now.getTime() - markUsedEveryMs))]),
        )
        .execute();
    },
    async delete(organizationId, id) {
      const result = await db
        .deleteFrom('apiKeys')
        .where('organizationId', '=', organizationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
