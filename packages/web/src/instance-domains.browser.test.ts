/// <reference types="node" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, inviteAndAccept, openSignedIn } from './testing/browser-harness';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import { hasChalltestsrv, startMockDns, type MockDns } from './testing/challtestsrv';
import { startInfrastructureSuite, type InfrastructureSuite } from './testing/infrastructure-suite';

/*
 * An instance's Domains tab in headless Chromium, against the real server: a client member
 * in the portal is refused while the agency has featureDomains off (page and API), and with it
 * on adds a domain and sees the records to add and the status in words; the agency's
 * operator is never refused. Certificates and TLS are the docker test's
 * (instance-domains.docker.int.test.ts).
 */

warnIfSkipped('instance-domains.browser.test');

const carl = { name: 'Carl Client', email: 'carl.domains@example.com', password: 'correct horse battery staple 9' };

describe.skipIf(!runsInBrowser)('instance domains in Chromium', () => {
  let suite: InfrastructureSuite;
  let portal: Page;
  let operatorToken: string;
  let carlToken: string;
  let instanceId: string;
  let dns: MockDns | undefined;

  beforeAll(async () => {
    // DNS answers from the test's own server on loopback, never the system's resolvers.
    dns = hasChalltestsrv ? await startMockDns() : undefined;
    suite = await startInfrastructureSuite(
      { name: 'Dora Domains', email: 'dora.domains@example.com' },
      { OCORE_INSTANCE_BASE_DOMAIN: 'apps.test', ...(dns ? { OCORE_DNS_SERVERS: dns.dnsServer } : {}) },
    );
    await suite.api('/agency/enable', { method: 'POST' });
    const client = await suite.api('/agency/clients', { method: 'POST', body: { name: 'Acme Corp' } });
    operatorToken = (await suite.api('/auth/switch-org', { method: 'POST', body: { organizationId: client.id } }))
      .token;
    const asOperator = async (path: string, init: { method?: string; body?: unknown } = {}) =>
      (await callApi(suite.app.url, path, { token: operatorToken, ...init })).body as any;
    const server = await asOperator('/servers', {
      method: 'POST',
      body: {
        name: 'web-1',
        host: '127.0.0.1',
        port: suite.sshd.port,
        capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 5 },
      },
    });
    instanceId = (
      await asOperator('/instances', {
        method: 'POST',
        body: { serverId: server.id, name: 'Shop', odooVersion: '18.0' },
      })
    ).instanceId;
    await callApi(suite.app.url, '/auth/signup', { method: 'POST', body: carl });
    carlToken = await inviteAndAccept(suite.app, operatorToken, { ...carl, role: 'Admin' });
    portal = await openSignedIn(suite.browser, suite.app.url, carlToken, suite.pageErrors);
  });

  afterAll(async () => {
    await suite?.close();
    await dns?.stop();
  });

  it('refuses the page and the API to a client member while featureDomains is off, not the operator', async () => {
    await suite.api('/agency/portal-config', { method: 'PUT', body: { featureDomains: false } });
    await portal.goto(`${suite.app.url}/domains`);
    await portal.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await portal.getByRole('navigation', { name: 'Main' }).getByText('Domains').count()).toBe(0);
    const refused = await callApi(suite.app.url, `/instances/${instanceId}/domains`, { token: carlToken });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain('featureDomains');
    const operator = await callApi(suite.app.url, `/instances/${instanceId}/domains`, { token: operatorToken });
    expect(operator.status).toBe(200);
  });

  it('with featureDomains on, adds a domain and shows the records to add and its status in words', async () => {
    await suite.api('/agency/portal-config', { method: 'PUT', body: { featureDomains: true } });
    await portal.goto(`${suite.app.url}/domains`);
    await portal.getByRole('heading', { level: 1, name: 'Domains' }).waitFor();
    await portal.getByLabel('Domain').fill('erp.acme.test');
    await portal.getByRole('button', { name: 'Add domain' }).click();
    const item = portal.getByRole('listitem', { name: 'erp.acme.test' });
    await item.getByText('DNS pending').waitFor();
    await item.getByText('_ocore-verification.erp.acme.test').waitFor();
    await item.getByText('shop.apps.test').waitFor();
    expect(await item.getByRole('button', { name: /Copy TXT value/ }).count()).toBe(1);
    expect(await item.getByRole('link', { name: /Visit http:\/\/erp\.acme\.test/ }).getAttribute('href')).toMatch(
      /^http:\/\/erp\.acme\.test/,
    );
    // No OCORE_PROXY_HTTPS_PORT here: the certificate state says so in words.
    await item.getByText('No certificate: this platform serves instances over http only.').waitFor();

    if (dns) {
      await item.getByRole('button', { name: 'Check DNS now' }).click();
      await item.getByText('Checked just now: not verified yet.').waitFor();
      await item
        .getByText(/No TXT record at _ocore-verification\.erp\.acme\.test/)
        .first()
        .waitFor();
    }

    await portal.getByLabel('Domain').fill('not a domain');
    await portal.getByRole('button', { name: 'Add domain' }).click();
    await portal.getByText('must be a valid hostname such as erp.example.com').waitFor();
    expect(suite.pageErrors).toEqual([]);
  });
});
