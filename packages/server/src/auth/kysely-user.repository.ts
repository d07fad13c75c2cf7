import { emailTaken, type User, type UserRepository, type UserWithSecret } from '@ocore/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from '../db/database.js';
import { iso, translateUnique } from '../db/pg-errors.js';

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    emailVerified: row.emailVerifiedAt !== null,
    createdAt: iso(row.createdAt),
  };
}

/** Users in the `users` table; emails are stored lowercased. */
export function createUserRepository(db: Kysely<Database>): UserRepository {
  return {
    async insert({ emailVerified, ...user }) {
      const row = await translateUnique(
        'users_email_key',
        () =>
          db
            .insertInto('users')
            .values({ ...user, email: user.email.toLowerCase(), emailVerifiedAt: emailVerified ? new Date() : null })
            .returningAll()
            .executeTakeFirstOrThrow(),
        emailTaken,
      );
      return toUser(row);
    },
    async findByEmail(email): Promise<UserWithSecret | undefined> {
      const row = await db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
      return row && { ...toUser(row), passwordHash: row.passwordHash };
    },
    async findById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },
    async setPassword(id, passwordHash) {
      await db.updateTable('users').set({ passwordHash, updatedAt: new Date() }).where('id', '=', id).execute();
    },
    async markEmailVerified(id, at) {
      await db
        .updateTable('users')
        .set({ emailVerifiedAt: at })
        .where('id', '=', id)
        .where('emailVerifiedAt', 'is', null)
        .execute();
    },
  };
}
