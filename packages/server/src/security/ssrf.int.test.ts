import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpPosthogClient } from '../org-settings/http-posthog.client.js';
import { createHttpSubscriptionVerifier } from '../org-settings/http-subscription.verifier.js';
import { createGuardedFetch } from '../shared/egress/guarded-fetch.js';
import { startChallTestSrv, type ChallTestSrv } from '../testing/acme/challtestsrv.js';
import { startListener, type LoopbackListener } from './testing/loopback-listener.js';
import { startSecurityApp, type SecurityApp } from './testing/security-app.js';
import { routeNamesTo } from './testing/test-dns.js';

/**
 * Server-side request forgery. The features that fetch a user-supplied URL (the PostHog host
 * of the organization settings, asked by test-posthog) and the operator's subscription
 * authority are pointed at loopback, private, link-local and cloud-metadata addresses, in
 * every spelling, at names that resolve to them (a DNS server of the test's own), and at a
 * redirector that sends them there. A listener of the test's own on loopback records every
 * request that reaches it: none may. (SSH to servers and their TCP probe reach private
 * addresses on purpose: that is the operator's own infrastructure, not counted here.)
 */
const dnsAvailable = existsSync('/usr/bin/pebble-challtestsrv');
if (!dnsAvailable && process.env.CI !== 'true')
  console.warn(
    'pebble-challtestsrv is not installed (apt-get install pebble): skipping the SSRF cases that need names resolving to private addresses',
  );
const withDns = dnsAvailable || process.env.CI === 'true';

let t: SecurityApp;
let token: string;
let trap: LoopbackListener;
let trap6: LoopbackListener | undefined;
let redirector: LoopbackListener;
let dns: ChallTestSrv | undefined;
let restoreDns: (() => void) | undefined;
const queried = new Map<string, number>();
const tried = { app: 0, redirects: 0, names: 0 };

const trapHits = () => trap.hits.length + (trap6?.hits.length ?? 0);

beforeAll(async () => {
  trap = await startListener();
  trap6 = await startListener(undefined, '::1').catch(() => undefined);
  // Each request to /<n> is sent on to the n-th target of `redirectTargets`.
  redirector = await startListener((hit, res) =>
    res.writeHead(302, { location: redirectTargets()[Number(hit.url.slice(1))] ?? '/' }).end(),
  );
  t = await startSecurityApp({ OCORE_SUBSCRIPTION_VERIFY_URL: `${trap.origin}/verify` });
  token = (await t.signup('SSRF')).token;
  await t.api('PUT', '/api/org/settings', { token, body: { posthogPersonalApiKey: 'phx_ssrf_key' } });
  if (withDns) {
    dns = await startChallTestSrv();
    await dns.addA('loopback.ssrf.test', ['127.0.0.1']);
    await dns.addA('redirector.ssrf.test', ['127.0.0.1']);
    await dns.addA('metadata.ssrf.test', ['169.254.169.254']);
    await dns.addA('private.ssrf.test', ['10.1.2.3']);
    await dns.addA('mixed.ssrf.test', ['93.184.216.34', '127.0.0.1']);
    await dns.addAaaa('six.ssrf.test', ['::1']);
    await dns.addAaaa('ula.ssrf.test', ['fd00:ec2::254']);
    await dns.setCname('alias.ssrf.test', 'loopback.ssrf.test');
    restoreDns = routeNamesTo(dns.dnsServer, '.ssrf.test', queried);
  }
}, 60_000);
afterAll(async () => {
  restoreDns?.();
  await t?.close();
  await Promise.all([trap?.close(), trap6?.close(), redirector?.close(), dns?.stop()]);
});

/**
 * Every spelling of "this machine", "the private network" and "the cloud metadata service";
 * `{p}` is the listener's port, `{p6}` its IPv6 twin's.
 */
const literalTemplates = [
  'http://127.0.0.1:{p}/',
  'http://localhost:{p}/',
  'http://127.1:{p}/',
  'http://2130706433:{p}/',
  'http://0x7f000001:{p}/',
  'http://0177.0.0.1:{p}/',
  'http://0.0.0.0:{p}/',
  'http://[::ffff:127.0.0.1]:{p}/',
  'http://[::ffff:7f00:1]:{p}/',
  'http://[::127.0.0.1]:{p}/',
  'http://[::1]:{p6}/',
  'http://[0:0:0:0:0:0:0:1]:{p6}/',
  'http://169.254.169.254/latest/meta-data/',
  'http://[fd00:ec2::254]/latest/meta-data/',
  'http://100.100.100.200/latest/meta-data/',
  'http://10.0.0.1/',
  'http://172.16.0.1/',
  'http://192.168.0.1/',
  'http://[fe80::1]/',
  'http://[fc00::1]/',
  'https://127.0.0.1:{p}/',
];
const names = ['loopback', 'metadata', 'private', 'mixed', 'six', 'ula', 'alias'];
// https: plain http to a name is refused before it is resolved (outside OCORE_ALLOW_PRIVATE_EGRESS=1).
const nameTemplates = names.map((n) => `https://${n}.ssrf.test:${n === 'six' ? '{p6}' : '{p}'}/`);

const ports = (template: string) =>
  template.replace('{p6}', String(trap6?.port ?? trap.port)).replace('{p}', String(trap.port));
const literalTargets = () => literalTemplates.map(ports);
const nameTargets = () => nameTemplates.map(ports);

