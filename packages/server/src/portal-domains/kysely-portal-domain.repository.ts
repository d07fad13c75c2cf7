import {
  domainClaimed,
  domainTaken,
  claimExpiresAt,
  unverifiedClaimDays,
  verificationRecordName,
  type PortalDomain,
  type PortalDomainRepository,
  type VerificationStatus,
  type SslStatus,
  type Diagnostics,
} from '@ocore/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, PortalDomainsTable } from '../db/database.js';
import { isUniqueViolation, iso } from '../db/pg-errors.js';

export function toPortalDomain(row: Selectable<PortalDomainsTable>): PortalDomain {
  return {
    id: row.id,
    organizationId: row.organizationId,
    clientOrgId: row.clientOrganizationId,
    subdomain: row.subdomain,
    customDomain: row.customDomain,
    dnsVerificationToken: row.dnsVerificationToken,
    dnsVerified: row.dnsVerified,
    dnsVerifiedAt: row.dnsVerifiedAt ? iso(row.dnsVerifiedAt) : null,
    sslStatus: row.sslStatus as SslStatus,
    isActive: row.isActive,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    verificationRecord: row.customDomain
      ? { type: 'TXT', name: verificationRecordName(row.customDomain), value: row.dnsVerificationToken }
      : null,
    status: row.status as VerificationStatus,
    lastCheckedAt: row.lastCheckedAt ? iso(row.lastCheckedAt) : null,
    nextCheckAt: row.nextCheckAt ? iso(row.nextCheckAt) : null,
    lastError: row.lastError,
    diagnostics: row.diagnostics as Diagnostics | null,
    sslError: row.sslError,
    sslRetryAt: row.sslRetryAt ? iso(row.sslRetryAt) : null,
    certificateExpiresAt: row.certificateExpiresAt ? iso(row.certificateExpiresAt) : null,
  };
}

/**
 * Frees a custom domain another agency claimed more than `unverifiedClaimDays` ago and never
 * verified, so a claim cannot block the domain's real owner forever.
 */
async function releaseExpiredClaim(db: Kysely<Database>, customDomain: string, organizationId: string) {
  await db
    .deleteFrom('portalDomains')
    .where('customDomain', '=', customDomain)
    .where('organizationId', '!=', organizationId)
    .where('dnsVerifiedAt', 'is', null)
    .where('createdAt', '<', sql<Date>`now() - make_interval(days => ${unverifiedClaimDays})`)
    .execute();
}

