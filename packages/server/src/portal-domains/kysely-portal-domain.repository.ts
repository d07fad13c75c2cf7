import { DomainError, verificationRecordName, type PortalDomain, type PortalDomainRepository } from '@ocore/core';
import type { Kysely, Selectable } from 'kysely';
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
    sslStatus: row.sslStatus,
    isActive: row.isActive,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    verificationRecord: row.customDomain
      ? { type: 'TXT', name: verificationRecordName(row.customDomain), value: row.dnsVerificationToken }
      : null,
  };
}

/** Portal domains; subdomains and custom domains are unique across all agencies. */
export function createPortalDomainRepository(db: Kysely<Database>): PortalDomainRepository {
  const find = (column: 'subdomain' | 'customDomain', value: string) =>
    db.selectFrom('portalDomains').selectAll().where(column, '=', value).executeTakeFirst();
  return {
    async insert(d) {
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
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toPortalDomain(row);
      } catch (error) {
        for (const [constraint, field] of [['portal_domains_subdomain_key', 'subdomain'], ['portal_domains_custom_domain_key', 'customDomain']] as const) {
          if (isUniqueViolation(error, constraint)) {
            throw new DomainError('DOMAIN_TAKEN', `${field}: ${d[field]} is already taken by another portal`, { field });
          }
        }
        throw error;
      }
    },
    async list(agencyId) {
      const rows = await db.selectFrom('portalDomains').selectAll().where('organizationId', '=', agencyId).orderBy('createdAt').orderBy('id').execute();
      return rows.map(toPortalDomain);
    },
    async find(agencyId, id) {
      const row = await db.selectFrom('portalDomains').selectAll().where('organizationId', '=', agencyId).where('id', '=', id).executeTakeFirst();
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
    async findActiveFor(agencyId, clientOrgId) {
      let q = db.selectFrom('portalDomains').selectAll().where('organizationId', '=', agencyId).where('isActive', '=', true);
      q = clientOrgId ? q.where('clientOrganizationId', '=', clientOrgId) : q.where('clientOrganizationId', 'is', null);
      const row = await q.orderBy('createdAt').limit(1).executeTakeFirst();
      return row && toPortalDomain(row);
    },
  };
}
