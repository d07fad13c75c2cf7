import type { TerminalTicketStore } from '@ocore/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/** Terminal tickets in PostgreSQL: every process of the control plane redeems the same ones. */
export function createTerminalTicketStore(db: Kysely<Database>): TerminalTicketStore {
  return {
    async insert(ticket) {
      // Used and expired tickets go as new ones come: the table stays a handful of rows.
      await db
        .deleteFrom('terminalTickets')
        .where((eb) => eb.or([eb('usedAt', 'is not', null), eb('expiresAt', '<', new Date())]))
        .execute();
      await db.insertInto('terminalTickets').values(ticket).execute();
    },
    async redeem(hash, now) {
      // One statement, so that two sockets with the same ticket cannot both use it.
      const row = await db
        .updateTable('terminalTickets')
        .set({ usedAt: now })
        .where('hash', '=', hash)
        .where('usedAt', 'is', null)
        .where('expiresAt', '>', now)
        .returning(['organizationId', 'userId', 'instanceId', 'kind', 'columns', 'rows'])
        .executeTakeFirst();
      return row;
    },
  };
}
