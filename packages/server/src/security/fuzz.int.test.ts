import fc from 'fast-check';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputsFor } from './testing/input-arbitraries.js';
import { inputJsonSchema, listProcedures, type Procedure } from './testing/procedures.js';
import { startSecurityApp, type SecurityApp } from './testing/security-app.js';
import { callRest, callTrpc, callTrpcBatch, type Answer, type Transport } from './testing/transport.js';
import { caller, objectMaker } from './testing/world.js';

/**
 * Every procedure's input schema, through REST and tRPC, with at least 20,000 generated and
 * adversarial inputs in all (fast-check, fixed seed): shaped inputs, shaped ones with fields
 * swapped for junk or retyped, prototype keys, huge and odd texts, deep nesting. No answer
 * may be a 5xx; every 400 must name the field; nothing may reject unhandled or log an error.
 */
const seed = Number(process.env.OCORE_FUZZ_SEED ?? 20_261_124);
/** At least 20,000 in all by default. */
const target = Number(process.env.OCORE_FUZZ_INPUTS ?? 20_100);
/** Hashing a password takes a while: valid sign-ups and logins get fewer inputs. */
const slow = new Set(['auth.signup', 'auth.login']);
const slowCount = 80;
const procedures = listProcedures();
const fastCount = Math.ceil((target - slow.size * slowCount) / (procedures.length - slow.size));
const countFor = (p: Procedure) => (slow.has(p.path) ? slowCount : fastCount);

/** Refusals that say what is wrong without naming an input field. */
const otherRefusals = new Set([401, 403, 404, 409, 413, 414, 422, 429, 431]);
/** Answers after which the fuzzing owner needs a new organization (it deleted theirs, or locked it). */
const lockedOut = new Set(['ACCESS_REVOKED', 'PASSKEY_REQUIRED', 'NO_CURRENT_ORGANIZATION']);

let t: SecurityApp;
let userToken: string;
let actor: { token: string; ids: string[] };
const stats = {
  inputs: 0,
  byTransport: { rest: 0, trpc: 0, ws: 0 } as Record<Transport, number>,
  statuses: new Map<number, number>(),
  refreshes: 0,
};
const failures: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

/** An agency of the fuzzing user's own, with an object of each kind whose ids the inputs reuse. */
async function freshActor(): Promise<{ token: string; ids: string[] }> {
  const call = caller(t);
  const org = await call('org', 201, 'POST', '/api/user/orgs', userToken, { name: 'Fuzzed Org' });
  const token = (await call('switch', 200, 'POST', '/api/auth/switch-org', userToken, { organizationId: org.id }))
    .token as string;
  await call('enable', 200, 'POST', '/api/agency/enable', token);
  const make = objectMaker(t, 'fuzz', token);
  const serverId = await make.server();
  const templateId = await make.template(true);
  const clientId = await make.client();
  return {
    token,
    ids: [
      org.id,
      serverId,
      await make.topology(serverId),
      templateId,
      await make.instance(templateId, serverId),
      clientId,
      await make.domain(clientId),
    ],
  };
}

let refreshing: Promise<void> | undefined;
async function refreshIfLockedOut(answer: Answer, token: string): Promise<void> {
  if (!lockedOut.has(answer.body?.error) || token !== actor.token) return;
  refreshing ??= freshActor().then((a) => {
    actor = a;
    stats.refreshes += 1;
    refreshing = undefined;
  });
  await refreshing;
}

function judge(procedure: Procedure, transport: Transport, input: unknown, answer: Answer): void {
  stats.statuses.set(answer.status, (stats.statuses.get(answer.status) ?? 0) + 1);
  const shown = () =>
    `${procedure.path} via ${transport}: ${answer.status} ${answer.text.slice(0, 300)} ← ${(JSON.stringify(input) ?? 'undefined').slice(0, 300)}`;
  if (answer.status >= 500) failures.push(`5xx: ${shown()}`);
  else if (answer.status === 400 && !answer.body?.field && !answer.body?.fields?.length)
    failures.push(`400 without a field: ${shown()}`);
  else if (answer.status >= 300 && answer.status !== 400 && !otherRefusals.has(answer.status))
    failures.push(`unexpected status: ${shown()}`);
}

/** Inputs to send together in one batched tRPC request: up to 10, while the request stays small. */
function batches(procedure: Procedure, inputs: unknown[]): unknown[][] {
  const budget = procedure.type === 'mutation' ? 400_000 : 4_000;
  const out: unknown[][] = [];
  let current: unknown[] = [];
  let size = 0;
  for (const input of inputs) {
    const length = (JSON.stringify(input) ?? '').length;
    if (current.length && (current.length === 10 || size + length > budget || procedure.type === 'subscription')) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(input);
    size += length;
  }
  if (current.length) out.push(current);
  return out;
}

