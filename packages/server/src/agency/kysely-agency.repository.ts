import { definedFields, type AgencyRepository, type Branding, type ClientOrg, type PortalConfig } from '@ocore/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AgencyBrandingTable, Database, PortalConfigTable } from '../db/database.js';
import { iso } from '../db/pg-errors.js';
import { keysetPage, matchesAny } from '../db/keyset.js';

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
    async listClients(agencyId, query) {
      let base = clients(agencyId);
      if (query.search) base = base.where(matchesAny(query.search, [sql.ref('o.name'), sql.ref('o.slug')]));
      const sort = {
        // A row comparison on (created_at, id): a range of organizations_parent_idx.
        createdAt: { expr: sql.ref('o.createdAt'), kind: 'time' },
        name: { expr: sql.ref('o.name'), kind: 'text' },
      } as const;
      const [page, agency] = await Promise.all([
        // Without a search the total is the count triggers keep, not a count of the rows.
        keysetPage(base, { query, sort: sort[query.sort], id: sql.ref('o.id'), count: Boolean(query.search) }),
        db.selectFrom('organizations').select('clientCount').where('id', '=', agencyId).executeTakeFirst(),
      ]);
      const total = query.search ? page.total : (agency?.clientCount ?? 0);
      return { items: page.rows.map(toClient), total, nextCursor: page.nextCursor };
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
