import type { ChallengeRepository, PasskeyRepository, StoredPasskey } from '@ocore/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, PasskeysTable } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

function toPasskey(row: Selectable<PasskeysTable>): StoredPasskey {
  return {
    id: row.id,
    userId: row.userId,
    credentialId: row.credentialId,
    publicKey: row.publicKey,
    counter: Number(row.counter),
    transports: row.transports,
    name: row.name,
    createdAt: iso(row.createdAt),
    lastUsedAt: row.lastUsedAt && iso(row.lastUsedAt),
  };
}

/** Users' passkeys. */
export function createPasskeyRepository(db: Kysely<Database>): PasskeyRepository {
  return {
    async insert(p) {
      const row = await db
        .insertInto('passkeys')
        .values({
          userId: p.userId,
          credentialId: p.credentialId,
          publicKey: p.publicKey,
          counter: p.counter,
          transports: JSON.stringify(p.transports),
          name: p.name,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPasskey(row);
    },
    async listForUser(userId) {
      return (
        await db
          .selectFrom('passkeys')
          .selectAll()
          .where('userId', '=', userId)
          .orderBy('createdAt')
          .orderBy('id')
          .execute()
      ).map(toPasskey);
    },
    async findByCredentialId(credentialId) {
      const row = await db
        .selectFrom('passkeys')
        .selectAll()
        .where('credentialId', '=', credentialId)
        .executeTakeFirst();
      return row && toPasskey(row);
    },
    async markUsed(id, counter, at) {
      await db.updateTable('passkeys').set({ counter, lastUsedAt: at }).where('id', '=', id).execute();
    },
    async delete(userId, id) {
      const result = await db
        .deleteFrom('passkeys')
        .where('userId', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

/** One-time challenges: consumed by a DELETE … RETURNING, so two answers cannot both use one. */
export function createChallengeRepository(db: Kysely<Database>): ChallengeRepository {
  return {
    async create(c) {
      // Expired challenges are swept as new ones are made.
      await db
        .deleteFrom('webauthnChallenges')
        .where('expiresAt', '<', sql<Date>`now() - interval '1 hour'`)
        .execute();
      const row = await db.insertInto('webauthnChallenges').values(c).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
    async consume(id, purpose, now, userId) {
      const row = await db
        .deleteFrom('webauthnChallenges')
        .where('id', '=', id)
        .where('purpose', '=', purpose)
        .where((eb) => (userId === null ? eb('userId', 'is', null) : eb('userId', '=', userId)))
        .returning(['userId', 'challenge', 'expiresAt'])
        .executeTakeFirst();
      return row && row.expiresAt > now ? { userId: row.userId, challenge: row.challenge } : undefined;
    },
  };
}
