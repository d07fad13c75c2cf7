import type { HostnameCertificateRecord, HostnameCertificateRepository, SslStatus } from '@ocore/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, HostnameCertificatesTable } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

const when = (d: Date | null) => (d ? iso(d) : null);

function toRecord(row: Selectable<HostnameCertificatesTable>): HostnameCertificateRecord {
  return {
    instanceId: row.instanceId,
    organizationId: row.organizationId,
    hostname: row.hostname,
    sslStatus: row.sslStatus as SslStatus,
    sslError: row.sslError,
    sslFailures: row.sslFailures,
    sslRetryAt: when(row.sslRetryAt),
    certificateExpiresAt: when(row.certificateExpiresAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** Certificates of the instances' own hostnames, one row per instance. */
export function createHostnameCertificateRepository(db: Kysely<Database>): HostnameCertificateRepository {
  return {
    async find(instanceId) {
      const row = await db
        .selectFrom('hostnameCertificates')
        .selectAll()
        .where('instanceId', '=', instanceId)
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async setSsl(target, ssl, certificate) {
      const change = {
        hostname: target.hostname,
        sslStatus: ssl.sslStatus,
        sslError: ssl.sslError,
        updatedAt: sql<Date>`now()`,
        ...(ssl.sslStatus === 'failed' && ssl.retryAt
          ? { sslFailures: sql<number>`hostname_certificates.ssl_failures + 1`, sslRetryAt: new Date(ssl.retryAt) }
          : {}),
        ...(ssl.sslStatus === 'active' ? { sslFailures: 0, sslRetryAt: null } : {}),
        ...(ssl.certificateExpiresAt !== undefined
          ? { certificateExpiresAt: ssl.certificateExpiresAt ? new Date(ssl.certificateExpiresAt) : null }
          : {}),
        ...(certificate ? { certPem: certificate.certPem, keySealed: certificate.keySealed } : {}),
      };
      const first = { ...change, sslFailures: ssl.sslStatus === 'failed' && ssl.retryAt ? 1 : 0 };
      const row = await db
        .insertInto('hostnameCertificates')
        .values({ instanceId: target.instanceId, organizationId: target.organizationId, ...first })
        .onConflict((oc) => oc.column('instanceId').doUpdateSet(change))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async listServedOnServer(serverId) {
      const rows = await db
        .selectFrom('hostnameCertificates as c')
        .innerJoin('instances as i', 'i.id', 'c.instanceId')
        .select(['c.instanceId', 'c.hostname', 'c.certPem', 'c.keySealed'])
        .where('i.serverId', '=', serverId)
        .where('c.certPem', 'is not', null)
        .where('c.keySealed', 'is not', null)
        .orderBy('c.hostname')
        .$narrowType<{ certPem: string; keySealed: string }>()
        .execute();
      return rows.map((r) => ({
        instanceId: r.instanceId,
        hostname: r.hostname,
        certificate: { certPem: r.certPem, keySealed: r.keySealed },
      }));
    },
    async needingCertificates(now, renewBefore, baseDomain, limit) {
      const rows = await db
        .selectFrom('instances as i')
        .leftJoin('hostnameCertificates as c', 'c.instanceId', 'i.id')
        .select('i.id')
        .where('i.status', 'in', ['running', 'stopped'])
        .where((eb) =>
          eb.or([
            eb('c.instanceId', 'is', null),
            eb('c.hostname', '!=', sql<string>`i.slug || '.' || ${baseDomain}`),
            eb('c.sslStatus', '=', 'none'),
            eb.and([
              eb('c.sslStatus', '=', 'failed'),
              eb.or([eb('c.sslRetryAt', 'is', null), eb('c.sslRetryAt', '<=', now)]),
            ]),
            eb.and([eb('c.sslStatus', '=', 'active'), eb('c.certificateExpiresAt', '<', renewBefore)]),
          ]),
        )
        .orderBy('i.createdAt')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },
  };
}
