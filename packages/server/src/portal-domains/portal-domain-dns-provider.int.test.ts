import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChallTestSrv, type ChallTestSrv } from '../testing/acme/challtestsrv.js';
import { startAcmeTestApp } from '../testing/acme/acme-test-app.js';
import type { Pebble } from '../testing/acme/pebble.js';
import { json, startFakeHttpServer, type FakeHttpServer, type RecordedRequest } from '../testing/fake-http-server.js';
import { type TestApp } from '../testing/test-app.js';

const available = existsSync('/usr/bin/pebble') && existsSync('/usr/bin/pebble-challtestsrv');
const apiToken = 'cf_test_token_0123456789abcdefghijklmnop';
const zoneId = '0123456789abcdef0123456789abcdef';

describe.skipIf(!available && process.env.CI !== 'true')(
  "certificates by DNS-01 through an organization's provider",
  () => {
    let dns: ChallTestSrv;
    let pebble: Pebble;
    let cloudflare: FakeHttpServer;
    let hook: FakeHttpServer;
    let t: TestApp;

    /** Cloudflare's API as far as DNS-01 uses it: zones by name, TXT records created and deleted. */
    function answerAsCloudflare(req: RecordedRequest, res: Parameters<Parameters<typeof startFakeHttpServer>[0]>[1]) {
      if (req.headers.authorization !== `Bearer ${apiToken}`)
        return json(res, 403, { success: false, errors: [{ code: 10000, message: 'Authentication error' }] });
      const url = new URL(req.url, 'http://cloudflare.invalid');
      const records = /^\/zones\/([a-f0-9]{32})\/dns_records(?:\/([\w-]+))?$/.exec(url.pathname);
      if (url.pathname === '/zones' && req.method === 'GET') {
        const known = url.searchParams.get('name') === 'acme.test';
        return json(res, 200, { success: true, errors: [], result: known ? [{ id: zoneId, name: 'acme.test' }] : [] });
      }
      if (!records || records[1] !== zoneId)
        return json(res, 404, { success: false, errors: [{ message: 'no zone' }] });
      if (req.method === 'POST') {
        const { type, name, content } = JSON.parse(req.body) as { type: string; name: string; content: string };
        if (type !== 'TXT') return json(res, 400, { success: false, errors: [{ message: 'TXT only here' }] });
        const id = Buffer.from(name).toString('hex').slice(0, 32);
        return void dns.setTxt(name, content).then(() => json(res, 200, { success: true, result: { id, name } }));
      }
      if (req.method === 'DELETE' && records[2]) {
        const name = Buffer.from(records[2], 'hex').toString();
        return void dns.clearTxt(name).then(() => json(res, 200, { success: true, result: { id: records[2] } }));
      }
      return json(res, 405, { success: false, errors: [{ message: 'not here' }] });
    }

    beforeAll(async () => {
      dns = await startChallTestSrv();
      cloudflare = await startFakeHttpServer(answerAsCloudflare);
      hook = await startFakeHttpServer((req, res) => {
        const { fqdn, value } = JSON.parse(req.body) as { fqdn: string; value: string };
        const done = req.url === '/present' ? dns.setTxt(fqdn, value) : dns.clearTxt(fqdn);
        void done.then(() => json(res, 200, {}));
      });
      ({ pebble, t } = await startAcmeTestApp(dns, {
        OCORE_CLOUDFLARE_API_URL: cloudflare.url,
        // An organization's hook is a loopback server of the test's own.
        OCORE_ALLOW_PRIVATE_EGRESS: '1',
      }));
    }, 60_000);
    afterAll(async () => {
      await t?.close();
      await cloudflare?.close();
      await hook?.close();
      await pebble?.stop();
      await dns?.stop();
    });

    /** An agency with `dnsProvider` adds a custom domain under acme.test; answers its settled SSL state. */
    async function orderWith(dnsProvider: Record<string, unknown>, label: string) {
      const agency = await t.agency();
      const saved = await t.api('PUT', '/api/org/settings', { token: agency.token, body: { dnsProvider } });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      const host = `${label}-${Date.now()}.acme.test`;
      const created = await t.api('POST', '/api/agency/portal-domains', {
        token: agency.token,
        body: { customDomain: host },
      });
      await dns.setTxt(`_ocore-verification.${host}`, created.body.dnsVerificationToken);
      await dns.addA(host, ['127.0.0.1']);
      const verify = await t.api('POST', `/api/agency/portal-domains/${created.body.id}/verify`, {
        token: agency.token,
      });
      expect(verify.body.verified).toBe(true);
      const settled = async () =>
        (await t.api('GET', '/api/agency/portal-domains', { token: agency.token })).body.items[0] as {
          sslStatus: string;
          sslError: string | null;
        };
      await expect
        .poll(async () => (await settled()).sslStatus, { timeout: 40_000, interval: 250 })
        .not.toMatch(/^(none|pending)/);
      return { host, domain: await settled() };
    }

    it("creates the _acme-challenge record through Cloudflare's API, waits for it, gets the certificate, deletes it", async () => {
      const { host, domain } = await orderWith({ kind: 'cloudflare', apiToken }, 'cf');
      expect([domain.sslStatus, domain.sslError]).toEqual(['active', null]);
      const calls = cloudflare.requests.filter((r) => r.url.startsWith('/zones/'));
      const name = `_acme-challenge.${host}`;
      expect(calls.map((r) => r.method)).toEqual(['POST', 'DELETE']);
      expect(JSON.parse(calls[0]!.body)).toMatchObject({ type: 'TXT', name });
      expect(calls[1]!.url).toBe(`/zones/${zoneId}/dns_records/${Buffer.from(name).toString('hex').slice(0, 32)}`);
      expect(hook.requests).toEqual([]);
    }, 60_000);

    it("fails the order with Cloudflare's reason, never the token, when the token is refused", async () => {
      const { domain } = await orderWith({ kind: 'cloudflare', apiToken: 'x'.repeat(40), zoneId }, 'cf-denied');
      expect(domain.sslStatus).toBe('failed');
      expect(domain.sslError).toMatch(/Cloudflare answered HTTP 403 .*Authentication error/);
      expect(domain.sslError).not.toContain('x'.repeat(40));
    }, 60_000);

    it("publishes through the organization's own httpreq hook, with its basic auth", async () => {
      const password = 'hook-password-123';
      const { host, domain } = await orderWith(
        { kind: 'httpreq', url: `${hook.url}/`, username: 'acme-user', password },
        'hook',
      );
      expect([domain.sslStatus, domain.sslError]).toEqual(['active', null]);
      const basic = `Basic ${Buffer.from(`acme-user:${password}`).toString('base64')}`;
      expect(hook.requests.map((r) => [r.url, r.headers.authorization, JSON.parse(r.body).fqdn])).toEqual([
        ['/present', basic, `_acme-challenge.${host}.`],
        ['/cleanup', basic, `_acme-challenge.${host}.`],
      ]);
    }, 60_000);
  },
);
