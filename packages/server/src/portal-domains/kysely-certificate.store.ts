import type { CertificateStore } from '@ocore/core';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/** Certificates of portal domains, with their keys sealed. */
export function createCertificateStore(db: Kysely<Database>): CertificateStore {
  return {
    async save(domainId, cert) {
      await db
        .insertInto('portalDomainCertificates')
        .values({
          portalDomainId: domainId,
          certPem: cert.certPem,
          keySealed: cert.keySealed,
          expiresAt: new Date(cert.expiresAt),
        })
        .onConflict((oc) =>
          oc.column('portalDomainId').doUpdateSet({
            certPem: cert.certPem,
            keySealed: cert.keySealed,
            expiresAt: new Date(cert.expiresAt),
            issuedAt: sql<Date>`now()`,
          }),
        )
        .execute();
    },
    async findForHost(host) {
      return db
        .selectFrom('portalDomainCertificates as c')
        .innerJoin('portalDomains as d', 'd.id', 'c.portalDomainId')
        .select(['c.certPem', 'c.keySealed'])
        .where('d.customDomain', '=', host.toLowerCase())
        .where('d.isActive', '=', true)
        .where('d.dnsVerified', '=', true)
        .executeTakeFirst();
    },
  };
}
