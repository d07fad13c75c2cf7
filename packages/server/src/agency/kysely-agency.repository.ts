import {
  definedFields,
  DomainError,
  type AgencyRepository,
  type Branding,
  type ClientOrg,
  type PortalConfig,
} from '@ocore/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AgencyBrandingTable, Database, PortalConfigTable } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

function toBranding(row: Selectable<AgencyBrandingTable>): Branding {
  return { ...row, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
}

function toPortalConfig(row: Selectable<PortalConfigTable>): PortalConfig {
  return {
    ...row,
    infrastructureVisibility: row.infrastructureVisibility as PortalConfig['infrastructureVisibility'],
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** The keyset cursor of the client list: the last row's creation time and id. */
function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url');
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The cursor holds the last row's created_at to the microsecond (a Date keeps milliseconds only) and id. */
function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt = '', id = ''] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (
    !uuid.test(id) ||
    !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/.test(createdAt) ||
    Number.isNaN(new Date(createdAt).getTime())
  ) {
    throw new DomainError('INVALID_INPUT', 'cursor: must be the nextCursor of a previous page', { field: 'cursor' });
  }
  return { createdAt, id };
}

/** Agencies: branding and portal configuration per agency; clients are organizations by parent. */
export function createAgencyRepository(db: Kysely<Database>): AgencyRepository {
  const clients = (agencyId: string) =>
    db
      .selectFrom('organizations as o')
      .select(['o.id', 'o.name', 'o.slug', 'o.logoUrl', 'o.createdAt'])
      .select((eb) =>
        eb
          .selectFrom('members')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('members.organizationId', '=', 'o.id')
          .as('memberCount'),
      )
      .select((eb) =>
        eb
          .selectFrom('instances')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('instances.organizationId', '=', 'o.id')
          .as('instanceCount'),
      )
      .where('o.parentOrganizationId', '=', agencyId);
  const toClient = (r: {
    id: string;
    name: string;
    slug: string;
    logoUrl: string | null;
    createdAt: Date;
    memberCount: string | null;
    instanceCount: string | null;
  }): ClientOrg => ({
    id: r.id,
    name: r.name,
    slug: r.slug,
    logoUrl: r.logoUrl,
    createdAt: iso(r.createdAt),
    memberCount: Number(r.memberCount ?? 0),
    instanceCount: Number(r.instanceCount ?? 0),
  });

  return {
    async enable(organizationId) {
      await db
        .updateTable('organizations')
        .set({ agencyEnabled: true, updatedAt: sql<Date>`now()` })
        .where('id', '=', organizationId)
        .execute();
      await db
        .insertInto('agencyBranding')
        .values({ organizationId })
        .onConflict((oc) => oc.column('organizationId').doNothing())
        .execute();
      await db
        .insertInto('portalConfig')
        .values({ organizationId })
        .onConflict((oc) => oc.column('organizationId').doNothing())
        .execute();
    },
    async counts(organizationId) {
      const row = await db
        .selectNoFrom((eb) => [
          // Kept by triggers (migration 20261124T1900), not counted on each call.
          eb.selectFrom('organizations').select('clientCount').where('id', '=', organizationId).as('clientCount'),
          eb
            .selectFrom('portalDomains')
            .select(eb.fn.countAll<string>().as('n'))
            .where('organizationId', '=', organizationId)
            .as('portalDomainCount'),
          eb
            .selectFrom('portalDomains')
            .select(eb.fn.countAll<string>().as('n'))
            .where('organizationId', '=', organizationId)
            .where('isActive', '=', true)
            .as('activePortalDomains'),
        ])
        .executeTakeFirstOrThrow();
      return {
        clientCount: Number(row.clientCount ?? 0),
        portalDomainCount: Number(row.portalDomainCount),
        activePortalDomains: Number(row.activePortalDomains),
      };
    },
    async listClients(agencyId, limit, cursor) {
      let page = clients(agencyId).select(
        sql<string>`to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursorAt'),
      );
      if (cursor) {
        const after = decodeCursor(cursor);
        // A row comparison: a range of organizations_parent_idx, where `a < x or (a = x and b < y)` only filters it.
        page = page.where(sql<boolean>`(o.created_at, o.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
      }
      const [rows, agency] = await Promise.all([
        page
          .orderBy('o.createdAt', 'desc')
          .orderBy('o.id', 'desc')
          .limit(limit + 1)
          .execute(),
        db.selectFrom('organizations').select('clientCount').where('id', '=', agencyId).executeTakeFirst(),
      ]);
      const items = rows.slice(0, limit).map(toClient);
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      return { items, total: agency?.clientCount ?? 0, nextCursor: last ? encodeCursor(last.cursorAt, last.id) : null };
    },
    async findClient(agencyId, clientId) {
      const row = await clients(agencyId).where('o.id', '=', clientId).executeTakeFirst();
      return row && toClient(row);
    },
    async findBranding(organizationId) {
      const row = await db
        .selectFrom('agencyBranding')
        .selectAll()
        .where('organizationId', '=', organizationId)
        .executeTakeFirst();
      return row && toBranding(row);
    },
    async updateBranding(organizationId, patch) {
      const row = await db
        .updateTable('agencyBranding')
        .set({ ...patch, updatedAt: sql<Date>`now()` })
        .where('organizationId', '=', organizationId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toBranding(row);
    },
    async findPortalConfig(organizationId) {
      const row = await db
        .selectFrom('portalConfig')
        .selectAll()
        .where('organizationId', '=', organizationId)
        .executeTakeFirst();
      return row && toPortalConfig(row);
    },
    async updatePortalConfig(organizationId, patch) {
      const defined = definedFields(patch);
      const row = await db
        .updateTable('portalConfig')
        .set({ ...defined, updatedAt: sql<Date>`now()` })
        .where('organizationId', '=', organizationId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPortalConfig(row);
    },
  };
}
