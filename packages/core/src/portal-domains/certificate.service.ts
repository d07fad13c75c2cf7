import type { CoreDeps } from '../shared/deps.js';
import type {
  CertificateAuthority,
  CertificateQueue,
  CertificateStore,
  ChallengeResponder,
  IssuedCertificate,
} from './portal-domain.ports.js';
import type { SslStatus } from './portal-domain.schema.js';
import { commitAndPublish } from '../shared/change.js';
import { domainEvent } from './verification.service.js';
import type { SecretBox } from '../shared/secret-box.js';

export interface CertificateDeps extends CoreDeps {
  ca: CertificateAuthority;
  certificateStore: CertificateStore;
  secrets: SecretBox;
  certificates: CertificateQueue;
}

/** Certificates are renewed this long before they expire. */
export const renewBeforeMs = 30 * 86_400_000;

/** The wait after the n-th failed order in a row: min(15 min · 2ⁿ⁻¹, 24 h), so a CA's rate limits are respected. */
export function sslRetryDelayMs(failures: number): number {
  return Math.min(15 * 60_000 * 2 ** Math.max(0, failures - 1), 86_400_000);
}

export type SslState = {
  sslStatus: SslStatus;
  sslError: string | null;
  certificateExpiresAt?: string | null;
  retryAt?: string | null;
};

async function setSsl(deps: CoreDeps, domainId: string, ssl: SslState) {
  return commitAndPublish(deps, async (tx, _record, emit) => {
    const domain = await tx.portalDomains.setSsl(domainId, ssl);
    await emit(domainEvent(domain));
    return domain;
  });
}

/**
 * Whether a domain needs a certificate order now: it has none, or one expiring within
 * `renewBeforeMs`; a failed order waits for its retry time, whoever asks meanwhile.
 */
export function needsCertificateOrder(
  domain: { sslStatus: SslStatus; certificateExpiresAt: string | null; sslRetryAt: string | null },
  now: number,
): boolean {
  if (
    domain.sslStatus === 'active' &&
    domain.certificateExpiresAt &&
    Date.parse(domain.certificateExpiresAt) > now + renewBeforeMs
  )
    return false;
  return !(domain.sslStatus === 'failed' && domain.sslRetryAt && Date.parse(domain.sslRetryAt) > now);
}

/** One certificate order of a domain, whatever kind of domain it is. */
export interface CertificateOrder {
  host: string;
  /** The domain's organization: its DNS provider answers DNS-01. */
  organizationId: string;
  /** Stores and publishes the domain's SSL state. */
  setSsl(ssl: SslState): Promise<void>;
  /** Failed orders in a row so far. */
  failures(): Promise<number>;
  /** Keeps (and installs) the issued certificate, before it is reported active. */
  save(issued: IssuedCertificate): Promise<void>;
  responder?: ChallengeResponder;
  /** Answer by HTTP-01 through `responder` only, never DNS-01 (see ChallengeRoute). */
  http01Only?: boolean;
  /** Work before the order (reaching the server that answers the challenge); its failure fails the order. */
  prepare?: () => Promise<void>;
}

/**
 * Runs an order, moving `sslStatus` through pending_validation → pending_issuance → active,
 * or to failed with the reason and the time of the next attempt (backing off).
 */
export async function runCertificateOrder(
  deps: Pick<CertificateDeps, 'ca' | 'clock'>,
  order: CertificateOrder,
): Promise<void> {
  await order.setSsl({ sslStatus: 'pending_validation', sslError: null });
  try {
    await order.prepare?.();
    const issued = await deps.ca.obtain(
      order.host,
      () => order.setSsl({ sslStatus: 'pending_issuance', sslError: null }),
      {
        responder: order.responder,
        organizationId: order.organizationId,
        ...(order.http01Only ? { http01Only: true } : {}),
      },
    );
    await order.save(issued);
    await order.setSsl({ sslStatus: 'active', sslError: null, certificateExpiresAt: issued.expiresAt });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const failures = (await order.failures()) + 1;
    const retryAt = new Date(deps.clock.now().getTime() + sslRetryDelayMs(failures)).toISOString();
    await order.setSsl({ sslStatus: 'failed', sslError: reason.slice(0, 500), retryAt });
  }
}

/**
 * Obtains a certificate for a verified, active custom domain (see runCertificateOrder). The
 * key is stored sealed.
 */
export async function issueCertificate(deps: CertificateDeps, domainId: string): Promise<void> {
  const domain = await deps.store.portalDomains.findById(domainId);
  if (!domain?.customDomain || !domain.dnsVerified || !domain.isActive) return;
  if (!needsCertificateOrder(domain, deps.clock.now().getTime())) return;
  await runCertificateOrder(deps, {
    host: domain.customDomain,
    organizationId: domain.organizationId,
    setSsl: async (ssl) => {
      await setSsl(deps, domainId, ssl);
    },
    failures: () => deps.store.portalDomains.sslFailures(domainId),
    save: (issued) =>
      deps.certificateStore.save(domainId, {
        certPem: issued.certPem,
        keySealed: deps.secrets.seal(issued.keyPem),
        expiresAt: issued.expiresAt,
      }),
  });
}

/** Queues certificates for active domains that have none, a failed one, or one due for renewal. */
export async function queueDueCertificates(deps: CertificateDeps, limit: number): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.store.portalDomains.needingCertificates(now, new Date(now.getTime() + renewBeforeMs), limit);
  for (const domainId of due) await deps.certificates.request(domainId);
  return due.length;
}
