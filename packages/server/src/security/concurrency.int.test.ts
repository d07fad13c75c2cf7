import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChallTestSrv, type ChallTestSrv } from '../testing/acme/challtestsrv.js';
import { testDbKind } from '../testing/test-database.js';
import { startSecurityApp, unique, type SecurityApp } from './testing/security-app.js';
import { startSlowDns, type SlowDns } from './testing/slow-dns.js';
import { caller, objectMaker } from './testing/world.js';

/**
 * Races: 100 creates with one slug (organizations, and clients of two agencies), 50 partial
 * updates of 50 different fields of one organization's settings-like records at once, and
 * 20 verify calls on one portal domain at once (OCORE_JOBS=0, so the certificate orders stay
 * in the queue to be counted).
 */
const dnsAvailable = existsSync('/usr/bin/pebble-challtestsrv');
if (!dnsAvailable && process.env.CI !== 'true')
  console.warn(
    'pebble-challtestsrv is not installed (apt-get install pebble): skipping the parallel portal-domain verification',
  );
const platformIp = '198.51.100.7';

let t: SecurityApp;
let dns: ChallTestSrv | undefined;
/** Every DNS answer comes 400 ms late, so that all the verify calls arrive while one check runs. */
let slowDns: SlowDns | undefined;
const summary: string[] = [];

beforeAll(async () => {
  if (dnsAvailable || process.env.CI === 'true') {
    dns = await startChallTestSrv();
    slowDns = await startSlowDns(dns.dnsServer, 400);
  }
  t = await startSecurityApp({
    OCORE_JOBS: '0',
    OCORE_PUBLIC_IPS: platformIp,
    OCORE_PORTAL_BASE_DOMAIN: 'portal.test',
    ...(slowDns ? { OCORE_DNS_SERVERS: slowDns.server } : {}),
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await slowDns?.close();
  await dns?.stop();
  console.log(`concurrency: ${summary.join('; ')}`);
});

/** How many answers had each status. */
const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe('100 parallel creates with one slug', () => {
  it('organizations: exactly one is created, the others answer 409 SLUG_TAKEN', async () => {
    const user = await t.signup('Racer');
    const slug = unique('race').toLowerCase().slice(-40);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        t.api('POST', '/api/user/orgs', { token: user.token, body: { name: `Racer ${i}`, slug } }),
      ),
    );
    expect(tally(answers.map((a) => a.status))).toEqual({ 201: 1, 409: 99 });
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error === 'SLUG_TAKEN')).toBe(true);
    const mine = await t.api('GET', '/api/user/orgs', { token: user.token });
    expect((mine.body.items as { slug: string }[]).filter((o) => o.slug === slug)).toHaveLength(1);
    summary.push(`organizations ${JSON.stringify(tally(answers.map((a) => a.status)))}`);
  });

  it('agency clients, from two agencies at once: exactly one is created', async () => {
    const [first, second] = [await t.agency('First Agency'), await t.agency('Second Agency')];
    const slug = unique('client-race').toLowerCase().slice(-40);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        t.api('POST', '/api/agency/clients', {
          token: (i % 2 ? first : second).token,
          body: { name: `Client ${i}`, slug },
        }),
      ),
    );
    expect(tally(answers.map((a) => a.status))).toEqual({ 201: 1, 409: 99 });
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error === 'SLUG_TAKEN')).toBe(true);
    const totals = await Promise.all(
      [first, second].map((a) => t.api('GET', '/api/agency/clients', { token: a.token })),
    );
    expect(totals.reduce((n, r) => n + (r.body.total as number), 0)).toBe(1);
    summary.push(`clients ${JSON.stringify(tally(answers.map((a) => a.status)))}`);
  });
});

interface FieldUpdate {
  what: string;
  method: 'PUT';
  path: string;
  body: Record<string, unknown>;
  /** The value read back afterwards, from the snapshot. */
  read: (s: Record<string, any>) => unknown;
  want: unknown;
}

const onPostgres = testDbKind() === 'postgres';
/**
 * Partial updates merged in the application (read, merge, write) without a row lock: on
 * PostgreSQL two at once lose one another's sub-field. Known; see SECURITY.md.
 */
