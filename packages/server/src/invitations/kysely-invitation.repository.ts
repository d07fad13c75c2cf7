import type { InvitationRecord, InvitationRepository } from '@ocore/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

const columns = [
  'invitations.id',
  'invitations.organizationId',
  'invitations.email',
  'invitations.roleId',
  'roles.name as roleName',
  'invitations.invitedByUserId',
  'invitations.createdAt',
  'invitations.expiresAt',
  'invitations.acceptedAt',
  'invitations.revokedAt',
] as const;

interface Row {
  id: string;
  organizationId: string;
  email: string;
  roleId: string;
  roleName: string;
  invitedByUserId: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

function toInvitation(row: Row): InvitationRecord {
  return {
    ...row,
    createdAt: iso(row.createdAt),
    expiresAt: iso(row.expiresAt),
    acceptedAt: row.acceptedAt && iso(row.acceptedAt),
    revokedAt: row.revokedAt && iso(row.revokedAt),
  };
}

/** Invitations with their role's name; the token only as its hash. */
export function createInvitationRepository(db: Kysely<Database>): InvitationRepository {
  const select = () =>
    db
      .selectFrom('invitations')
      .innerJoin('roles', 'roles.id', 'invitations.roleId')
      .select([...columns]);
  const byId = async (id: string) =>
    toInvitation(await select().where('invitations.id', '=', id).executeTakeFirstOrThrow());
  return {
    async insert(invitation) {
      const { id } = await db.insertInto('invitations').values(invitation).returning('id').executeTakeFirstOrThrow();
      return byId(id);
    },
    async listOpen(organizationId) {
      const rows = await select()
        .where('invitations.organizationId', '=', organizationId)
        .where('invitations.acceptedAt', 'is', null)
        .where('invitations.revokedAt', 'is', null)
        .orderBy('invitations.createdAt', 'desc')
        .execute();
      return rows.map(toInvitation);
    },
    async find(organizationId, id) {
      const row = await select()
        .where('invitations.organizationId', '=', organizationId)
        .where('invitations.id', '=', id)
        .executeTakeFirst();
      return row && toInvitation(row);
    },
    async findByTokenHash(tokenHash) {
      const row = await select().where('invitations.tokenHash', '=', tokenHash).executeTakeFirst();
      return row && toInvitation(row);
    },
    async revokeOpenFor(organizationId, email, now) {
      await db
        .updateTable('invitations')
        .set({ revokedAt: now })
        .where('organizationId', '=', organizationId)
        .where('email', '=', email)
        .where('acceptedAt', 'is', null)
        .where('revokedAt', 'is', null)
        .execute();
    },
    async renew(id, tokenHash, expiresAt) {
      await db.updateTable('invitations').set({ tokenHash, expiresAt }).where('id', '=', id).execute();
      return byId(id);
    },
    async revoke(id, now) {
      await db.updateTable('invitations').set({ revokedAt: now }).where('id', '=', id).execute();
    },
    async accept(id, userId, now) {
      const result = await db
        .updateTable('invitations')
        .set({ acceptedAt: now, acceptedUserId: userId })
        .where('id', '=', id)
        .where('acceptedAt', 'is', null)
        .where('revokedAt', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
