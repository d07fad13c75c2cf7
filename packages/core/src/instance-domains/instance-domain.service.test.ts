import { beforeEach, describe, expect, it } from 'vitest';
import { updatePortalConfig } from '../agency/portal-config.service.js';
import type { Actor } from '../auth/actor.js';
import type { Instance } from '../instances/instance.schema.js';
import { runOperation } from '../instances/operation.runner.js';
import { instanceProxy } from '../instances/proxy.rules.js';
import { createInstance } from '../instances/provision.service.js';
import { defaultCheckPolicy } from '../portal-domains/verification.rules.js';
import { createServer } from '../servers/server.service.js';
import { addClient, joinClientAs, signUpAgency, switchInto } from '../testing/agency-fixtures.js';
import {
  createFakeCertificateAuthority,
  createFakeDnsResolver,
  createRecordingCertificateQueue,
} from '../testing/domain-fakes.js';
import { createSettingsTestDeps } from '../testing/settings-fakes.js';
import { caught, type SignedUp } from '../testing/test-fixtures.js';
import { issueInstanceDomainCertificate, sweepInstanceDomains } from './instance-domain-certificate.service.js';
import {
  addInstanceDomain,
  listInstanceDomains,
  removeInstanceDomain,
  verifyInstanceDomain,
} from './instance-domain.service.js';

function createDeps() {
  const base = createSettingsTestDeps();
  const deps = Object.assign(base, {
    dns: createFakeDnsResolver(),
    checkPolicy: defaultCheckPolicy,
    ca: createFakeCertificateAuthority(base.clock),
    instanceDomainCertificates: createRecordingCertificateQueue(),
  });
  deps.instanceSteps.proxy = { ...deps.instanceSteps.proxy!, httpsPort: 8443 };
  return deps;
}

let deps: ReturnType<typeof createDeps>;
let agency: SignedUp;
let carl: SignedUp;
let operator: Actor;
let instance: Instance;
const host = 'erp.acme.test';

const proxyFiles = () => deps.runtimes.engine('127.0.0.1').containers.get(instanceProxy.container)!.files;
const liveConfig = () => proxyFiles().get('/etc/nginx/nginx.conf') ?? '';

beforeEach(async () => {
  deps = createDeps();
  agency = await signUpAgency(deps, 'Olive Owner');
  const client = await addClient(deps, agency.actor, 'Client Co');
  carl = await joinClientAs(deps, agency.actor, client.id, 'Carl', 'Admin');
  ({ actor: operator } = await switchInto(deps, agency.actor, client.id));
  const server = await createServer(deps, operator, {
    name: 'odoo-1',
    host: '127.0.0.1',
    port: 22,
    sshUser: 'root',
    sshPrivateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----',
    capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
  });
  ({ instance } = await createInstance(deps, operator, { serverId: server.id, name: 'Shop', odooVersion: '18.0' }));
  for (const id of deps.operationQueue.requested.splice(0)) await runOperation(deps, id);
});

describe('instance domains', () => {
  it('are refused to a client member with featureDomains off, never to the agency operator', async () => {
    await updatePortalConfig(deps, agency.actor, { featureDomains: false });
    for (const attempt of [
      () => listInstanceDomains(deps, carl.actor, instance.id),
      () => addInstanceDomain(deps, carl.actor, { id: instance.id, domain: host }),
    ])
      expect(await caught(attempt)).toMatchObject({ code: 'FEATURE_DISABLED', feature: 'featureDomains' });
    expect((await addInstanceDomain(deps, operator, { id: instance.id, domain: host })).domain).toBe(host);
    await updatePortalConfig(deps, agency.actor, { featureDomains: true });
    expect((await listInstanceDomains(deps, carl.actor, instance.id)).total).toBe(1);
  });

  it('show the records to add before any check, and refuse names under the instances’ base domain', async () => {
    const added = await addInstanceDomain(deps, carl.actor, { id: instance.id, domain: host });
    expect(added).toMatchObject({ status: 'pending', sslStatus: 'none', url: `http://${host}:8080` });
    expect(added.records).toEqual([
      { type: 'TXT', name: `_ocore-verification.${host}`, value: added.dnsVerificationToken, purpose: 'ownership' },
      { type: 'CNAME', name: host, value: 'shop.apps.test', purpose: 'routing' },
      { type: 'A', name: host, value: '127.0.0.1', purpose: 'routing' },
    ]);
    expect(await caught(() => addInstanceDomain(deps, carl.actor, { id: instance.id, domain: host }))).toMatchObject({
      code: 'DOMAIN_TAKEN',
    });
    expect(
      await caught(() => addInstanceDomain(deps, carl.actor, { id: instance.id, domain: 'other.apps.test' })),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'domain' });
    expect(deps.store.state.audit.map((e) => e.action)).toContain('instance_domain.added');
  });

  it('verify, get a certificate served with TLS by the proxy, warn before expiry, and leave the proxy when removed', async () => {
    const added = await addInstanceDomain(deps, carl.actor, { id: instance.id, domain: host });
    const early = await verifyInstanceDomain(deps, carl.actor, { id: instance.id, domainId: added.id });
    expect(early).toMatchObject({ verified: false, status: 'pending' });
    expect(deps.instanceDomainCertificates.requested).toEqual([]);

    deps.dns.set('txt', `_ocore-verification.${host}`, [added.dnsVerificationToken]);
    deps.dns.set('cname', host, ['shop.apps.test.']);
    const verified = await verifyInstanceDomain(deps, carl.actor, { id: instance.id, domainId: added.id });
    expect(verified).toMatchObject({ verified: true, status: 'verified' });
    expect(deps.instanceDomainCertificates.requested).toEqual([added.id]);

    await issueInstanceDomainCertificate(deps, added.id);
    const [domain] = (await listInstanceDomains(deps, carl.actor, instance.id)).items;
    expect(domain).toMatchObject({ sslStatus: 'active', url: `https://${host}:8443` });
    expect(deps.ca.calls).toEqual([host]);
    expect(liveConfig()).toContain(`listen 443 ssl;\n    server_name ${host};`);
    expect(liveConfig()).toContain('return 301 https://$host$request_uri;');
    expect(proxyFiles().get(`/etc/nginx/ocore/certs/${host}.key`)).toContain('key-for-erp.acme.test');
    const statuses = deps.events
      .published()
      .filter((e) => e.type === 'instance_domain.status')
      .map((e) => (e.payload['domain'] as { sslStatus: string }).sslStatus);
    expect(statuses).toEqual(expect.arrayContaining(['pending_validation', 'pending_issuance', 'active']));
    expect(JSON.stringify(deps.events.published())).not.toContain('PRIVATE KEY');

    // 13 days before expiry the sweep orders the renewal (the reminders are the notification job's).
    const ordered = deps.instanceDomainCertificates.requested.length;
    deps.clock.advance(77 * 86_400_000);
    await sweepInstanceDomains(deps, 10);
    expect(deps.instanceDomainCertificates.requested.slice(ordered)).toContain(added.id);
    expect(deps.events.published().some((e) => e.type === 'instance_domain.expiring')).toBe(false);

    await removeInstanceDomain(deps, carl.actor, { id: instance.id, domainId: added.id });
    expect(liveConfig()).not.toContain(host);
    expect(proxyFiles().has(`/etc/nginx/ocore/certs/${host}.key`)).toBe(false);
    expect((await listInstanceDomains(deps, carl.actor, instance.id)).total).toBe(0);
  });
});
