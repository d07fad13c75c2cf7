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

type SslState = { sslStatus: SslStatus; sslError: string | null; certificateExpiresAt?: string | null };

async function setSsl(deps: CoreDeps, domainId: string, ssl: SslState) {
  return commitAndPublish(deps, async (tx, _record, emit) => {
    const domain = await tx.portalDomains.setSsl(domainId, ssl);
    await emit(domainEvent(domain));
    return domain;
  });
}

/**
 * Obtains a certificate for a verified, active custom domain, moving `sslStatus` through
 * pending_validation → pending_issuance → active, or to failed with the reason. The key is
 * stored sealed. Run by the durable certificate job; throws so that the job retries.
 */
export async function issueCertificate(deps: CertificateDeps, domainId: string): Promise<void> {
  const domain = await deps.store.portalDomains.findById(domainId);
  if (!domain?.customDomain || !domain.dnsVerified || !domain.isActive) return;
  const publishAfter = (ssl: SslState) => setSsl(deps, domainId, ssl);
  await publishAfter({ sslStatus: 'pending_validation', sslError: null });
  try {
    const issued = await deps.ca.obtain(domain.customDomain, async () => {
      await publishAfter({ sslStatus: 'pending_issuance', sslError: null });
    });
    await deps.certificateStore.save(domainId, { certPem: issued.certPem, keySealed: deps.secrets.seal(issued.keyPem), expiresAt: issued.expiresAt });
    await publishAfter({ sslStatus: 'active', sslError: null, certificateExpiresAt: issued.expiresAt });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await publishAfter({ sslStatus: 'failed', sslError: reason.slice(0, 500) });
    throw error;
  }
}

/** Queues certificates for active domains that have none, a failed one, or one due for renewal. */
export async function queueDueCertificates(deps: CertificateDeps, limit: number): Promise<number> {
  const due = await deps.store.portalDomains.needingCertificates(new Date(deps.clock.now().getTime() + renewBeforeMs), limit);
  for (const domainId of due) await deps.certificates.request(domainId);
  return due.length;
}
