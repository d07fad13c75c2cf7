import { beforeEach, describe, expect, it } from 'vitest';
import { insertPortalDomain, signUpAgency } from '../testing/agency-fixtures.js';
import { createDomainTestDeps, fakeCertificate, type DomainTestDeps } from '../testing/domain-fakes.js';
import type { SignedUp } from '../testing/test-fixtures.js';
import { issueCertificate, queueDueCertificates, sslRetryDelayMs } from './certificate.service.js';
import type { NewPortalDomain } from './portal-domain.ports.js';
import type { PortalDomain, SslStatus } from './portal-domain.schema.js';
import { runDomainCheck } from './verification.service.js';

const day = 86_400_000;
const host = 'erp.acme.com';

let deps: DomainTestDeps;
let agency: SignedUp;

beforeEach(async () => {
  deps = createDomainTestDeps();
  agency = await signUpAgency(deps, 'Olive Owner');
});

/** A custom domain as the checks leave it once verified: active, with no certificate yet. */
async function addDomain(fields: Partial<NewPortalDomain> = {}): Promise<PortalDomain> {
  return insertPortalDomain(deps, { organizationId: agency.organization.id, customDomain: host, ...fields });
}

async function setSsl(domainId: string, sslStatus: SslStatus, certificateExpiresAt?: string) {
  await deps.store.transaction((tx) =>
    tx.portalDomains.setSsl(domainId, {
      sslStatus,
      sslError: sslStatus === 'failed' ? 'earlier failure' : null,
      certificateExpiresAt,
    }),
  );
}

const inDays = (days: number) => new Date(deps.clock.now().getTime() + days * day).toISOString();
const statusEvents = () => deps.events.published().filter((e) => e.type === 'portal_domain.status');
const sslSteps = () => statusEvents().map((e) => e.payload.domain.sslStatus);

describe('issueCertificate', () => {
  it('moves sslStatus none → pending_validation → pending_issuance → active, publishing each step', async () => {
    const domain = await addDomain();
    expect(domain.sslStatus).toBe('none');
    await issueCertificate(deps, domain.id);
    expect(deps.ca.calls).toEqual([host]);
    expect(sslSteps()).toEqual(['pending_validation', 'pending_issuance', 'active']);
    expect(
      statusEvents().every((e) => e.organizationId === agency.organization.id && e.payload.targetId === domain.id),
    ).toBe(true);
  });

  it('stores the certificate with its key sealed and notes when it expires', async () => {
    const domain = await addDomain();
    const issued = fakeCertificate(host, deps.clock.now());
    await issueCertificate(deps, domain.id);
    const stored = deps.certificateStore.saved.get(domain.id);
    expect(stored).toMatchObject({ certPem: issued.certPem, expiresAt: issued.expiresAt });
    expect(stored?.keySealed).toMatch(/^enc:v1:k1:/);
    expect(deps.secrets.open(stored!.keySealed)).toBe(issued.keyPem);
    expect(JSON.stringify([...deps.certificateStore.saved.values()])).not.toContain('PRIVATE KEY');
    expect(await deps.store.portalDomains.findById(domain.id)).toMatchObject({
      sslStatus: 'active',
      sslError: null,
      certificateExpiresAt: issued.expiresAt,
    });
    expect(await deps.certificateStore.findForHost(host)).toEqual({
      certPem: issued.certPem,
      keySealed: stored?.keySealed,
    });
  });

  it('takes the expiry from the issued certificate', async () => {
    const domain = await addDomain();
    deps.ca.succeedWith({ expiresAt: '2025-03-01T00:00:00.000Z' });
    await issueCertificate(deps, domain.id);
    expect((await deps.store.portalDomains.findById(domain.id))?.certificateExpiresAt).toBe('2025-03-01T00:00:00.000Z');
  });

  it('clears an earlier failure when it succeeds', async () => {
    const domain = await addDomain();
    await setSsl(domain.id, 'failed');
    await issueCertificate(deps, domain.id);
    expect(await deps.store.portalDomains.findById(domain.id)).toMatchObject({ sslStatus: 'active', sslError: null });
  });

  it('marks the domain failed with the reason and schedules the next attempt with backoff', async () => {
    const domain = await addDomain();
    deps.ca.failWith('urn:ietf:params:acme:error:rateLimited: too many certificates');
    await issueCertificate(deps, domain.id);
    expect(sslSteps()).toEqual(['pending_validation', 'failed']);
    const failed = await deps.store.portalDomains.findById(domain.id);
    expect(failed).toMatchObject({
      sslStatus: 'failed',
      sslError: 'urn:ietf:params:acme:error:rateLimited: too many certificates',
      certificateExpiresAt: null,
    });
    expect(Date.parse(failed!.sslRetryAt!) - deps.clock.now().getTime()).toBe(sslRetryDelayMs(1));
    expect(deps.certificateStore.saved.size).toBe(0);
    // Not queued again before its retry time; queued once it has come.
    expect(await queueDueCertificates(deps, 10)).toBe(0);
    deps.clock.advance(sslRetryDelayMs(1));
    expect(await queueDueCertificates(deps, 10)).toBe(1);
    await issueCertificate(deps, domain.id);
    expect(
      Date.parse((await deps.store.portalDomains.findById(domain.id))!.sslRetryAt!) - deps.clock.now().getTime(),
    ).toBe(sslRetryDelayMs(2));
  });

  // runDomainCheck (verification.service.ts) queues an order for any passing domain whose
  // sslStatus is 'failed', and issueCertificate does not look at sslRetryAt: the hourly check
  // or a verify click orders again before the backoff is over. Drop `.fails` once fixed.
  it('does not order again before the retry time when a DNS check passes', async () => {
    const domain = await addDomain();
    deps.ca.failWith('rate limited');
    await issueCertificate(deps, domain.id);
    deps.dns.set('txt', `_ocore-verification.${host}`, [domain.dnsVerificationToken]);
    deps.dns.set('cname', host, ['portal.ocore.test']);
    deps.clock.advance(60_000);
    await runDomainCheck(deps, domain.id);
    for (const queued of deps.certificates.requested) await issueCertificate(deps, queued);
    expect(deps.ca.calls).toEqual([host]);
  });

  it('backs off min(15 min · 2ⁿ⁻¹, 24 h)', () => {
    expect([1, 2, 3, 8, 20].map(sslRetryDelayMs)).toEqual([900_000, 1_800_000, 3_600_000, 86_400_000, 86_400_000]);
  });

  it('keeps at most 500 characters of the reason', async () => {
    const domain = await addDomain();
    deps.ca.failWith('x'.repeat(2_000));
    await issueCertificate(deps, domain.id);
    expect((await deps.store.portalDomains.findById(domain.id))?.sslError).toBe('x'.repeat(500));
  });

  it('leaves a certificate that is not yet due for renewal alone, and renews one that is', async () => {
    const healthy = await addDomain({ customDomain: 'healthy.acme.com' });
    await setSsl(healthy.id, 'active', inDays(31));
    await issueCertificate(deps, healthy.id);
    expect(deps.ca.calls).toEqual([]);
    expect(statusEvents()).toEqual([]);
    const expiring = await addDomain({ customDomain: 'expiring.acme.com' });
    await setSsl(expiring.id, 'active', inDays(29));
    await issueCertificate(deps, expiring.id);
    expect(deps.ca.calls).toEqual(['expiring.acme.com']);
    expect((await deps.store.portalDomains.findById(expiring.id))?.certificateExpiresAt).toBe(inDays(90));
  });

  it('skips unverified and inactive domains, a subdomain alone, and unknown ids', async () => {
    const unverified = await addDomain({ customDomain: 'new.acme.com', dnsVerified: false, isActive: false });
    const inactive = await addDomain({ customDomain: 'old.acme.com', dnsVerified: true, isActive: false });
    const subdomain = await addDomain({ customDomain: null, subdomain: 'acme' });
    for (const id of [unverified.id, inactive.id, subdomain.id, '00000000-0000-4000-8000-000000000000']) {
      await issueCertificate(deps, id);
    }
    expect(deps.ca.calls).toEqual([]);
    expect(statusEvents()).toEqual([]);
    expect(deps.store.state.portalDomains.map((d) => d.sslStatus)).toEqual(['none', 'none', 'none']);
  });
});

