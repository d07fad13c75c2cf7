import type { SslState } from '../portal-domains/certificate.service.js';
import type { SslStatus } from '../portal-domains/portal-domain.schema.js';
import type { StoredDomainCertificate } from './instance-domain.ports.js';

/** The certificate state of an instance's own hostname (`<slug>.<base domain>`), as stored. */
export interface HostnameCertificateRecord {
  instanceId: string;
  organizationId: string;
  /** The hostname the state is for: a certificate for another one (a new base domain) is ordered again. */
  hostname: string;
  sslStatus: SslStatus;
  sslError: string | null;
  sslFailures: number;
  sslRetryAt: string | null;
  certificateExpiresAt: string | null;
  updatedAt: string;
}

/** Certificates of the instances' own hostnames, one per instance; the key only sealed. */
export interface HostnameCertificateRepository {
  find(instanceId: string): Promise<HostnameCertificateRecord | undefined>;
  /** Sets the state (creating it); a new certificate with it; a failure with `retryAt` counts towards the backoff. */
  setSsl(
    target: { instanceId: string; organizationId: string; hostname: string },
    ssl: SslState,
    certificate?: StoredDomainCertificate,
  ): Promise<HostnameCertificateRecord>;
  /** The installed certificates of the instances on a server, with the hostname each was issued for. */
  listServedOnServer(
    serverId: string,
  ): Promise<{ instanceId: string; hostname: string; certificate: StoredDomainCertificate }[]>;
  /**
   * Instances (deployed: running or stopped) whose hostname under `baseDomain` has no certificate
   * (or one for another hostname), a failed order due again, or one expiring before `renewBefore`.
   */
  needingCertificates(now: Date, renewBefore: Date, baseDomain: string, limit: number): Promise<string[]>;
}
