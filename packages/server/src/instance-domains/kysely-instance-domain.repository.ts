import {
  instanceDomainTaken,
  type Diagnostics,
  type InstanceDomainRecord,
  type InstanceDomainRepository,
  type SslStatus,
  type VerificationStatus,
} from '@ocore/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, InstanceDomainsTable } from '../db/database.js';
import { iso, translateUnique } from '../db/pg-errors.js';

const when = (d: Date | null) => (d ? iso(d) : null);

function toRecord(row: Selectable<InstanceDomainsTable>): InstanceDomainRecord {
  return {
    id: row.id,
    organizationId: row.organizationId,
    instanceId: row.instanceId,
    domain: row.domain,
    dnsVerificationToken: row.dnsVerificationToken,
    dnsVerified: row.dnsVerified,
    dnsVerifiedAt: when(row.dnsVerifiedAt),
    status: row.status as VerificationStatus,
    isActive: row.isActive,
    checkFailures: row.checkFailures,
    failingSince: when(row.failingSince),
    lastCheckedAt: when(row.lastCheckedAt),
    nextCheckAt: when(row.nextCheckAt),
    lastError: row.lastError,
    diagnostics: row.diagnostics as Diagnostics | null,
    sslStatus: row.sslStatus as SslStatus,
    sslError: row.sslError,
    sslFailures: row.sslFailures,
    sslRetryAt: when(row.sslRetryAt),
    certificateExpiresAt: when(row.certificateExpiresAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** Instance domains; a domain is unique across all instances. */
export function createInstanceDomainRepository(db: Kysely<Database>): InstanceDomainRepository {
  const table = () => db.selectFrom('instanceDomains').selectAll('instanceDomains');
  const served = (q: ReturnType<typeof table>) =>
    q.where('instanceDomains.dnsVerified', '=', true).where('instanceDomains.isActive', '=', true);
  return {
    async insert(d) {
      const row = await translateUnique(
        'instance_domains_domain_key',
        () =>
          db
            .insertInto('instanceDomains')
            .values({ ...d, nextCheckAt: new Date() })
            .returningAll()
            .executeTakeFirstOrThrow(),
        () => instanceDomainTaken(d.domain),
      );
      return toRecord(row);
    },
    async listForInstance(instanceId) {
      const rows = await table().where('instanceId', '=', instanceId).orderBy('createdAt').orderBy('id').execute();
      return rows.map(toRecord);
    },
    async findById(id) {
      const row = await table().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    async delete(id) {
      await db.deleteFrom('instanceDomains').where('id', '=', id).execute();
    },
    async saveCheck(id, outcome, diagnostics) {
      const row = await db
        .updateTable('instanceDomains')
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
          updatedAt: sql<Date>`now()`,
          ...(outcome.dnsVerifiedAt ? { dnsVerifiedAt: new Date(outcome.dnsVerifiedAt) } : {}),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async setSsl(id, ssl, certificate) {
      const row = await db
        .updateTable('instanceDomains')
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
          ...(certificate ? { certPem: certificate.certPem, keySealed: certificate.keySealed } : {}),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async listServedOnServer(serverId) {
      const rows = await served(table())
        .innerJoin('instances', 'instances.id', 'instanceDomains.instanceId')
        .where('instances.serverId', '=', serverId)
        .orderBy('instanceDomains.domain')
        .execute();
      return rows.map((row) => ({
        ...toRecord(row),
        ...(row.certPem && row.keySealed ? { certificate: { certPem: row.certPem, keySealed: row.keySealed } } : {}),
      }));
    },
    async listDue(now, limit) {
      const rows = await table().where('nextCheckAt', '<=', now).orderBy('nextCheckAt').limit(limit).execute();
      return rows.map(toRecord);
    },
    async needingCertificates(now, renewBefore, limit) {
      const rows = await served(table())
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
  };
}
