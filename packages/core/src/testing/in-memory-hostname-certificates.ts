import type {
  HostnameCertificateRecord,
  HostnameCertificateRepository,
} from '../instance-domains/hostname-certificate.ports.js';
import type { StoredDomainCertificate } from '../instance-domains/instance-domain.ports.js';
import type { StateCell } from './in-memory-state.js';

export type HostnameCertificateRow = HostnameCertificateRecord & { certificate?: StoredDomainCertificate };

/** Certificates of instances' own hostnames kept in memory, one per instance. */
export function createHostnameCertificateRepository(cell: StateCell): HostnameCertificateRepository {
  const rows = () => cell.current.hostnameCertificates;
  const show = ({ certificate: _c, ...record }: HostnameCertificateRow): HostnameCertificateRecord =>
    structuredClone(record);
  return {
    async find(instanceId) {
      const row = rows().find((r) => r.instanceId === instanceId);
      return row && show(row);
    },
    async setSsl(target, ssl, certificate) {
      let row = rows().find((r) => r.instanceId === target.instanceId);
      if (!row) {
        const blank = { sslFailures: 0, sslRetryAt: null, certificateExpiresAt: null, updatedAt: '' };
        row = { ...target, ...blank, sslStatus: 'none', sslError: null };
        rows().push(row);
      }
      Object.assign(row, target, { sslStatus: ssl.sslStatus, sslError: ssl.sslError });
      row.updatedAt = cell.clock.now().toISOString();
      if (ssl.sslStatus === 'failed' && ssl.retryAt)
        Object.assign(row, { sslFailures: row.sslFailures + 1, sslRetryAt: ssl.retryAt });
      if (ssl.sslStatus === 'active') Object.assign(row, { sslFailures: 0, sslRetryAt: null });
      if (ssl.certificateExpiresAt !== undefined) row.certificateExpiresAt = ssl.certificateExpiresAt;
      if (certificate) row.certificate = { ...certificate };
      return show(row);
    },
    async listServedOnServer(serverId) {
      const onServer = new Set(cell.current.instances.filter((i) => i.serverId === serverId).map((i) => i.id));
      return rows()
        .filter((r) => onServer.has(r.instanceId) && r.certificate)
        .map((r) => ({ instanceId: r.instanceId, hostname: r.hostname, certificate: { ...r.certificate! } }));
    },
    async needingCertificates(now, renewBefore, baseDomain, limit) {
      const due = cell.current.instances.filter((i) => {
        if (i.status !== 'running' && i.status !== 'stopped') return false;
        const row = rows().find((r) => r.instanceId === i.id);
        if (!row || row.hostname !== `${i.slug}.${baseDomain}` || row.sslStatus === 'none') return true;
        if (row.sslStatus === 'failed') return !row.sslRetryAt || Date.parse(row.sslRetryAt) <= now.getTime();
        return (
          row.sslStatus === 'active' &&
          !!row.certificateExpiresAt &&
          Date.parse(row.certificateExpiresAt) < renewBefore.getTime()
        );
      });
      return due.slice(0, limit).map((i) => i.id);
    },
  };
}