/** Portal domains; subdomains and custom domains are unique across all agencies. */
export function createPortalDomainRepository(db: Kysely<Database>): PortalDomainRepository {
  const find = (column: 'subdomain' | 'customDomain', value: string) =>
    db.selectFrom('portalDomains').selectAll().where(column, '=', value).executeTakeFirst();
  return {
    async insert(d) {
      if (d.customDomain) await releaseExpiredClaim(db, d.customDomain, d.organizationId);
      // Read before inserting: after a unique violation the transaction accepts no more queries.
      const holder = d.customDomain ? await find('customDomain', d.customDomain) : undefined;
      try {
        const row = await db
          .insertInto('portalDomains')
          .values({
            organizationId: d.organizationId,
            clientOrganizationId: d.clientOrgId,
            subdomain: d.subdomain,
            customDomain: d.customDomain,
            dnsVerificationToken: d.dnsVerificationToken,
            dnsVerified: d.dnsVerified,
            dnsVerifiedAt: d.dnsVerified ? new Date() : null,
            isActive: d.isActive,
            status: d.dnsVerified ? 'verified' : 'pending',
            nextCheckAt: d.customDomain ? new Date() : null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toPortalDomain(row);
      } catch (error) {
        for (const [constraint, field] of [
          ['portal_domains_subdomain_key', 'subdomain'],
          ['portal_domains_custom_domain_key', 'customDomain'],
        ] as const) {
          if (isUniqueViolation(error, constraint)) {
            const until =
              field === 'customDomain' && holder && !holder.dnsVerifiedAt
                ? claimExpiresAt(iso(holder.createdAt))
                : undefined;
            if (!until) throw domainTaken(field, d[field] ?? '');
            throw domainClaimed(field, d[field] ?? '', until);
          }
        }
        throw error;
      }
    },
    async list(agencyId) {
      const rows = await db
        .selectFrom('portalDomains')
        .selectAll()
        .where('organizationId', '=', agencyId)
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map(toPortalDomain);
    },
    async find(agencyId, id) {
      const row = await db
        .selectFrom('portalDomains')
        .selectAll()
        .where('organizationId', '=', agencyId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toPortalDomain(row);
    },
    async delete(id) {
      await db.deleteFrom('portalDomains').where('id', '=', id).execute();
    },
    async findBySubdomain(subdomain) {
      const row = await find('subdomain', subdomain);
      return row && toPortalDomain(row);
    },
    async findByCustomDomain(customDomain) {
      const row = await find('customDomain', customDomain);
      return row && toPortalDomain(row);
    },
    async findById(id) {
      const row = await db.selectFrom('portalDomains').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toPortalDomain(row);
    },
    async checkState(id) {
      const row = await db
        .selectFrom('portalDomains')
        .select(['status', 'dnsVerified', 'isActive', 'checkFailures', 'failingSince'])
        .where('id', '=', id)
        .executeTakeFirst();
      return (
        row && {
          ...row,
          status: row.status as VerificationStatus,
          failingSince: row.failingSince ? iso(row.failingSince) : null,
        }
      );
    },
    async claim(id, now, until) {
      const result = await db
        .updateTable('portalDomains')
        .set({ checkLeaseUntil: until })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('checkLeaseUntil', 'is', null), eb('checkLeaseUntil', '<=', now)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async release(id) {
      await db.updateTable('portalDomains').set({ checkLeaseUntil: null }).where('id', '=', id).execute();
    },
    async claimDue(now, until, limit) {
      // The claimed rows come back whole: the check needs no further read.
      const rows = await db
        .updateTable('portalDomains')
        .set({ checkLeaseUntil: until })
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('portalDomains')
            .select('id')
            .where('customDomain', 'is not', null)
            .where('nextCheckAt', '<=', now)
            .where((w) => w.or([w('checkLeaseUntil', 'is', null), w('checkLeaseUntil', '<=', now)]))
            .orderBy('nextCheckAt')
            .limit(limit)
            .forUpdate()
            .skipLocked(),
        )
        .returningAll()
        .execute();
      return rows.map((row) => ({
        domain: toPortalDomain(row),
        state: {
          status: row.status as VerificationStatus,
          dnsVerified: row.dnsVerified,
          isActive: row.isActive,
          checkFailures: row.checkFailures,
          failingSince: row.failingSince ? iso(row.failingSince) : null,
        },
      }));
    },
    async saveCheck(id, outcome, diagnostics) {
      const row = await db
        .updateTable('portalDomains')
        .set({
          status: outcome.status,
          dnsVerified: outcome.dnsVerified,
          isActive: outcome.isActive,
          checkFailures: outcome.checkFailures,
          failingSince: outcome.failingSince ? new Date(outcome.failingSince) : null,
          lastCheckedAt: new Date(outcome.lastCheckedAt),
          nextCheckAt: new Date(outcome.nextCheckAt),
          lastError: outcome.lastError,
          diagnostics: JSON.stringify(diagnostics),
          checkLeaseUntil: null,
          updatedAt: sql<Date>`now()`,
          ...(outcome.dnsVerifiedAt ? { dnsVerifiedAt: new Date(outcome.dnsVerifiedAt) } : {}),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPortalDomain(row);
    },
    async setSsl(id, ssl) {
      const row = await db
        .updateTable('portalDomains')
        .set({
          sslStatus: ssl.sslStatus,
          sslError: ssl.sslError,
          updatedAt: sql<Date>`now()`,
          ...(ssl.sslStatus === 'failed' && ssl.retryAt
            ? { sslFailures: sql<number>`ssl_failures + 1`, sslRetryAt: new Date(ssl.retryAt) }
            : {}),
          ...(ssl.sslStatus === 'active' ? { sslFailures: 0, sslRetryAt: null } : {}),
          ...(ssl.certificateExpiresAt !== undefined
            ? { certificateExpiresAt: ssl.certificateExpiresAt ? new Date(ssl.certificateExpiresAt) : null }
            : {}),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPortalDomain(row);
    },
    async sslFailures(id) {
      const row = await db.selectFrom('portalDomains').select('sslFailures').where('id', '=', id).executeTakeFirst();
      return row?.sslFailures ?? 0;
    },
    async needingCertificates(now, renewBefore, limit) {
      const rows = await db
        .selectFrom('portalDomains')
        .select('id')
        .where('customDomain', 'is not', null)
        .where('dnsVerified', '=', true)
        .where('isActive', '=', true)
        .where((eb) =>
          eb.or([
            eb('sslStatus', '=', 'none'),
            eb.and([
              eb('sslStatus', '=', 'failed'),
              eb.or([eb('sslRetryAt', 'is', null), eb('sslRetryAt', '<=', now)]),
            ]),
            eb.and([eb('sslStatus', '=', 'active'), eb('certificateExpiresAt', '<', renewBefore)]),
          ]),
        )
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },
    async findActiveFor(agencyId, clientOrgId) {
      let q = db
        .selectFrom('portalDomains')
        .selectAll()
        .where('organizationId', '=', agencyId)
        .where('isActive', '=', true);
      q = clientOrgId ? q.where('clientOrganizationId', '=', clientOrgId) : q.where('clientOrganizationId', 'is', null);
      const row = await q.orderBy('createdAt').limit(1).executeTakeFirst();
      return row && toPortalDomain(row);
    },
  };
}
