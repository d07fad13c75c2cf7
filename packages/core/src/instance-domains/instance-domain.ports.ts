import type { SslState } from '../portal-domains/certificate.service.js';
import type { SslStatus } from '../portal-domains/portal-domain.schema.js';
import type { CheckOutcome, Diagnostics, VerificationStatus } from '../portal-domains/verification.rules.js';

/** An instance's custom domain as stored; its certificate's key only sealed. */
export interface InstanceDomainRecord {
  id: string;
  organizationId: string;
  instanceId: string;
  domain: string;
  dnsVerificationToken: string;
  dnsVerified: boolean;
  dnsVerifiedAt: string | null;
  status: VerificationStatus;
  isActive: boolean;
  checkFailures: number;
  failingSince: string | null;
  lastCheckedAt: string | null;
  nextCheckAt: string | null;
  lastError: string | null;
  diagnostics: Diagnostics | null;
  sslStatus: SslStatus;
  sslError: string | null;
  sslFailures: number;
  sslRetryAt: string | null;
  certificateExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A served domain's certificate, for writing into its server's proxy. */
export interface StoredDomainCertificate {
  certPem: string;
  keySealed: string;
}

export interface InstanceDomainRepository {
  /** Raises DOMAIN_TAKEN (field `domain`) when another instance has the domain. */
  insert(domain: {
    organizationId: string;
    instanceId: string;
    domain: string;
    dnsVerificationToken: string;
  }): Promise<InstanceDomainRecord>;
  listForInstance(instanceId: string): Promise<InstanceDomainRecord[]>;
  findById(id: string): Promise<InstanceDomainRecord | undefined>;
  delete(id: string): Promise<void>;
  saveCheck(id: string, outcome: CheckOutcome, diagnostics: Diagnostics): Promise<InstanceDomainRecord>;
  /** Sets the SSL state (a new certificate with it); a failure with `retryAt` counts towards the backoff. */
  setSsl(id: string, ssl: SslState, certificate?: StoredDomainCertificate): Promise<InstanceDomainRecord>;
  /** Verified, active domains of the instances on a server, each with its certificate if it has one. */
  listServedOnServer(serverId: string): Promise<(InstanceDomainRecord & { certificate?: StoredDomainCertificate })[]>;
  /** Domains whose next DNS check is due, oldest due first. */
  listDue(now: Date, limit: number): Promise<InstanceDomainRecord[]>;
  /** Verified, active domains with no certificate, a failed one due again, or one expiring before `renewBefore`. */
  needingCertificates(now: Date, renewBefore: Date, limit: number): Promise<string[]>;
}
