import { beforeEach, describe, expect, it } from 'vitest';
import { addClient, insertPortalDomain, signUpAgency } from '../testing/agency-fixtures.js';
import { createDomainTestDeps, type DomainTestDeps } from '../testing/domain-fakes.js';
import { caught, joinAs, type SignedUp } from '../testing/test-fixtures.js';
import type { SslStatus } from './portal-domain.schema.js';
import { createPortalDomain } from './portal-domain.service.js';
import { runDomainCheck, verifyPortalDomain } from './verification.service.js';

let deps: DomainTestDeps;
let agency: SignedUp;

beforeEach(async () => {
  deps = createDomainTestDeps();
  agency = await signUpAgency(deps, 'Olive Owner');
});

const host = 'erp.acme.com';
const recordName = `_ocore-verification.${host}`;

async function addCustomDomain(clientOrgId?: string) {
  return createPortalDomain(
    deps,
    agency.actor,
    clientOrgId ? { customDomain: host, clientOrgId } : { customDomain: host },
  );
}

/** Publishes the TXT proof and a CNAME to the platform for the domain. */
function configureDns(token: string) {
  deps.dns.set('txt', recordName, [token]);
  deps.dns.set('cname', host, ['portal.ocore.test']);
}

async function setSsl(domainId: string, sslStatus: SslStatus) {
  await deps.store.transaction((tx) => tx.portalDomains.setSsl(domainId, { sslStatus, sslError: null }));
}

/** True while a store transaction is open: the store refuses writes outside it then. */
function isInTransaction(): boolean {
  try {
    void deps.store.portalDomains.delete('no-such-domain');
    return false;
  } catch {
    return true;
  }
}

const statusEvents = () => deps.events.published().filter((e) => e.type === 'portal_domain.status');

