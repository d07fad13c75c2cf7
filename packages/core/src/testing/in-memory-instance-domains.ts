import type {
  InstanceDomainRecord,
  InstanceDomainRepository,
  StoredDomainCertificate,
} from '../instance-domains/instance-domain.ports.js';
import { instanceDomainTaken } from '../shared/domain-error.js';
import { newId, type StateCell } from './in-memory-state.js';

export type InstanceDomainRow = InstanceDomainRecord & { certificate?: StoredDomainCertificate };

/** Instance domains kept in memory; a domain is unique across all instances. */
export function createInstanceDomainRepository(cell: StateCell): InstanceDomainRepository {
  const rows = () => cell.current.instanceDomains;
  const show = ({ certificate: _c, ...record }: InstanceDomainRow): InstanceDomainRecord => structuredClone(record);
  const row = (id: string) => {
    const found = rows().find((d) => d.id === id);
    if (!found) throw new Error(`no instance domain ${id}`);
    return found;
  };
  const touch = (d: InstanceDomainRow) => (d.updatedAt = cell.clock.now().toISOString());
  return {
    async insert(d) {
      if (rows().some((r) => r.domain === d.domain)) throw instanceDomainTaken(d.domain);
      const at = cell.clock.now().toISOString();
      const created: InstanceDomainRow = {
        id: newId(),
        ...d,
        dnsVerified: false,
        dnsVerifiedAt: null,
        status: 'pending',
        isActive: false,
        checkFailures: 0,
        failingSince: null,
        lastCheckedAt: null,
        nextCheckAt: at,
        lastError: null,
        diagnostics: null,
        sslStatus: 'none',
        sslError: null,
        sslFailures: 0,
        sslRetryAt: null,
        certificateExpiresAt: null,
        createdAt: at,
        updatedAt: at,
      };
      rows().push(created);
      return show(created);
    },
    async listForInstance(instanceId) {
      return rows()
        .filter((d) => d.instanceId === instanceId)
        .map(show);
    },
    async findById(id) {
      const found = rows().find((d) => d.id === id);
      return found && show(found);
    },
    async delete(id) {
      cell.current.instanceDomains = rows().filter((d) => d.id !== id);
    },
    async saveCheck(id, outcome, diagnostics) {
      const d = row(id);
      Object.assign(d, outcome, { diagnostics: structuredClone(diagnostics) });
      touch(d);
      return show(d);
    },
    async setSsl(id, ssl, certificate) {
      const d = row(id);
      d.sslStatus = ssl.sslStatus;
      d.sslError = ssl.sslError;
      if (ssl.certificateExpiresAt !== undefined) d.certificateExpiresAt = ssl.certificateExpiresAt;
      if (ssl.sslStatus === 'failed' && ssl.retryAt) {
        d.sslFailures += 1;
        d.sslRetryAt = ssl.retryAt;
      }
      if (ssl.sslStatus === 'active') {
        d.sslFailures = 0;
        d.sslRetryAt = null;
      }
      if (certificate) d.certificate = { ...certificate };
      touch(d);
      return show(d);
    },
    async listServedOnServer(serverId) {
      const onServer = new Set(cell.current.instances.filter((i) => i.serverId === serverId).map((i) => i.id));
      return rows()
        .filter((d) => onServer.has(d.instanceId) && d.dnsVerified && d.isActive)
        .map((d) => ({ ...show(d), ...(d.certificate ? { certificate: { ...d.certificate } } : {}) }));
    },
    async listDue(now, limit) {
      return rows()
        .filter((d) => d.nextCheckAt !== null && Date.parse(d.nextCheckAt) <= now.getTime())
        .sort((a, b) => (a.nextCheckAt ?? '').localeCompare(b.nextCheckAt ?? ''))
        .slice(0, limit)
        .map(show);
    },
    async needingCertificates(now, renewBefore, limit) {
      return rows()
        .filter((d) => d.dnsVerified && d.isActive)
        .filter(
          (d) =>
            d.sslStatus === 'none' ||
            (d.sslStatus === 'failed' && (!d.sslRetryAt || Date.parse(d.sslRetryAt) <= now.getTime())) ||
            (d.sslStatus === 'active' &&
              d.certificateExpiresAt !== null &&
              Date.parse(d.certificateExpiresAt) < renewBefore.getTime()),
        )
        .slice(0, limit)
        .map((d) => d.id);
    },
  };
}
