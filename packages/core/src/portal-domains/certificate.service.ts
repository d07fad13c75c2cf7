import type { CoreDeps } from '../shared/deps.js';
import type { SecretBox } from '../org-settings/org-settings.ports.js';
import type { CertificateAuthority, CertificateQueue, CertificateStore } from './portal-domain.ports.js';
import type { SslStatus } from './portal-domain.schema.js';
import { commitAndPublish } from '../shared/change.js';
import { domainEvent } from './verification.service.js';

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

type SslState = {
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
 * Obtains a certificate for a verified, active custom domain, moving `sslStatus` through
 * pending_validation → pending_issuance → active, or to failed with the reason and the time
 * of the next attempt (the sweep queues it then). The key is stored sealed.
 */
export async function issueCertificate(deps: CertificateDeps, domainId: string): Promise<void> {
  const domain = await deps.store.portalDomains.findById(domainId);
  if (!domain?.customDomain || !domain.dnsVerified || !domain.isActive) return;
  const now = deps.clock.now().getTime();
  if (
    domain.sslStatus === 'active' &&
    domain.certificateExpiresAt &&
    Date.parse(domain.certificateExpiresAt) > now + renewBeforeMs
  )
    return;
  // A failed order waits for its retry time, whoever asks for a certificate meanwhile.
  if (domain.sslStatus === 'failed' && domain.sslRetryAt && Date.parse(domain.sslRetryAt) > now) return;
  const publishAfter = (ssl: SslState) => setSsl(deps, domainId, ssl);
  await publishAfter({ sslStatus: 'pending_validation', sslError: null });
  try {
    const issued = await deps.ca.obtain(domain.customDomain, async () => {
      await publishAfter({ sslStatus: 'pending_issuance', sslError: null });
    });
    await deps.certificateStore.save(domainId, {
      certPem: issued.certPem,
      keySealed: deps.secrets.seal(issued.keyPem),
      expiresAt: issued.expiresAt,
    });
    await publishAfter({ sslStatus: 'active', sslError: null, certificateExpiresAt: issued.expiresAt });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const failures = (await deps.store.portalDomains.sslFailures(domainId)) + 1;
    const retryAt = new Date(deps.clock.now().getTime() + sslRetryDelayMs(failures)).toISOString();
    await publishAfter({ sslStatus: 'failed', sslError: reason.slice(0, 500), retryAt });
  }
}

/** Queues certificates for active domains that have none, a failed one, or one due for renewal. */
export async function queueDueCertificates(deps: CertificateDeps, limit: number): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.store.portalDomains.needingCertificates(now, new Date(now.getTime() + renewBeforeMs), limit);
  for (const domainId of due) await deps.certificates.request(domainId);
  return due.length;
}
