import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChallTestSrv, type ChallTestSrv } from '../testing/acme/challtestsrv.js';
import { startAcmeTestApp } from '../testing/acme/acme-test-app.js';
import type { Pebble } from '../testing/acme/pebble.js';
import { json, startFakeHttpServer, type FakeHttpServer } from '../testing/fake-http-server.js';
import { type TestApp } from '../testing/test-app.js';

const available = existsSync('/usr/bin/pebble') && existsSync('/usr/bin/pebble-challtestsrv');

describe.skipIf(!available && process.env.CI !== 'true')('certificates by DNS-01 through an httpreq hook', () => {
  let dns: ChallTestSrv;
  let pebble: Pebble;
  let hook: FakeHttpServer;
  let t: TestApp;

  beforeAll(async () => {
    dns = await startChallTestSrv();
    // The hook stands in for the agency's DNS provider: it writes the TXT records into challtestsrv.
    hook = await startFakeHttpServer((req, res) => {
      const { fqdn, value } = JSON.parse(req.body) as { fqdn: string; value: string };
      const done = req.url === '/present' ? dns.setTxt(fqdn, value) : dns.clearTxt(fqdn);
      done.then(
        () => json(res, 200, {}),
        () => json(res, 500, {}),
      );
    });
    ({ pebble, t } = await startAcmeTestApp(dns, {
      OCORE_ACME_DNS01_HTTPREQ_URL: hook.url,
    }));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await hook?.close();
    await pebble?.stop();
    await dns?.stop();
  });

  it('publishes the _acme-challenge record through the hook and gets the certificate', async () => {
    const agency = await t.agency();
    const host = `dns01-${Date.now()}.acme.test`;
    const created = await t.api('POST', '/api/agency/portal-domains', {
      token: agency.token,
      body: { customDomain: host },
    });
    await dns.setTxt(`_ocore-verification.${host}`, created.body.dnsVerificationToken);
    await dns.addA(host, ['127.0.0.1']);
    expect(
      (await t.api('POST', `/api/agency/portal-domains/${created.body.id}/verify`, { token: agency.token })).body
        .verified,
    ).toBe(true);
    await expect
      .poll(
        async () => (await t.api('GET', '/api/agency/portal-domains', { token: agency.token })).body.items[0].sslStatus,
        { timeout: 30_000, interval: 250 },
      )
      .not.toMatch(/^(none|pending)/);
    const domain = (await t.api('GET', '/api/agency/portal-domains', { token: agency.token })).body.items[0];
    expect([domain.sslStatus, domain.sslError]).toEqual(['active', null]);
    const calls = hook.requests.map((r) => [r.url, (JSON.parse(r.body) as { fqdn: string }).fqdn]);
    expect(calls).toEqual([
      ['/present', `_acme-challenge.${host}.`],
      ['/cleanup', `_acme-challenge.${host}.`],
    ]);
  }, 60_000);
});
