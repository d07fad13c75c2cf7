import type { PortalDomain, SslStatus } from './portal-domain.schema.js';
import type { CheckOutcome, Diagnostics, DomainCheckState } from './verification.rules.js';

export interface NewPortalDomain {
  organizationId: string;
  clientOrgId: string | null;
  subdomain: string | null;
  customDomain: string | null;
  dnsVerificationToken: string;
  dnsVerified: boolean;
  isActive: boolean;
}

/** A custom domain claimed for its periodic check, with the state its next one follows from. */
export interface DueCheck {
  domain: PortalDomain;
  state: DomainCheckState;
}

export interface PortalDomainRepository {
  /** Raises DOMAIN_TAKEN naming the field when the subdomain or custom domain is in use. */
  insert(domain: NewPortalDomain): Promise<PortalDomain>;
  list(agencyId: string): Promise<PortalDomain[]>;
  find(agencyId: string, domainId: string): Promise<PortalDomain | undefined>;
  delete(domainId: string): Promise<void>;
  findBySubdomain(subdomain: string): Promise<PortalDomain | undefined>;
  findByCustomDomain(customDomain: string): Promise<PortalDomain | undefined>;
  /** The active domain serving this client (or the agency itself when null), oldest first. */
  findActiveFor(agencyId: string, clientOrgId: string | null): Promise<PortalDomain | undefined>;
  findById(domainId: string): Promise<PortalDomain | undefined>;
  /** The state the check rules need. */
  checkState(domainId: string): Promise<DomainCheckState | undefined>;
  /**
   * Takes the domain for checking until `until`, unless another check holds it; answers
   * whether it was taken. The lease, not a transaction, keeps checks from overlapping, so
   * no transaction stays open while DNS answers.
   */
  claim(domainId: string, now: Date, until: Date): Promise<boolean>;
  /** Gives the lease back early (a check that failed). */
  release(domainId: string): Promise<void>;
  /** Takes up to `limit` custom domains whose next check is due, oldest due first. */
  claimDue(now: Date, until: Date, limit: number): Promise<DueCheck[]>;
  /** Stores a check's outcome and diagnostics and releases the lease. */
  saveCheck(domainId: string, outcome: CheckOutcome, diagnostics: Diagnostics): Promise<PortalDomain>;
  /** Sets the SSL state; a failure with `retryAt` counts towards the backoff, success resets it. */
  setSsl(
    domainId: string,
    ssl: {
      sslStatus: SslStatus;
      sslError: string | null;
      certificateExpiresAt?: string | null;
      retryAt?: string | null;
    },
  ): Promise<PortalDomain>;
  /** Failed certificate orders in a row. */
  sslFailures(domainId: string): Promise<number>;
  /** Active, verified custom domains with no certificate, a failed one due for retry at `now`, or one expiring before `renewBefore`. */
  needingCertificates(now: Date, renewBefore: Date, limit: number): Promise<string[]>;
}

/** Queues durable certificate orders; at most one per domain at a time. */
export interface CertificateQueue {
  request(domainId: string): Promise<void>;
}

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
  expiresAt: string;
}

/** Serves HTTP-01 answers where the CA will look for them (an instance domain's: its server's proxy). */
export interface ChallengeResponder {
  present(token: string, keyAuthorization: string): Promise<void>;
  cleanup(token: string): Promise<void>;
}

/** How an order's challenge is answered: HTTP-01 elsewhere, or DNS-01 through the organization's provider. */
export interface ChallengeRoute {
  /** HTTP-01 answers go here when given, else to this server's own challenge table. */
  responder?: ChallengeResponder | undefined;
  /** The organization the domain belongs to: its DNS provider (settings' `dnsProvider`) publishes DNS-01 records. */
  organizationId?: string | undefined;
  /**
   * HTTP-01 through `responder` only: for a name under the platform's instance base domain, which
   * no organization's DNS provider (nor, necessarily, the platform's hook) serves.
   */
  http01Only?: boolean;
}

/**
 * An ACME certificate authority: DNS-01 through the organization's DNS provider (or the
 * platform's hook) when there is one, else HTTP-01 on this server or the given responder.
 */
export interface CertificateAuthority {
  /** Orders a certificate for `host`; `onValidated` runs once the CA has validated the challenge. */
  obtain(host: string, onValidated: () => Promise<void>, route?: ChallengeRoute): Promise<IssuedCertificate>;
}

/** Certificates and keys as stored: the key sealed. */
export interface CertificateStore {
  save(domainId: string, cert: { certPem: string; keySealed: string; expiresAt: string }): Promise<void>;
  /** The certificate of an active, verified custom domain, for serving TLS. */
  findForHost(host: string): Promise<{ certPem: string; keySealed: string } | undefined>;
}
