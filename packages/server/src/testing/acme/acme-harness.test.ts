import { randomBytes, X509Certificate } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import { Agent } from 'node:https';
import * as acme from 'acme-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHttpServer, type FakeHttpServer } from '../fake-http-server.js';
import { startChallTestSrv, type ChallTestSrv } from './challtestsrv.js';
import { startPebble, type Pebble } from './pebble.js';

// CI must have Pebble installed; elsewhere the suite is skipped when it is not.
const hasPebble = existsSync('/usr/bin/pebble') && existsSync('/usr/bin/pebble-challtestsrv');

describe.skipIf(!hasPebble && process.env.CI !== 'true')('ACME test harness (challtestsrv + Pebble)', () => {
  let dns: ChallTestSrv | undefined;
  let pebble: Pebble | undefined;
  let challengeServer: FakeHttpServer | undefined;
  const keyAuthorizations = new Map<string, string>();
  const acmeDefaults = { httpsAgent: acme.axios.defaults.httpsAgent, proxy: acme.axios.defaults.proxy };

  beforeAll(async () => {
    dns = await startChallTestSrv();
    challengeServer = await startFakeHttpServer((req, res) => {
      const token = /^\/\.well-known\/acme-challenge\/([^/?]+)$/.exec(req.url)?.[1];
      const keyAuthorization = token === undefined ? undefined : keyAuthorizations.get(token);
      res.writeHead(keyAuthorization === undefined ? 404 : 200, { 'Content-Type': 'text/plain' });
      res.end(keyAuthorization ?? 'not found');
    });
    pebble = await startPebble({ dnsServer: dns.dnsServer, httpPort: Number(new URL(challengeServer.url).port) });
    // acme-client 5 has one process-wide axios instance: this is the only way to trust Pebble.
    acme.axios.defaults.httpsAgent = new Agent({ ca: pebble.caCertPem });
    acme.axios.defaults.proxy = false;
  }, 20_000);

  afterAll(async () => {
    acme.axios.defaults.httpsAgent = acmeDefaults.httpsAgent;
    acme.axios.defaults.proxy = acmeDefaults.proxy;
    await Promise.all([pebble?.stop(), dns?.stop(), challengeServer?.close()]);
  });

  function resolver(): Resolver {
    const result = new Resolver({ timeout: 1_000, tries: 1 });
    result.setServers([dns!.dnsServer]);
    return result;
  }

  it('serves, replaces and clears TXT records', async () => {
    const name = `_ocore-challenge.${randomLabel()}.example`;
    await dns!.setTxt(name, 'first');
    await dns!.setTxt(name, 'second');
    expect(await resolver().resolveTxt(name)).toEqual([['second']]);
    await dns!.addTxt(name, 'third');
    expect((await resolver().resolveTxt(name)).flat().sort()).toEqual(['second', 'third']);

    await dns!.clearTxt(name);
    await expect(resolver().resolveTxt(name)).rejects.toMatchObject({
      code: expect.stringMatching(/^(ENODATA|ENOTFOUND)$/),
    });
  });

  it('answers no A record for unknown names and the ones added otherwise', async () => {
    const name = `${randomLabel()}.example`;
    await expect(resolver().resolve4(name)).rejects.toMatchObject({ code: 'ENODATA' });
    await expect(resolver().resolve6(name)).rejects.toMatchObject({ code: 'ENODATA' });

    await dns!.addA(name, ['192.0.2.10', '192.0.2.11']);
    expect((await resolver().resolve4(name)).sort()).toEqual(['192.0.2.10', '192.0.2.11']);
    await dns!.clearA(name);
    await expect(resolver().resolve4(name)).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('serves CNAMEs and SERVFAIL', async () => {
    const [alias, target] = [`www.${randomLabel()}.example`, `edge.${randomLabel()}.example`];
    await dns!.addA(target, ['192.0.2.20']);
    await dns!.setCname(alias, target);
    expect(await resolver().resolveCname(alias)).toEqual([target]);
    expect(await resolver().resolve4(alias)).toEqual(['192.0.2.20']);
    await dns!.clearCname(alias);
    await expect(resolver().resolveCname(alias)).rejects.toMatchObject({ code: 'ENODATA' });

    await dns!.setServfail(alias);
    await expect(resolver().resolve4(alias)).rejects.toMatchObject({ code: 'ESERVFAIL' });
    await dns!.clearServfail(alias);
  });

  it('issues a certificate through HTTP-01 answered by a server of the test', async () => {
    const name = `test-${randomLabel()}.example`;
    await dns!.addA(name, ['127.0.0.1']);
    const [, csr] = await acme.crypto.createCsr(
      { commonName: name, altNames: [name] },
      await acme.crypto.createPrivateEcdsaKey(),
    );
    // Its default backoff starts at 5 s between polls, far slower than Pebble without sleeps.
    const client = new acme.Client({
      directoryUrl: pebble!.directoryUrl,
      accountKey: await acme.crypto.createPrivateEcdsaKey(),
      backoffAttempts: 30,
      backoffMin: 100,
      backoffMax: 500,
    });

    const chainPem = await client.auto({
      csr,
      termsOfServiceAgreed: true,
      challengePriority: ['http-01'],
      // acme-client's own pre-check would resolve the name with the system resolver.
      skipChallengeVerification: true,
      challengeCreateFn: async (_authz, challenge, keyAuthorization) =>
        void keyAuthorizations.set(challenge.token, keyAuthorization),
      challengeRemoveFn: async (_authz, challenge) => void keyAuthorizations.delete(challenge.token),
    });

    const chain = splitPemChain(chainPem).map((pem) => new X509Certificate(pem));
    const root = new X509Certificate(await pebble!.rootCertPem());
    expect(chain.length).toBeGreaterThanOrEqual(2);
    expect(chain[0]!.subjectAltName).toContain(`DNS:${name}`);
    chain.forEach((cert, i) => expect(cert.verify((chain[i + 1] ?? root).publicKey)).toBe(true));
    expect(challengeServer!.requests.some((req) => req.url.startsWith('/.well-known/acme-challenge/'))).toBe(true);
    expect(keyAuthorizations.size).toBe(0);
  }, 30_000);
});

function randomLabel(): string {
  return randomBytes(6).toString('hex');
}

function splitPemChain(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