const isMergedWithoutLock = (what: string) => what.startsWith('server.capacity.') || what.startsWith('ha.');

describe('50 parallel partial updates, each of another field', () => {
  let owner: { token: string; organization: { id: string } };
  let ids: { serverId: string; topologyId: string; templateId: string };
  beforeAll(async () => {
    owner = await t.agency('Updater');
    const make = objectMaker(t, 'race', owner.token);
    const serverId = await make.server();
    ids = { serverId, topologyId: await make.topology(serverId), templateId: await make.template(false) };
  });

  /** The 50 updates of round `n`: every value depends on the round, so each round changes every field again. */
  function updatesOf(n: number): FieldUpdate[] {
    const { serverId, topologyId, templateId } = ids;
    const put = (
      what: string,
      path: string,
      body: Record<string, unknown>,
      read: FieldUpdate['read'],
      want: unknown,
    ): FieldUpdate => ({ what, method: 'PUT', path, body, read, want });
    const setting = (field: string, value: unknown) =>
      put(`settings.${field}`, '/api/org/settings', { [field]: value }, (s) => s.settings[field], value);
    const secret = (field: string, value: string) =>
      put(`settings.${field}`, '/api/org/settings', { [field]: value }, (s) => s.sealed[field], value);
    const brand = (field: string, value: unknown, want = value) =>
      put(`branding.${field}`, '/api/agency/branding', { [field]: value }, (s) => s.branding[field], want);
    const portal = (field: string, value: unknown) =>
      put(`portal.${field}`, '/api/agency/portal-config', { [field]: value }, (s) => s.portal[field], value);
    const server = (field: string, body: Record<string, unknown>, read: FieldUpdate['read'], want: unknown) =>
      put(`server.${field}`, `/api/servers/${serverId}`, body, read, want);
    const ha = (field: string, value: unknown) =>
      put(
        `ha.${field}`,
        `/api/topologies/${topologyId}/ha-config`,
        { [field]: value },
        (s) => s.topology.haConfig[field],
        value,
      );
    const template = (field: string, value: unknown) =>
      put(`template.${field}`, `/api/templates/${templateId}`, { [field]: value }, (s) => s.template[field], value);
    const odd = n % 2 === 1;
    const url = (name: string) => `https://cdn.example.com/${name}-${n}.png`;
    return [
      setting('auditRetentionDays', 100 + n),
      setting('bulkBatchSize', 300 + n),
      setting('posthogEnabled', odd),
      // A new host clears the key unless given again: the same key, so either order leaves it set.
      put(
        'settings.posthogApiHost',
        '/api/org/settings',
        { posthogApiHost: `https://eu${n}.i.posthog.com`, posthogPersonalApiKey: `phx_race_key_${n}` },
        (s) => s.settings['posthogApiHost'],
        `https://eu${n}.i.posthog.com`,
      ),
      setting('posthogUiHost', `https://eu${n}.posthog.com`),
      secret('posthogPersonalApiKey', `phx_race_key_${n}`),
      secret('posthogWebhookSecret', `whsec_race_${n}`),
      secret('subscriptionCode', `RACE-CODE-${n}`),
      brand('accentColor', `#1122${10 + n}`),
      brand('primaryColor', `#4455${10 + n}`),
      brand('fontFamily', `Inter${n}, sans-serif`),
      brand('footerText', `Raced footer ${n}`),
      brand('fromEmail', `noreply${n}@agency.example`),
      brand('logoUrl', url('logo')),
      brand('faviconUrl', url('favicon')),
      brand('loginBgUrl', url('bg')),
      brand('customCss', `.raced${n} { color: #111111; }`, expect.stringContaining(`raced${n}`)),
      ...[
        'featureTerminal',
        'featureFileEditor',
        'featureOdooShell',
        'featureMonitoring',
        'featureBackups',
        'featureDomains',
        'featureLogs',
        'featureDatabases',
        'teamManagementEnabled',
      ].map((f) => portal(f, !odd)),
      portal('infrastructureVisibility', odd ? 'limited' : 'none'),
      put('org.name', '/api/org', { name: `Raced Org ${n}` }, (s) => s.org.name, `Raced Org ${n}`),
      put('org.logoUrl', '/api/org', { logoUrl: url('org') }, (s) => s.org.logoUrl, url('org')),
      server('name', { name: `raced-server-${n}` }, (s) => s.server.name, `raced-server-${n}`),
      // A new host or port clears the stored password unless given again: the same password, so
      // either order leaves it set.
      server('port', { port: 2200 + n, sshPassword: `raced-ssh-password-${n}` }, (s) => s.server.port, 2200 + n),
      server('sshUser', { sshUser: `deployer${n}` }, (s) => s.server.sshUser, `deployer${n}`),
      server(
        'host',
        { host: `127.0.9.${n}`, sshPassword: `raced-ssh-password-${n}` },
        (s) => s.server.host,
        `127.0.9.${n}`,
      ),
      server('capacity.cpuCores', { capacity: { cpuCores: 16 + n } }, (s) => s.server.capacity.cpuCores, 16 + n),
      server(
        'capacity.memoryMb',
        { capacity: { memoryMb: 32_768 + n } },
        (s) => s.server.capacity.memoryMb,
        32_768 + n,
      ),
      server(
        'capacity.maxInstances',
        { capacity: { maxInstances: 70 + n } },
        (s) => s.server.capacity.maxInstances,
        70 + n,
      ),
      server(
        'sshPassword',
        { sshPassword: `raced-ssh-password-${n}` },
        (s) => s.sealed.sshPassword,
        `raced-ssh-password-${n}`,
      ),
      ha('lbType', odd ? 'nginx' : 'haproxy'),
      ha('filestoreType', odd ? 's3' : 'shared_nfs'),
      ha('redisEnabled', odd),
      ha('pgFailoverEnabled', odd),
      ha('lbServerId', odd ? serverId : null),
      ha('redisServerId', odd ? serverId : null),
      put(
        'topology.name',
        `/api/topologies/${topologyId}`,
        { name: `Raced Topology ${n}` },
        (s) => s.topology.name,
        `Raced Topology ${n}`,
      ),
      put(
        'topology.description',
        `/api/topologies/${topologyId}`,
        { description: `raced ${n}` },
        (s) => s.topology.description,
        `raced ${n}`,
      ),
      template('name', `Raced Template ${n}`),
      template('description', `raced template ${n}`),
      template('defaultWorkers', 2 + n),
      template('moduleList', [`sale${n}`]),
      template('isPublic', odd),
    ];
  }

  /** Sends the updates all at once, reads everything back, and names the updates that were lost. */
  async function race(updates: FieldUpdate[]): Promise<string[]> {
    const answers = await Promise.all(
      updates.map((u) => t.api(u.method, u.path, { token: owner.token, body: u.body })),
    );
    expect(answers.map((a, i) => `${updates[i]!.what} ${a.status}`).filter((s) => !s.endsWith(' 200'))).toEqual([]);
    const { serverId, topologyId, templateId } = ids;
    const get = async (path: string) =>
      (await caller(t)(path, 200, 'GET', path, owner.token)) as Record<string, unknown>;
    const db = t.app.deps.database.db;
    const open = (sealed: string | null) => (sealed ? t.app.deps.secrets.open(sealed) : null);
    const settingsRow = (
      await sql<
        Record<string, string | null>
      >`select posthog_personal_api_key_sealed as "posthogPersonalApiKey", posthog_webhook_secret_sealed as "posthogWebhookSecret", subscription_code_sealed as "subscriptionCode" from org_settings where organization_id = ${owner.organization.id}`.execute(
        db,
      )
    ).rows[0]!;
    const serverRow = (
      await sql<{
        sealed: string | null;
      }>`select ssh_password_sealed as sealed from servers where id = ${serverId}`.execute(db)
    ).rows[0]!;
    const snapshot = {
      settings: await get('/api/org/settings'),
      branding: await get('/api/agency/branding'),
      portal: await get('/api/agency/portal-config'),
      org: await get('/api/org'),
      server: await get(`/api/servers/${serverId}`),
      topology: await get(`/api/topologies/${topologyId}`),
      template: await get(`/api/templates/${templateId}`),
      sealed: {
        ...Object.fromEntries(Object.entries(settingsRow).map(([k, v]) => [k, open(v)])),
        sshPassword: open(serverRow.sealed),
      },
    };
    return updates
      .filter((u) => !expectMatches(u.read(snapshot), u.want))
      .map((u) => `${u.what}: wanted ${JSON.stringify(u.want)}, found ${JSON.stringify(u.read(snapshot))}`);
  }

  it('lose none of them (the ones merged without a row lock apart, on PostgreSQL)', async () => {
    const updates = updatesOf(1).filter((u) => !onPostgres || !isMergedWithoutLock(u.what));
    expect(updates.length).toBe(onPostgres ? 41 : 50);
    const lost = await race(updates);
    summary.push(`${updates.length} parallel partial updates of different fields, ${lost.length} lost`);
    expect(lost).toEqual([]);
  });

  // updateServer merges `capacity` and setHaConfig merges `haConfig` from the row, read FOR UPDATE
  // so that concurrent updates of different sub-fields all survive (five rounds, both databases).
  it('server capacity and topology HA sub-fields updated at once are all kept', async () => {
    const lost: string[] = [];
    for (let n = 2; n < 7; n++) lost.push(...(await race(updatesOf(n).filter((u) => isMergedWithoutLock(u.what)))));
    summary.push(`server capacity and HA sub-fields: ${lost.length} of 45 updates lost over 5 rounds`);
    expect(lost).toEqual([]);
  });
});