/** Where the redirector sends each request; the last one goes round through the redirector again. */
function redirectTargets(): string[] {
  const direct = [...literalTargets(), ...(withDns ? nameTargets() : [])].filter(
    (u) => new URL(u).hostname !== entryHost(),
  );
  return [...direct, `http://${entryHost()}:${redirector.port}/0`];
}

/** The redirector's name, exempted as if it were a public host; nothing it redirects to is. */
const entryHost = () => (withDns ? 'redirector.ssrf.test' : 'localhost');

async function testPosthog(host: string): Promise<{ success: boolean; message: string }> {
  // A new host clears a stored key unless the same request gives it again.
  const saved = await t.api('PUT', '/api/org/settings', {
    token,
    body: { posthogApiHost: host, posthogPersonalApiKey: 'phx_ssrf_key' },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const res = await t.api('POST', '/api/org/settings/test-posthog', { token });
  expect(res.status).toBe(200);
  tried.app += 1;
  return res.body;
}

describe('the PostHog host of the organization settings', () => {
  it.each(literalTemplates)('%s is refused before a connection is made', async (template) => {
    const answer = await testPosthog(ports(template));
    expect(answer.success).toBe(false);
    expect(answer.message).toMatch(/Refusing to contact PostHog/);
    expect(trapHits()).toBe(0);
  });

  it.skipIf(!withDns).each(names)('the name %s.ssrf.test, resolving to a private address, is refused', async (name) => {
    const before = queried.get(`${name}.ssrf.test`) ?? 0;
    const answer = await testPosthog(nameTargets().find((u) => u.includes(`//${name}.`))!);
    tried.names += 1;
    expect(answer.success).toBe(false);
    // Refused without repeating what the name resolves to.
    expect(answer.message).toMatch(/Refusing to contact PostHog.*resolves to a non-public address$/);
    // Resolved once, when connecting: no earlier answer could differ from the one dialled.
    expect((queried.get(`${name}.ssrf.test`) ?? 0) - before).toBeGreaterThanOrEqual(1);
    expect(trapHits()).toBe(0);
  });

  it.skipIf(!withDns)(
    'a name rebound from a public address to loopback between saving and testing is refused',
    async () => {
      await dns!.clearA('rebind.ssrf.test');
      await dns!.addA('rebind.ssrf.test', ['93.184.216.34']);
      await t.api('PUT', '/api/org/settings', {
        token,
        body: { posthogApiHost: `https://rebind.ssrf.test:${trap.port}`, posthogPersonalApiKey: 'phx_ssrf_key' },
      });
      await dns!.clearA('rebind.ssrf.test');
      await dns!.addA('rebind.ssrf.test', ['127.0.0.1']);
      const res = await t.api('POST', '/api/org/settings/test-posthog', { token });
      expect(res.body.message).toMatch(/Refusing to contact PostHog.*resolves to a non-public address$/);
      expect(res.body.message).not.toContain('127.0.0.1');
      expect(trapHits()).toBe(0);
    },
  );
});

describe('the subscription authority (operator-configured, on loopback here)', () => {
  it('is refused too: its check is skipped, saying why', async () => {
    const res = await t.api('POST', '/api/org/settings/validate-subscription', {
      token,
      body: { code: 'VALIDCODE-1234' },
    });
    expect(res.status).toBe(200);
    expect(res.body.checks).toContainEqual(
      expect.objectContaining({
        name: 'remote',
        status: 'skipped',
        detail: expect.stringMatching(/Refusing to connect to 127\.0\.0\.1/),
      }),
    );
    expect(trapHits()).toBe(0);
  });
});

describe('redirects to private addresses, through the guard and clients wired as app.ts wires them', () => {
  const guarded = () =>
    createGuardedFetch({
      allowPrivate: false,
      timeoutMs: 3_000,
      allowPrivateFor: (hostname) => hostname === entryHost(),
    });

  it('are refused for PostHog and for the subscription authority, whatever the target', async () => {
    const posthog = createHttpPosthogClient(guarded());
    const targets = redirectTargets();
    for (let i = 0; i < targets.length; i++) {
      const entry = `http://${entryHost()}:${redirector.port}/${i}`;
      const probe = await posthog.currentProject(entry, 'phx_key');
      expect(probe, targets[i]).toMatchObject({ ok: false });
      expect(probe.ok === false && probe.reason, `${targets[i]}: ${JSON.stringify(probe)}`).toMatch(
        /blocked_address|not_posthog/,
      );
      const verdict = await createHttpSubscriptionVerifier({ url: entry, fetchFn: guarded() }).verify(
        'VALIDCODE-1234',
        '18.0',
      );
      expect(verdict, targets[i]).toMatchObject({
        checked: false,
        reason: expect.stringMatching(/Refusing|Too many redirects/),
      });
      tried.redirects += 2;
    }
    expect(redirector.hits.length).toBeGreaterThanOrEqual(targets.length * 2);
    expect(trapHits()).toBe(0);
  });
});

describe('summary', () => {
  it('reached the listener 0 times', () => {
    console.log(
      `ssrf: ${tried.app} PostHog hosts tried through the API (${tried.names} names resolving to private addresses, DNS ${withDns ? 'on' : 'skipped'}), ${tried.redirects} redirected requests; listener hits: ${trapHits()}`,
    );
    expect(trapHits()).toBe(0);
  });
});