/**
 * Sends a procedure's inputs: two in five through REST (where it has a path), the others
 * through tRPC, batched where they fit, a few requests at a time.
 */
async function fuzz(procedure: Procedure): Promise<number> {
  const index = procedures.indexOf(procedure);
  const inputs = fc.sample(inputsFor(inputJsonSchema(procedure), actor.ids), {
    seed: seed + index,
    numRuns: countFor(procedure),
  });
  const viaRest = inputs.filter((_, i) => procedure.rest !== undefined && i % 5 < 2);
  const viaTrpc = inputs.filter((_, i) => !(procedure.rest !== undefined && i % 5 < 2));
  const send = async (transport: Transport, sent: unknown[]) => {
    await refreshing;
    const token = actor.token;
    const answers =
      transport === 'rest'
        ? [await callRest(t.url, procedure, sent[0], token)]
        : sent.length === 1
          ? [await callTrpc(t.url, procedure, sent[0], token)]
          : await callTrpcBatch(t.url, procedure, sent, token);
    answers.forEach((answer, i) => {
      stats.inputs += 1;
      stats.byTransport[transport] += 1;
      judge(procedure, transport, sent[i], answer);
    });
    for (const answer of answers) await refreshIfLockedOut(answer, token);
  };
  const limit = pLimit(4);
  await Promise.all([
    ...viaRest.map((input) => limit(() => send('rest', [input]))),
    ...batches(procedure, viaTrpc).map((batch) => limit(() => send('trpc', batch))),
  ]);
  return inputs.length;
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  // Sign-in limits would answer 429 to most login inputs; they have tests of their own.
  // Warnings and errors only: an error logged is a failure, and twenty thousand request lines would only cost time.
  t = await startSecurityApp(
    {
      OCORE_LOGIN_MAX_ATTEMPTS_PER_IP: '1000000',
      OCORE_LOGIN_MAX_FAILURES: '1000000',
      OCORE_PORTAL_BASE_DOMAIN: 'portal.test',
    },
    'warn',
  );
  userToken = (await t.signup('Fuzzer')).token;
  actor = await freshActor();
  console.log(
    `fuzzing with seed ${seed} (OCORE_FUZZ_SEED to change it): ${procedures.length} procedures, ${fastCount} inputs each (${slowCount} for ${[...slow].join(', ')}), 2 in 5 through REST`,
  );
}, 120_000);
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await t?.close();
});

describe('inputs the fuzzing found answering 500, now refused with their field', () => {
  const put = (path: string, body: string) =>
    fetch(`${t.url}${path}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${actor.token}` },
      body,
    });
  it.each([
    ['a NUL character in a text column', '/api/org', '{"name":"a\\u0000b"}', 'name'],
    [
      'a NUL character in a JSON column',
      '/api/org/settings',
      '{"posthogApiHost":"https://x.example/\\u0000"}',
      'posthogApiHost',
    ],
    [
      'an unpaired surrogate in a JSON column',
      `/api/org`,
      '{"name":"ok","logoUrl":"https://cdn.example.com/\\ud800.png"}',
      'logoUrl',
    ],
    ['a __proto__ key in a REST body', '/api/org', '{"__proto__":{"polluted":true}}', 'body'],
  ])('%s', async (_what, path, body, field) => {
    const res = await put(path, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { field: string }).field).toBe(field);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('a query parameter named %s', async (name) => {
    const res = await fetch(`${t.url}/api/org/audit-log?${name}=1`, {
      headers: { authorization: `Bearer ${actor.token}` },
    });
    expect(res.status).toBe(200);
  });
});

describe(`fuzzing every input schema (seed ${seed})`, () => {
  it.each(procedures.map((p) => [p.path, p] as const))(
    '%s',
    async (_path, procedure) => {
      const before = failures.length;
      expect(await fuzz(procedure)).toBe(countFor(procedure));
      expect(failures.slice(before)).toEqual([]);
    },
    300_000,
  );

  it('sent at least 20,000 inputs, none rejected unhandled, no error logged', () => {
    const statuses = [...stats.statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    console.log(
      `fuzz: seed ${seed}, ${stats.inputs} inputs (REST ${stats.byTransport.rest}, tRPC ${stats.byTransport.trpc}); statuses ${statuses}; ${failures.length} failures; ${unhandled.length} unhandled rejections; organization renewed ${stats.refreshes}×`,
    );
    expect(stats.inputs).toBeGreaterThanOrEqual(20_000);
    expect(unhandled).toEqual([]);
    const errors = t.logs.flatMap((chunk) => chunk.split('\n')).filter((line) => /"level":(5|6)\d/.test(line));
    expect(errors.map((e) => e.slice(0, 400))).toEqual([]);
    expect(failures).toEqual([]);
  });
});