describe('queueDueCertificates', () => {
  it('queues domains with no certificate, a failed one, or one expiring within 30 days, and no others', async () => {
    const missing = await addDomain({ customDomain: 'missing.acme.com' });
    const failed = await addDomain({ customDomain: 'failed.acme.com' });
    await setSsl(failed.id, 'failed');
    const expiring = await addDomain({ customDomain: 'expiring.acme.com' });
    await setSsl(expiring.id, 'active', inDays(29));
    const healthy = await addDomain({ customDomain: 'healthy.acme.com' });
    await setSsl(healthy.id, 'active', inDays(31));
    const ordering = await addDomain({ customDomain: 'ordering.acme.com' });
    await setSsl(ordering.id, 'pending_validation');
    await addDomain({ customDomain: 'unverified.acme.com', dnsVerified: false, isActive: false });
    await addDomain({ customDomain: 'inactive.acme.com', isActive: false });
    await addDomain({ customDomain: null, subdomain: 'acme' });

    expect(await queueDueCertificates(deps, 100)).toBe(3);
    expect([...deps.certificates.requested].sort()).toEqual([missing.id, failed.id, expiring.id].sort());
  });

  it('queues at most `limit`', async () => {
    for (const name of ['a', 'b', 'c']) await addDomain({ customDomain: `${name}.acme.com` });
    expect(await queueDueCertificates(deps, 2)).toBe(2);
    expect(deps.certificates.requested).toHaveLength(2);
  });

  it('queues a healthy certificate once it comes within 30 days of expiring', async () => {
    const domain = await addDomain();
    await setSsl(domain.id, 'active', inDays(45));
    expect(await queueDueCertificates(deps, 100)).toBe(0);
    deps.clock.advance(16 * day);
    expect(await queueDueCertificates(deps, 100)).toBe(1);
    expect(deps.certificates.requested).toEqual([domain.id]);
  });
});
