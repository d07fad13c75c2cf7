import type { PasswordResetRepository, SessionRecord, SessionRepository } from '@ocore/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionsTable } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

function toSession(row: Selectable<SessionsTable>): SessionRecord {
  return {
    id: row.id,
    userId: row.userId,
    ip: row.ip,
    passkey: row.passkey,
    createdAt: iso(row.createdAt),
    lastUsedAt: iso(row.lastUsedAt),
    expiresAt: iso(row.expiresAt),
  };
}

/** Sign-in sessions; a session is active until it ends or expires. */
export function createSessionRepository(db: Kysely<Database>): SessionRepository {
  const active = (now: Date) =>
    db.selectFrom('sessions').selectAll().where('endedAt', 'is', null).where('expiresAt', '>', now);
  return {
    async insert(session) {
      return toSession(await db.insertInto('sessions').values(session).returningAll().executeTakeFirstOrThrow());
    },
    async findActive(id, now) {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.userId')
        .selectAll('sessions')
        .select(['users.email', 'users.name', 'users.emailVerifiedAt', 'users.createdAt as userCreatedAt'])
        .where('sessions.id', '=', id)
        .where('sessions.endedAt', 'is', null)
        .where('sessions.expiresAt', '>', now)
        .executeTakeFirst();
      if (!row) return undefined;
      const { email, name, emailVerifiedAt, userCreatedAt, ...session } = row;
      return {
        ...toSession(session),
        user: { id: row.userId, email, name, emailVerified: emailVerifiedAt !== null, createdAt: iso(userCreatedAt) },
      };
    },
    async extend(id, now, expiresAt) {
      await db.updateTable('sessions').set({ lastUsedAt: now, expiresAt }).where('id', '=', id).execute();
    },
    async listActive(userId, now) {
      const rows = await active(now).where('userId', '=', userId).orderBy('createdAt', 'desc').execute();
      return rows.map(toSession);
    },
    async end(userId, id, now) {
      const result = await db
        .updateTable('sessions')
        .set({ endedAt: now })
        .where('id', '=', id)
        .where('userId', '=', userId)
        .where('endedAt', 'is', null)
        .where('expiresAt', '>', now)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async endAllBut(userId, keepId, now) {
      let query = db
        .updateTable('sessions')
        .set({ endedAt: now })
        .where('userId', '=', userId)
        .where('endedAt', 'is', null)
        .where('expiresAt', '>', now);
      if (keepId) query = query.where('id', '!=', keepId);
      return Number((await query.executeTakeFirst()).numUpdatedRows);
    },
  };
}

/** One-time mailed links (password reset, or email verification), by the hash of their token. */
export function createPasswordResetRepository(
  db: Kysely<Database>,
  table: 'passwordResets' | 'emailVerifications' = 'passwordResets',
): PasswordResetRepository {
  return {
    async insert(reset) {
      await db.insertInto(table).values(reset).execute();
    },
    async consume(tokenHash, now) {
      // One statement, so that two requests with the same link cannot both use it.
      const row = await db
        .updateTable(table)
        .set({ usedAt: now })
        .where('tokenHash', '=', tokenHash)
        .where('usedAt', 'is', null)
        .where('expiresAt', '>', now)
        .returning('userId')
        .executeTakeFirst();
      return row?.userId;
    },
  };
}
