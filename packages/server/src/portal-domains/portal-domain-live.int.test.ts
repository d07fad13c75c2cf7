import { existsSync } from 'node:fs';
import { connect } from 'node:tls';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import type { PortalDomain } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppRouter } from '../trpc/app.router.js';
import { startChallTestSrv, type ChallTestSrv } from '../testing/acme/challtestsrv.js';
import { startAcmeTestApp } from '../testing/acme/acme-test-app.js';
import type { Pebble } from '../testing/acme/pebble.js';
import { type TestApp } from '../testing/test-app.js';

const available = existsSync('/usr/bin/pebble') && existsSync('/usr/bin/pebble-challtestsrv');
if (!available && process.env.CI !== 'true')
  console.warn('pebble is not installed (apt-get install pebble): skipping the live portal-domain tests');

let dns: ChallTestSrv;
let pebble: Pebble;
let t: TestApp;
const sockets: ReturnType<typeof createWSClient>[] = [];

type Seen = { type: string; payload: { domain?: PortalDomain } };

function follow(token: string, sink: Seen[]): Promise<void> {
  const ws = createWSClient({
    url: `${t.url.replace('http', 'ws')}/trpc`,
    WebSocket: WebSocket as never,
    connectionParams: { token },
  });
  sockets.push(ws);
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  return new Promise((resolve) => {
    client.portalDomains.onStatus.subscribe(undefined, {
      onStarted: () => resolve(),
      onData: (e) => sink.push({ type: e.data.type, payload: 'domain' in e.data.payload ? e.data.payload : {} }),
    });
  });
}

/** The certificate the server presents for `servername`. */
function presented(
  port: number,
  servername: string,
  ca: string,
): Promise<{ subjectaltname: string | undefined; authorized: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, ca }, () => {
      resolve({ subjectaltname: socket.getPeerCertificate().subjectaltname, authorized: socket.authorized });
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe.skipIf(!available && process.env.CI !== 'true')(
  'portal domains for real: DNS on loopback, certificates from Pebble, live over WebSocket',
  () => {
    beforeAll(async () => {
      dns = await startChallTestSrv();
      ({ pebble, t } = await startAcmeTestApp(dns, {
        OCORE_HTTPS_PORT: '0',
        OCORE_PORTAL_BASE_DOMAIN: 'portal.test',
        OCORE_DOMAIN_RECHECK_SECONDS: '1',
        OCORE_DOMAIN_MISCONFIGURED_AFTER_SECONDS: '0',
      }));
    }, 60_000);
    afterAll(async () => {
      for (const ws of sockets) await ws.close();
      await t?.close();
      await pebble?.stop();
      await dns?.stop();
    });

    it('verifies ownership, obtains a certificate, serves it by SNI, and notices when the record goes', async () => {
      const agency = await t.agency();
      const other = await t.agency();
      const seen: Seen[] = [];
      const strangerSaw: Seen[] = [];
      await follow(agency.token, seen);
      await follow(other.token, strangerSaw);

      const host = `shop-${Date.now()}.acme.test`;
      const created = await t.api('POST', '/api/agency/portal-domains', {
        token: agency.token,
        body: { subdomain: `shop-${Date.now()}`, customDomain: host },
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;

      const early = await t.api('POST', `/api/agency/portal-domains/${id}/verify`, { token: agency.token });
      expect(early.body).toMatchObject({ verified: false, status: 'pending' });
      expect(early.body.diagnostics.txt.status).toBe('no_record');
      expect(early.body.diagnostics.pointing.status).toBe('not_pointing');
      expect(early.body.domain.nextCheckAt).toBeTruthy();

      await dns.setTxt(`_ocore-verification.${host}`, 'some-other-value');
      const wrong = await t.api('POST', `/api/agency/portal-domains/${id}/verify`, { token: agency.token });
      expect(wrong.body.diagnostics.txt).toMatchObject({ status: 'wrong_value', found: ['some-other-value'] });

      await dns.setTxt(`_ocore-verification.${host}`, created.body.dnsVerificationToken);
      await dns.addA(host, ['127.0.0.1']);
      const verified = await t.api('POST', `/api/agency/portal-domains/${id}/verify`, { token: agency.token });
      expect(verified.body).toMatchObject({
        verified: true,
        status: 'verified',
        domain: { dnsVerified: true, isActive: true },
      });
      expect(verified.body.diagnostics.pointing.status).toBe('address');

      await expect
        .poll(
          async () =>
            (await t.api('GET', '/api/agency/portal-domains', { token: agency.token })).body.items[0].sslStatus,
          { timeout: 30_000, interval: 250 },
        )
        .toBe('active');
      const cert = await presented(Number(new URL(t.app.httpsUrl!).port), host, await pebble.rootCertPem());
      expect(cert.subjectaltname).toContain(`DNS:${host}`);
      expect(cert.authorized).toBe(true);

      expect((await t.api('GET', `/api/portal/tls-ask?domain=${host}`)).status).toBe(200);
      expect((await t.api('GET', '/api/portal/tls-ask?domain=unknown.acme.test')).status).toBe(404);

      await dns.clearTxt(`_ocore-verification.${host}`);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await t.app.jobs!.runNow('portal-domain-sweep');
      await expect
        .poll(
          async () => (await t.api('GET', '/api/agency/portal-domains', { token: agency.token })).body.items[0].status,
          { timeout: 20_000, interval: 250 },
        )
        .toBe('misconfigured');

      const statesOf = () => seen.filter((e) => e.payload.domain?.id === id).map((e) => e.payload.domain!);
      // The event is published after the commit that the read above already sees: wait for it.
      await expect.poll(() => statesOf().at(-1)?.status, { timeout: 10_000 }).toBe('misconfigured');
      const states = statesOf();
      expect(states.some((d) => !d.dnsVerified)).toBe(true);
      expect(states.some((d) => d.dnsVerified && d.status === 'verified')).toBe(true);
      const ssl = states.map((d) => d.sslStatus).filter((s, i, all) => s !== all[i - 1]);
      expect(ssl).toEqual(expect.arrayContaining(['none', 'pending_validation', 'pending_issuance', 'active']));
      expect(ssl.indexOf('pending_validation')).toBeLessThan(ssl.indexOf('pending_issuance'));
      expect(ssl.indexOf('pending_issuance')).toBeLessThan(ssl.indexOf('active'));
      expect(strangerSaw).toEqual([]);
    }, 90_000);
  },
);
