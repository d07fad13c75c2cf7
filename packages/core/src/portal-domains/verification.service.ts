import { requirePermission, type Actor } from '../auth/actor.js';
import { requireAgency } from '../agency/agency.service.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { notFound } from '../shared/domain-error.js';
import type { NewDomainEvent } from '../shared/events.js';
import type { DnsResolver, PlatformTarget } from './dns.ports.js';
import type { CertificateQueue } from './portal-domain.ports.js';
import { verificationRecordName } from './portal-domain.rules.js';
import type { PortalDomain, VerifyResult } from './portal-domain.schema.js';
import { judgePointing, judgeTxt, nextState, passes, type CheckPolicy, type Diagnostics } from './verification.rules.js';

export interface DomainDeps extends CoreDeps {
  dns: DnsResolver;
  platform: PlatformTarget;
  checkPolicy: CheckPolicy;
  certificates: CertificateQueue;
}

const leaseMs = 30_000;

/** A domain's new state as an event for live subscribers (of the agency, and of its client). */
export function domainEvent(domain: PortalDomain): NewDomainEvent {
  return { organizationId: domain.organizationId, type: 'portal_domain.status', payload: { targetType: 'portal_domain', targetId: domain.id, clientOrgId: domain.clientOrgId, domain } };
}

/** Asks DNS what it says about the domain now. */
async function lookUp(deps: DomainDeps, domain: PortalDomain, now: Date): Promise<Diagnostics> {
  const host = domain.customDomain!;
  const recordName = verificationRecordName(host);
  const [txt, cname, a, aaaa] = await Promise.all([deps.dns.txt(recordName), deps.dns.cname(host), deps.dns.a(host), deps.dns.aaaa(host)]);
  return {
    checkedAt: now.toISOString(),
    record: { type: 'TXT', name: recordName, expected: domain.dnsVerificationToken },
    txt: judgeTxt(txt, recordName, domain.dnsVerificationToken),
    pointing: judgePointing(host, cname, a, aaaa, deps.platform),
  };
}

/**
 * Checks a custom domain whose lease the caller holds: looks it up, moves it to its next
 * state, stores and publishes that, and queues a certificate once it is verified and points
 * here without one.
 */
export async function runDomainCheck(deps: DomainDeps, domainId: string): Promise<{ domain: PortalDomain; diagnostics: Diagnostics } | undefined> {
  const domain = await deps.store.portalDomains.findById(domainId);
  const state = await deps.store.portalDomains.checkState(domainId);
  if (!domain?.customDomain || !state) return undefined;
  const now = deps.clock.now();
  const diagnostics = await lookUp(deps, domain, now);
  const outcome = nextState(state, diagnostics, now, deps.checkPolicy);
  const saved = await commitAndPublish(deps, async (tx, _record, emit) => {
    const updated = await tx.portalDomains.saveCheck(domainId, outcome, diagnostics);
    await emit(domainEvent(updated));
    return updated;
  });
  if (passes(diagnostics) && saved.isActive && (saved.sslStatus === 'none' || saved.sslStatus === 'failed')) {
    await deps.certificates.request(domainId);
  }
  return { domain: saved, diagnostics };
}

async function waitForOtherCheck(deps: DomainDeps, domainId: string, since: string | null): Promise<PortalDomain | undefined> {
  for (let waited = 0; waited < leaseMs; waited += 200) {
    const current = await deps.store.portalDomains.findById(domainId);
    if (!current || current.lastCheckedAt !== since) return current;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return deps.store.portalDomains.findById(domainId);
}

/**
 * Checks a portal domain's DNS now (manage:agency). Concurrent calls share one check: the
 * others wait for its result. A subdomain alone needs no proof.
 */
export async function verifyPortalDomain(deps: DomainDeps, actor: Actor, domainId: string): Promise<VerifyResult> {
  requirePermission(actor, 'manage:agency');
  const agency = await requireAgency(deps, actor);
  const domain = await deps.store.portalDomains.find(agency.id, domainId);
  if (!domain) throw notFound('Portal domain');
  if (!domain.customDomain) {
    await commitAndPublish(deps, (tx, record) =>
      record(actor, { organizationId: agency.id, action: 'portal_domain.verify', targetType: 'portal_domain', targetId: domainId, diff: { status: domain.status, dnsVerified: domain.dnsVerified }, payload: { clientOrgId: domain.clientOrgId } }),
    );
    return { verified: domain.dnsVerified, status: domain.status, diagnostics: null, domain };
  }
  const now = deps.clock.now();
  let checked: PortalDomain | undefined;
  if (await deps.store.portalDomains.claim(domainId, now, new Date(now.getTime() + leaseMs))) {
    try {
      checked = (await runDomainCheck(deps, domainId))?.domain;
    } catch (error) {
      // Let the next check take the domain at once rather than after the lease runs out.
      await deps.store.portalDomains.release(domainId);
      throw error;
    }
  } else {
    checked = await waitForOtherCheck(deps, domainId, domain.lastCheckedAt);
  }
  if (!checked) throw notFound('Portal domain');
  await commitAndPublish(deps, (tx, record) =>
    record(actor, {
      organizationId: agency.id, action: 'portal_domain.verify', targetType: 'portal_domain', targetId: domainId,
      // No domain snapshot: a certificate step may already have moved it on; status events carry the state.
      diff: { status: checked.status, dnsVerified: checked.dnsVerified }, payload: { clientOrgId: checked.clientOrgId },
    }),
  );
  return { verified: checked.dnsVerified && checked.status === 'verified', status: checked.status, diagnostics: checked.diagnostics, domain: checked };
}
