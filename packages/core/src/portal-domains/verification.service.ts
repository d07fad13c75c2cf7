import { requirePermission, type Actor } from '../auth/actor.js';
import { requireAgency } from '../agency/agency.service.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { notFound } from '../shared/domain-error.js';
import type { NewDomainEvent } from '../shared/events.js';
import type { DnsResolver, PlatformTarget } from './dns.ports.js';
import type { CertificateQueue, DueCheck } from './portal-domain.ports.js';
import { verificationRecordName } from './portal-domain.rules.js';
import type { PortalDomain, VerifyResult } from './portal-domain.schema.js';
import {
  judgePointing,
  judgeTxt,
  nextState,
  passes,
  type CheckOutcome,
  type CheckPolicy,
  type Diagnostics,
} from './verification.rules.js';

export interface DomainDeps extends CoreDeps {
  dns: DnsResolver;
  platform: PlatformTarget;
  checkPolicy: CheckPolicy;
  certificates: CertificateQueue;
}

const leaseMs = 30_000;

/** A domain's new state as an event for live subscribers (of the agency, and of its client). */
export function domainEvent(domain: PortalDomain): NewDomainEvent {
  return {
    organizationId: domain.organizationId,
    type: 'portal_domain.status',
    payload: { targetType: 'portal_domain', targetId: domain.id, clientOrgId: domain.clientOrgId, domain },
  };
}

/**
 * Asks DNS what it says about `host` now: the TXT record proving ownership with `token`, and
 * whether it points at `target`. Portal and instance domains share it.
 */
export async function lookUpDomain(
  dns: DnsResolver,
  target: PlatformTarget,
  host: string,
  token: string,
  now: Date,
): Promise<Diagnostics> {
  const recordName = verificationRecordName(host);
  const [txt, cname, a, aaaa] = await Promise.all([dns.txt(recordName), dns.cname(host), dns.a(host), dns.aaaa(host)]);
  return {
    checkedAt: now.toISOString(),
    record: { type: 'TXT', name: recordName, expected: token },
    txt: judgeTxt(txt, recordName, token),
    pointing: judgePointing(host, cname, a, aaaa, target),
  };
}

/** Asks DNS what it says about the domain now. */
function lookUp(deps: DomainDeps, domain: PortalDomain, now: Date): Promise<Diagnostics> {
  const host = domain.customDomain;
  if (!host) throw new Error(`portal domain ${domain.id} has no custom domain to look up`);
  return lookUpDomain(deps.dns, deps.platform, host, domain.dnsVerificationToken, now);
}

/** A check looked up in DNS, not yet stored. */
export interface LookedUpCheck {
  domainId: string;
  outcome: CheckOutcome;
  diagnostics: Diagnostics;
}

/** Looks up a custom domain whose lease the caller holds and works out its next state. */
export async function lookUpDomainCheck(deps: DomainDeps, due: DueCheck): Promise<LookedUpCheck> {
  const now = deps.clock.now();
  const diagnostics = await lookUp(deps, due.domain, now);
  return { domainId: due.domain.id, outcome: nextState(due.state, diagnostics, now, deps.checkPolicy), diagnostics };
}

/**
 * Stores checks in one transaction and publishes their events, then queues a certificate for
 * each domain that is verified and points here without one. All are stored, or none.
 */
export async function saveDomainChecks(deps: DomainDeps, checks: readonly LookedUpCheck[]): Promise<PortalDomain[]> {
  if (checks.length === 0) return [];
  const saved = await commitAndPublish(deps, async (tx, _record, emit) => {
    const domains: { domain: PortalDomain; check: LookedUpCheck }[] = [];
    for (const check of checks) {
      const updated = await tx.portalDomains.saveCheck(check.domainId, check.outcome, check.diagnostics);
      await emit(domainEvent(updated));
      domains.push({ domain: updated, check });
    }
    return domains;
  });
  for (const { domain, check } of saved) {
    if (
      passes(check.diagnostics) &&
      domain.isActive &&
      (domain.sslStatus === 'none' || domain.sslStatus === 'failed')
    ) {
      await deps.certificates.request(domain.id);
    }
  }
  return saved.map(({ domain }) => domain);
}

/**
 * Checks a custom domain whose lease the caller holds: looks it up, moves it to its next
 * state, stores and publishes that, and queues a certificate once it is verified and points
 * here without one.
 */
export async function runDomainCheck(
  deps: DomainDeps,
  domainId: string,
): Promise<{ domain: PortalDomain; diagnostics: Diagnostics } | undefined> {
  const domain = await deps.store.portalDomains.findById(domainId);
  const state = await deps.store.portalDomains.checkState(domainId);
  if (!domain?.customDomain || !state) return undefined;
  const check = await lookUpDomainCheck(deps, { domain, state });
  const [saved] = await saveDomainChecks(deps, [check]);
  return saved && { domain: saved, diagnostics: check.diagnostics };
}

async function waitForOtherCheck(
  deps: DomainDeps,
  domainId: string,
  since: string | null,
): Promise<PortalDomain | undefined> {
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
      record(actor, {
        organizationId: agency.id,
        action: 'portal_domain.verify',
        targetType: 'portal_domain',
        targetId: domainId,
        diff: { status: domain.status, dnsVerified: domain.dnsVerified },
        payload: { clientOrgId: domain.clientOrgId },
      }),
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
      organizationId: agency.id,
      action: 'portal_domain.verify',
      targetType: 'portal_domain',
      targetId: domainId,
      // No domain snapshot: a certificate step may already have moved it on; status events carry the state.
      diff: { status: checked.status, dnsVerified: checked.dnsVerified },
      payload: { clientOrgId: checked.clientOrgId },
    }),
  );
  return {
    verified: checked.dnsVerified && checked.status === 'verified',
    status: checked.status,
    diagnostics: checked.diagnostics,
    domain: checked,
  };
}
