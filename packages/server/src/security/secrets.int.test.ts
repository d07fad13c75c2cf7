import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealedColumns } from '../maintenance/sealed-columns.js';
import { testJwtSecret, testMasterKey } from '../testing/test-app.js';
import { contract } from './testing/contract.js';
import { readAllText, type StoredText } from './testing/database-scan.js';
import { closedPort, startListener, type LoopbackListener } from './testing/loopback-listener.js';
import { listProcedures } from './testing/procedures.js';
import { makeFresh } from './testing/scope.js';
import { startSecurityApp, unique, type SecurityApp } from './testing/security-app.js';
import { callRest, subscribeWs } from './testing/transport.js';
import { caller, graphOn, populate, type Home } from './testing/world.js';

/**
 * Every secret set for real (settings' PostHog keys and subscription code, servers' SSH keys
 * and passwords, the passwords a deploy generates, a user's password, the operator's keys),
 * then looked for in plain text in every answer of every read, in the logs at trace level,
 * in the audit log, in disaster-recovery exports, and in every text and JSON column of the
 * database. Sealed values must show up only in the columns key rotation knows of.
 */
const tag = randomBytes(6).toString('hex');
const secrets: Record<string, string> = {
  posthogPersonalApiKey: `phx_personal_${tag}`,
  posthogWebhookSecret: `whsec_webhook_${tag}`,
  subscriptionCode: `SUBSCRIPTION-${tag}`,
  givenSubscriptionCode: `GIVEN-CODE-${tag}`,
  sshPassword: `ssh-password-${tag}`,
  replacedSshPassword: `ssh-password-replaced-${tag}`,
  clientSshPassword: `client-ssh-password-${tag}`,
  sshKeyBody: `b3BlbnNzaC1rZXktdjE${tag}AAAA`,
  userPassword: `user-password-${tag}`,
  verifyToken: `verify-token-${tag}`,
  masterKey: testMasterKey,
  jwtSecret: testJwtSecret,
};
const sshPrivateKey = `-----BEGIN OPENSSH PRIVATE KEY-----\n${secrets['sshKeyBody']}\n-----END OPENSSH PRIVATE KEY-----\n`;

let t: SecurityApp;
let posthog: LoopbackListener;
let verifier: LoopbackListener;
let agency: Home;
let client: Home;
let drDocument: unknown;
/** Bearer tokens: expected in sign-in answers, never in logs or storage. */
const tokens: string[] = [];
const answers: { source: string; text: string }[] = [];