function expectMatches(actual: unknown, wanted: unknown): boolean {
  try {
    expect(actual).toEqual(wanted);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!dnsAvailable && process.env.CI !== 'true')('20 parallel verify calls on one portal domain', () => {
  it('share one DNS check, and one certificate order is queued, also when a second wave checks again', async () => {
    const owner = await t.agency('Verifier');
    const host = `${unique('shop').toLowerCase()}.race.test`;
    const created = await caller(t)('domain', 201, 'POST', '/api/agency/portal-domains', owner.token, {
      customDomain: host,
    });
    await dns!.setTxt(`_ocore-verification.${host}`, created.dnsVerificationToken);
    await dns!.addA(host, [platformIp]);
    const db = t.app.deps.database.db;
    const count = async () => {
      const checks = await sql<{
        n: number;
      }>`select count(*)::int as n from events where type = 'portal_domain.status' and payload->>'targetId' = ${created.id}`.execute(
        db,
      );
      const orders = await sql<{
        n: number;
      }>`select count(*)::int as n from pgboss.job where name = 'certificate-order' and data->>'domainId' = ${created.id}`.execute(
        db,
      );
      return { checks: checks.rows[0]!.n, orders: orders.rows[0]!.n };
    };
    // Calls that overlap a check share it. On a loaded machine the 20 requests do not all
    // arrive while the first check runs, and one arriving after it ended checks again: each
    // distinct answer must be one real check, and most calls must have shared one.
    const wave = async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          t.api('POST', `/api/agency/portal-domains/${created.id}/verify`, { token: owner.token }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(answers.every((a) => a.body.verified === true)).toBe(true);
      return new Set(answers.map((a) => a.body.domain.lastCheckedAt)).size;
    };
    const firstAnswers = await wave();
    const first = await count();
    const secondAnswers = await wave();
    const second = await count();
    const audited = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'portal_domain.verify' and target_id = ${created.id}`.execute(
      db,
    );
    summary.push(
      `2 waves of 20 parallel verifies: ${first.checks} then ${second.checks} DNS checks, ${second.orders} certificate order queued, ${audited.rows[0]!.n} requests audited`,
    );
    expect(first).toEqual({ checks: firstAnswers, orders: 1 });
    expect(first.checks).toBeLessThanOrEqual(3);
    expect(second).toEqual({ checks: first.checks + secondAnswers, orders: 1 });
    expect(secondAnswers).toBeLessThanOrEqual(3);
    expect(audited.rows[0]!.n).toBe(40);
  });
});