describe('runDomainCheck', () => {
  it('stores the outcome and what DNS said', async () => {
    const domain = await addCustomDomain();
    configureDns(domain.dnsVerificationToken);
    deps.clock.advance(5_000);
    const now = deps.clock.now().toISOString();
    const result = await runDomainCheck(deps, domain.id);
    expect(result?.diagnostics).toMatchObject({
      checkedAt: now,
      record: { type: 'TXT', name: recordName, expected: domain.dnsVerificationToken },
      txt: { status: 'found' },
      pointing: { status: 'cname' },
    });
    expect(result?.domain).toMatchObject({
      status: 'verified',
      dnsVerified: true,
      isActive: true,
      dnsVerifiedAt: now,
      lastCheckedAt: now,
      nextCheckAt: new Date(Date.parse(now) + 3_600_000).toISOString(),
      lastError: null,
      diagnostics: result?.diagnostics,
    });
    expect(await deps.store.portalDomains.findById(domain.id)).toEqual(result?.domain);
  });

  it('stores a failed check of a pending domain with its error and backs off', async () => {
    const domain = await addCustomDomain();
    const result = await runDomainCheck(deps, domain.id);
    expect(result?.domain).toMatchObject({
      status: 'pending',
      dnsVerified: false,
      isActive: false,
      lastError: `No TXT record at ${recordName} yet: add one with the value ${domain.dnsVerificationToken}`,
    });
    expect(result?.domain.diagnostics?.txt.status).toBe('no_record');
    expect(await deps.store.portalDomains.checkState(domain.id)).toMatchObject({ status: 'pending', checkFailures: 1 });
    expect(Date.parse(result!.domain.nextCheckAt!)).toBeGreaterThan(deps.clock.now().getTime());
  });

  it('publishes the new state after commit, with the client it serves, and audits nothing', async () => {
    const client = await addClient(deps, agency.actor, 'Client Co');
    const domain = await addCustomDomain(client.id);
    configureDns(domain.dnsVerificationToken);
    const auditBefore = deps.store.state.audit.length;
    const openAtPublish: boolean[] = [];
    const publish = deps.events.publish.bind(deps.events);
    deps.events.publish = (events) => {
      openAtPublish.push(isInTransaction());
      publish(events);
    };
    const result = await runDomainCheck(deps, domain.id);
    expect(openAtPublish).toEqual([false]);
    expect(statusEvents()).toEqual([
      expect.objectContaining({
        organizationId: agency.organization.id,
        payload: { targetType: 'portal_domain', targetId: domain.id, clientOrgId: client.id, domain: result?.domain },
      }),
    ]);
    expect(deps.store.state.events.map((e) => e.id)).toContain(statusEvents()[0]!.id);
    expect(deps.store.state.audit).toHaveLength(auditBefore);
  });

  it.each(['none', 'failed'] as const)(
    'queues a certificate once the domain is verified and points here, with sslStatus %s',
    async (sslStatus) => {
      const domain = await addCustomDomain();
      await setSsl(domain.id, sslStatus);
      configureDns(domain.dnsVerificationToken);
      await runDomainCheck(deps, domain.id);
      expect(deps.certificates.requested).toEqual([domain.id]);
    },
  );

  it.each(['pending_validation', 'pending_issuance', 'active'] as const)(
    'queues none when sslStatus is already %s',
    async (sslStatus) => {
      const domain = await addCustomDomain();
      await setSsl(domain.id, sslStatus);
      configureDns(domain.dnsVerificationToken);
      await runDomainCheck(deps, domain.id);
      expect(deps.certificates.requested).toEqual([]);
    },
  );

  it('queues none while the domain lacks its proof or points elsewhere', async () => {
    const domain = await addCustomDomain();
    deps.dns.set('cname', host, ['portal.ocore.test']);
    await runDomainCheck(deps, domain.id);
    deps.dns.set('txt', recordName, [domain.dnsVerificationToken]);
    deps.dns.set('cname', host, ['elsewhere.example.net']);
    await runDomainCheck(deps, domain.id);
    expect(deps.certificates.requested).toEqual([]);
    expect((await deps.store.portalDomains.findById(domain.id))?.status).toBe('pending');
  });

  it('queues none for a verified domain that has stopped passing but is still served', async () => {
    const domain = await insertPortalDomain(deps, {
      organizationId: agency.organization.id,
      customDomain: host,
      dnsVerified: true,
      isActive: true,
    });
    const result = await runDomainCheck(deps, domain.id);
    expect(result?.domain).toMatchObject({ status: 'verified', isActive: true, sslStatus: 'none' });
    expect(result?.domain.lastError).toContain('No TXT record');
    expect(deps.certificates.requested).toEqual([]);
  });

  it('checks nothing for a subdomain alone or an unknown id', async () => {
    const domain = await createPortalDomain(deps, agency.actor, { subdomain: 'acme' });
    expect(await runDomainCheck(deps, domain.id)).toBeUndefined();
    expect(await runDomainCheck(deps, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(deps.dns.lookups).toEqual([]);
  });
});

describe('verifyPortalDomain', () => {
  it('needs manage:agency', async () => {
    const domain = await addCustomDomain();
    const viewer = await joinAs(deps, agency.actor, 'Vera', 'Viewer');
    expect(await caught(() => verifyPortalDomain(deps, viewer.actor, domain.id))).toMatchObject({
      code: 'PERMISSION_DENIED',
      permission: 'manage:agency',
    });
    expect(deps.dns.lookups).toEqual([]);
  });

  it("answers NOT_FOUND for another agency's domain and leaves it unchecked", async () => {
    const other = await signUpAgency(deps, 'Otto Other');
    const foreign = await createPortalDomain(deps, other.actor, { customDomain: 'erp.other.com' });
    expect(await caught(() => verifyPortalDomain(deps, agency.actor, foreign.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(deps.dns.lookups).toEqual([]);
    expect((await deps.store.portalDomains.findById(foreign.id))?.lastCheckedAt).toBeNull();
  });

  it('answers verified for a subdomain alone without asking DNS', async () => {
    const domain = await createPortalDomain(deps, agency.actor, { subdomain: 'acme' });
    expect(await verifyPortalDomain(deps, agency.actor, domain.id)).toEqual({
      verified: true,
      status: 'verified',
      diagnostics: null,
      domain,
    });
    expect(deps.dns.lookups).toEqual([]);
  });

  it('verifies a custom domain whose records are in place', async () => {
    const domain = await addCustomDomain();
    configureDns(domain.dnsVerificationToken);
    const result = await verifyPortalDomain(deps, agency.actor, domain.id);
    expect(result).toMatchObject({
      verified: true,
      status: 'verified',
      diagnostics: { txt: { status: 'found' }, pointing: { status: 'cname' } },
    });
    expect(result.domain).toMatchObject({ id: domain.id, dnsVerified: true, isActive: true });
    expect(result.diagnostics).toEqual(result.domain.diagnostics);
  });

  it('answers not verified, with the reason, while the record is missing', async () => {
    const domain = await addCustomDomain();
    const result = await verifyPortalDomain(deps, agency.actor, domain.id);
    expect(result).toMatchObject({ verified: false, status: 'pending', diagnostics: { txt: { status: 'no_record' } } });
  });

  it('shares one check between concurrent calls', async () => {
    const domain = await addCustomDomain();
    configureDns(domain.dnsVerificationToken);
    const release = deps.dns.hold();
    const both = Promise.all([
      verifyPortalDomain(deps, agency.actor, domain.id),
      verifyPortalDomain(deps, agency.actor, domain.id),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    const [first, second] = await both;
    expect(deps.dns.lookups).toEqual([
      { type: 'txt', name: recordName },
      { type: 'cname', name: host },
      { type: 'a', name: host },
      { type: 'aaaa', name: host },
    ]);
    expect(first.verified).toBe(true);
    expect(second).toEqual(first);
    expect(statusEvents()).toHaveLength(1);
  });

  it('records each call in the audit log of the agency', async () => {
    const client = await addClient(deps, agency.actor, 'Client Co');
    const domain = await addCustomDomain(client.id);
    await verifyPortalDomain(deps, agency.actor, domain.id);
    configureDns(domain.dnsVerificationToken);
    deps.clock.advance(1_000);
    await verifyPortalDomain(deps, agency.actor, domain.id);
    const entries = deps.store.state.audit.filter((a) => a.action === 'portal_domain.verify');
    expect(entries).toEqual([
      expect.objectContaining({
        organizationId: agency.organization.id,
        actorUserId: agency.user.id,
        targetType: 'portal_domain',
        targetId: domain.id,
        diff: { status: 'pending', dnsVerified: false },
      }),
      expect.objectContaining({
        organizationId: agency.organization.id,
        actorUserId: agency.user.id,
        targetType: 'portal_domain',
        targetId: domain.id,
        diff: { status: 'verified', dnsVerified: true },
      }),
    ]);
    const verifyEvents = deps.events.published().filter((e) => e.type === 'portal_domain.verify');
    expect(verifyEvents.map((e) => e.payload.clientOrgId)).toEqual([client.id, client.id]);
  });
});