async function read(source: string, method: string, path: string, token: string, body?: unknown) {
  const res = await t.api(method, path, { token, ...(body === undefined ? {} : { body }) });
  answers.push({ source: `${method} ${path}`, text: JSON.stringify(res.body) ?? '' });
  if (res.status >= 300) throw new Error(`${source}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const hitsIn = (text: string, list = Object.entries(secrets)) =>
  list.filter(([, value]) => text.includes(value)).map(([name]) => name);

async function waitForDeployment(topologyId: string, token: string) {
  for (let i = 0; i < 150; i++) {
    const res = await t.api('GET', `/api/topologies/${topologyId}/status`, { token });
    if (res.body?.status === 'failed' || res.body?.status === 'succeeded') return res.body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the deployment did not finish');
}

beforeAll(async () => {
  posthog = await startListener((hit, res) =>
    hit.headers.authorization === `Bearer ${secrets['posthogPersonalApiKey']}`
      ? res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"Project"}')
      : res.writeHead(401).end(),
  );
  // An authority that names the code it refuses, as a real one might. It accepts the code that
  // is stored (a refused code is not saved) and refuses the one given to validate.
  verifier = await startListener((hit, res) => {
    const { code } = JSON.parse(hit.body) as { code: string };
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(
        JSON.stringify(
          code === secrets['subscriptionCode']
            ? { valid: true }
            : { valid: false, reason: `subscription ${code} has expired` },
        ),
      );
  });
  t = await startSecurityApp({
    OCORE_JOBS: '1',
    // The fake PostHog and authority listen on loopback.
    OCORE_ALLOW_PRIVATE_EGRESS: '1',
    OCORE_SUBSCRIPTION_VERIFY_URL: verifier.origin,
    OCORE_SUBSCRIPTION_VERIFY_TOKEN: secrets['verifyToken']!,
  });
  const call = caller(t);
  const email = `${unique('secrets')}@example.com`;
  const signedUp = await read('signup', 'POST', '/api/auth/signup', '', {
    email,
    password: secrets['userPassword'],
    name: 'Secret Keeper',
  });
  const token = signedUp.token as string;
  tokens.push(token);
  // Its token creates API keys, which wait for a verified address.
  await t.verify(email);
  await call('enable', 200, 'POST', '/api/agency/enable', token);
  const { posthogPersonalApiKey, posthogWebhookSecret, subscriptionCode } = secrets;
  await read('settings', 'PUT', '/api/org/settings', token, {
    posthogPersonalApiKey,
    posthogWebhookSecret,
    subscriptionCode,
    posthogApiHost: posthog.origin,
    posthogEnabled: true,
  });
  expect((await read('test posthog', 'POST', '/api/org/settings/test-posthog', token)).success).toBe(true);
  await read('validate stored', 'POST', '/api/org/settings/validate-subscription', token, {});
  await read('validate given', 'POST', '/api/org/settings/validate-subscription', token, {
    code: secrets['givenSubscriptionCode'],
  });

  // A deployable topology on a server whose SSH port is closed: the deploy job generates the
  // topology's passwords, renders the files with them, and fails at the connection.
  const server = await read('server', 'POST', '/api/servers', token, {
    name: 'deploy-target',
    host: '127.0.0.1',
    port: await closedPort(),
    sshPassword: secrets['sshPassword'],
    sshPrivateKey,
    capacity: { cpuCores: 8, memoryMb: 16384, maxInstances: 10 },
  });
  const topology = await read('topology', 'POST', '/api/topologies', token, {
    name: 'Deployed',
    topologyData: graphOn(server.id),
  });
  await read('deploy', 'POST', `/api/topologies/${topology.id}/deploy`, token);
  await waitForDeployment(topology.id, token);
  await read('replace password', 'PUT', `/api/servers/${server.id}`, token, {
    sshPassword: secrets['replacedSshPassword'],
  });
  const { rows } = await sql<{
    secretsSealed: string;
  }>`select secrets_sealed as "secretsSealed" from topologies where id = ${topology.id}`.execute(
    t.app.deps.database.db,
  );
  const generated = JSON.parse(t.app.deps.secrets.open(rows[0]!.secretsSealed)) as Record<string, string>;
  for (const [name, value] of Object.entries(generated)) secrets[`deploy.${name}`] = value;

  const created = await t.client({ token }, 'Secret Client');
  tokens.push(created.operatorToken);
  await read('client server', 'POST', '/api/servers', created.operatorToken, {
    name: 'client-box',
    host: '127.0.0.7',
    sshPassword: secrets['clientSshPassword'],
    capacity: { cpuCores: 2, memoryMb: 2048, maxInstances: 5 },
  });
  agency = await populate(t, {
    label: 'secretsA',
    kind: 'agency',
    orgId: signedUp.organization.id,
    token,
    clientId: created.id,
  });
  client = await populate(t, {
    label: 'secretsC',
    kind: 'client',
    orgId: created.id,
    token: created.operatorToken,
    agencyToken: token,
  });
  for (const home of [agency, client]) secrets[`${home.label}.sshPassword`] = `${home.label}-ssh-pass`;

  tokens.push((await read('login', 'POST', '/api/auth/login', '', { email, password: secrets['userPassword'] })).token);
  drDocument = await read('export', 'POST', '/api/org/disaster-recovery/export', token);
  await read('import', 'POST', '/api/org/disaster-recovery/import', token, {
    document: drDocument,
    slug: unique('restored'),
  });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await posthog?.close();
  await verifier?.close();
});

describe('no secret in plain text', () => {
  it('in the answers of every read, as the agency and as its operator in a client', async () => {
    const reads = listProcedures().filter(
      (p) =>
        p.type === 'query' || ['dr.export', 'dr.info', 'topologies.validate', 'settings.testPosthog'].includes(p.path),
    );
    for (const home of [agency, client]) {
      for (const procedure of reads) {
        const input = await contract[procedure.path]?.input?.({
          home,
          fresh: makeFresh(t, home, home.token, false),
          shared: { drDocument, loginEmail: '', portalHost: 'none.test' },
        });
        const answer = await callRest(t.url, procedure, input, home.token);
        answers.push({ source: `${home.label} ${procedure.path}`, text: answer.text });
      }
      for (const path of ['events.onOrgEvent', 'portalDomains.onStatus', 'topologies.onDeployment']) {
        const subscription = await subscribeWs(t.url, path, { lastEventId: '0' }, home.token);
        await new Promise((resolve) => setTimeout(resolve, 300));
        subscription.close();
        answers.push({ source: `${home.label} ${path}`, text: JSON.stringify(subscription.received) });
      }
    }
    const hits = answers.flatMap((a) => hitsIn(a.text).map((name) => `${a.source}: ${name}`));
    expect(hits).toEqual([]);
    // Sealed values leave only inside a disaster-recovery export.
    expect(
      answers
        .filter((a) => a.text.includes('enc:v1:') && !/dr\.export|disaster-recovery\/export/.test(a.source))
        .map((a) => a.source),
    ).toEqual([]);
  });

  it('in the logs, at trace level', () => {
    const text = t.logs.join('');
    expect(text.length).toBeGreaterThan(10_000);
    expect(hitsIn(text)).toEqual([]);
    expect(tokens.filter((token) => text.includes(token))).toEqual([]);
    expect(text).not.toContain('enc:v1:');
  });

  it('in the audit log', async () => {
    const log = await read('audit', 'GET', '/api/org/audit-log?limit=200', agency.token);
    expect(log.items.length).toBeGreaterThan(20);
    expect(hitsIn(JSON.stringify(log))).toEqual([]);
  });

  it('in the disaster-recovery export, where every secret stays sealed', () => {
    const text = JSON.stringify(drDocument);
    expect(hitsIn(text)).toEqual([]);
    expect(text).toContain('enc:v1:');
  });

  let stored: StoredText[];
  it('in any text or JSON column of any table', async () => {
    stored = await readAllText(t);
    const hits = stored.flatMap((s) => hitsIn(s.text).map((name) => `${s.column}: ${name}`));
    expect(hits).toEqual([]);
    expect(stored.flatMap((s) => tokens.filter((token) => s.text.includes(token)).map(() => s.column))).toEqual([]);
  });

  it('sealed values only in the columns that key rotation re-seals', () => {
    const known = new Set(sealedColumns.flatMap((c) => c.columns.map((column) => `public.${c.table}.${column}`)));
    const holding = new Set(stored.filter((s) => s.text.includes('enc:v1:')).map((s) => s.column));
    expect([...holding].filter((column) => !known.has(column))).toEqual([]);
    expect(holding.size).toBeGreaterThanOrEqual(4);
    console.log(
      `secrets: ${Object.keys(secrets).length} secrets and ${tokens.length} tokens looked for in ${answers.length} answers, ${t.logs.length} log lines, ${stored.length} stored values; sealed values in ${[...holding].join(', ')}; 0 plaintext hits`,
    );
  });
});
