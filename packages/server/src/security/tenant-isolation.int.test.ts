import { isAgencyEventForClients, type DomainEventType } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contract,
  idOf,
  isReference,
  refusalOf,
  kindOf,
  type ContractEntry,
  type IdKind,
  type Refusal,
} from './testing/contract.js';
import { challengeExists, leaksIn, readAll, readBack, withField } from './testing/isolation.js';
import { listProcedures, type Procedure } from './testing/procedures.js';
import { makeFresh, type Shared } from './testing/scope.js';
import { startSecurityApp, type SecurityApp } from './testing/security-app.js';
import { callRest, subscribeWs, type Answer } from './testing/transport.js';
import { buildWorld, caller, type Home, type World } from './testing/world.js';

/**
 * Every procedure that takes an id, called with the ids of another organization's objects
 * (another agency, its client, a standalone organization, a sibling client, the parent
 * agency), as an agency owner, as the agency's operator in a client, and as a client's own
 * Admin. Each must answer 404 (or a documented 403/400), name nothing of the other
 * organization, and leave its objects as they were.
 */
const procedures = listProcedures();
let t: SecurityApp;
let world: World;
let shared: Shared;

type HomeKey = 'agency' | 'client' | 'sibling' | 'otherAgency' | 'otherClient' | 'standalone';

interface Attacker {
  name: string;
  token: () => string;
  home: () => Home;
  /**
   * Organizations whose ids are fed in. `reachable`: the user may switch into it, so its id
   * is no stranger's. `manages`: it is the attacker's own client, whose client record and
   * portal domain the attacker rightly manages.
   */
  victims: { key: HomeKey; reachable: boolean; manages?: boolean }[];
  /** Ids this attacker has sent: echoing them back is no leak. */
  sent: Set<string>;
  /** Organizations nothing of which may appear in any answer to this attacker. */
  unrelated: HomeKey[];
}

const strangers: HomeKey[] = ['otherAgency', 'otherClient', 'standalone'];
const attackers: Attacker[] = [
  {
    name: 'agency owner',
    token: () => world.agency.token,
    home: () => world.agency,
    victims: [
      { key: 'client', reachable: true, manages: true },
      ...strangers.map((key) => ({ key, reachable: false })),
    ],
    unrelated: strangers,
    sent: new Set(),
  },
  {
    name: 'agency operator in a client',
    token: () => world.client.token,
    home: () => world.client,
    victims: [
      { key: 'agency', reachable: true },
      { key: 'sibling', reachable: true },
      ...strangers.map((key) => ({ key, reachable: false })),
    ],
    unrelated: ['sibling', ...strangers],
    sent: new Set(),
  },
  {
    name: 'client Admin',
    token: () => world.clientMember.token,
    home: () => world.client,
    victims: (['agency', 'sibling', ...strangers] as HomeKey[]).map((key) => ({ key, reachable: false })),
    unrelated: ['sibling', ...strangers],
    sent: new Set(),
  },
];
const homesOf = (keys: HomeKey[]) => keys.map((key) => world[key]);
/** A standalone organization has no portal domains or clients. */
const lacks = (key: HomeKey, kind: IdKind) => key === 'standalone' && (kind === 'client' || kind === 'portalDomain');
/** A client's instances may run on its agency's servers (placement): that server id is not another's. */
// Where a client may name its agency's server: placing an instance, and its default server.
const placement = new Set(['templates.provision', 'instances.create', 'settings.update']);
const placesOn = (path: string, key: HomeKey, kind: IdKind) =>
  placement.has(path) && key === 'agency' && kind === 'server';

/** The documented answer to another organization's id of this kind. */
const refusalFor: Record<IdKind, Refusal> = {
  organization: { status: 403, error: 'NOT_A_MEMBER' },
  role: { status: 400, error: 'INVALID_INPUT' },
  challenge: { status: 400, error: 'INVALID_INPUT' },
  server: { status: 404, error: 'NOT_FOUND' },
  topology: { status: 404, error: 'NOT_FOUND' },
  template: { status: 404, error: 'NOT_FOUND' },
  instance: { status: 404, error: 'NOT_FOUND' },
  project: { status: 404, error: 'NOT_FOUND' },
  destination: { status: 404, error: 'NOT_FOUND' },
  backup: { status: 404, error: 'NOT_FOUND' },
  instanceDomain: { status: 404, error: 'NOT_FOUND' },
  channel: { status: 404, error: 'NOT_FOUND' },
  member: { status: 404, error: 'NOT_FOUND' },
  client: { status: 404, error: 'NOT_FOUND' },
  portalDomain: { status: 404, error: 'NOT_FOUND' },
  passkey: { status: 404, error: 'NOT_FOUND' },
  invitation: { status: 404, error: 'NOT_FOUND' },
  apiKey: { status: 404, error: 'NOT_FOUND' },
  session: { status: 404, error: 'NOT_FOUND' },
};

interface Attack {
  label: string;
  attacker: Attacker;
  procedure: Procedure;
  entry: ContractEntry;
  field: string;
  victim: HomeKey;
}

function attacksOf(attacker: Attacker): Attack[] {
  return procedures.flatMap((procedure) => {
    const entry = contract[procedure.path];
    return Object.entries(entry?.ids ?? {}).flatMap(([field, spec]) =>
      attacker.victims.flatMap(({ key, reachable, manages }) => {
        const kind = kindOf(spec);
        if (
          lacks(key, kind) ||
          placesOn(procedure.path, key, kind) ||
          (kind === 'organization' && reachable) ||
          (manages && (kind === 'client' || kind === 'portalDomain'))
        )
          return [];
        return [
          {
            label: `${procedure.path} ${field} ← ${key}'s ${kind}`,
            attacker,
            procedure,
            entry: entry!,
            field,
            victim: key,
          },
        ];
      }),
    );
  });
}

const results = { calls: 0, leaks: [] as string[], wrongAnswers: [] as string[] };
let before: Map<string, Record<string, unknown>>;

async function attack(a: Attack): Promise<{ answer: Answer; input: unknown; victimId: string }> {
  const home = a.attacker.home();
  const base = await a.entry.input?.({ home, shared, fresh: makeFresh(t, home, a.attacker.token(), false) });
  const spec = a.entry.ids![a.field]!;
  const victimId = idOf(world[a.victim], kindOf(spec))!;
  const input = withField(
    a.procedure.type === 'subscription' ? { ...(base as object), lastEventId: '0' } : base,
    a.field,
    victimId,
  );
  a.attacker.sent.add(victimId);
  results.calls += 1;
  if (a.procedure.type !== 'subscription')
    return { answer: await callRest(t.url, a.procedure, input, a.attacker.token()), input, victimId };
  const subscription = await subscribeWs(t.url, a.procedure.path, input, a.attacker.token());
  await new Promise((resolve) => setTimeout(resolve, 200));
  subscription.close();
  return { answer: { ...subscription.answer, text: JSON.stringify(subscription.received) }, input, victimId };
}

beforeAll(async () => {
  // Instance-domain checks ask a closed loopback port: refused at once, never the system's resolvers.
  t = await startSecurityApp({ OCORE_PORTAL_BASE_DOMAIN: 'portal.test', OCORE_DNS_SERVERS: '127.0.0.1:9' });
  world = await buildWorld(t);
  shared = { drDocument: null, loginEmail: world.owner.email, portalHost: 'none.portal.test' };
  const homes = [world.agency, world.client, world.sibling, world.otherAgency, world.otherClient, world.standalone];
  before = new Map(await Promise.all(homes.map(async (h) => [h.label, await readAll(t, h)] as const)));
}, 120_000);
afterAll(async () => {
  await t?.close();
  console.log(
    `tenant isolation: ${results.calls} calls with other organizations' ids, ${results.wrongAnswers.length} wrong answers, ${results.leaks.length} leaks`,
  );
});

describe.each(attackers)('as the $name', (attacker) => {
  it.each(attacksOf(attacker).map((a) => [a.label, a] as const))('%s', async (_label, a) => {
    const { answer, input } = await attack(a);
    const leaks = leaksIn(answer.text, homesOf(a.attacker.victims.map((v) => v.key)), [...a.attacker.sent]);
    results.leaks.push(...leaks.map((l) => `${a.attacker.name}: ${a.label}: ${l}`));
    expect(leaks, answer.text.slice(0, 300)).toEqual([]);
    const home = a.attacker.home();
    const spec = a.entry.ids![a.field]!;
    if (home.inClient && a.entry.inClient)
      return expect({ status: answer.status, error: answer.body?.error }).toEqual(a.entry.inClient);
    if (!isReference(spec)) {
      const expected = refusalOf(spec) ?? refusalFor[kindOf(spec)];
      const got = { status: answer.status, error: answer.body?.error };
      if (got.status !== expected.status)
        results.wrongAnswers.push(`${a.attacker.name}: ${a.label}: ${answer.status} ${answer.text.slice(0, 200)}`);
      return expect(got, answer.text.slice(0, 300)).toEqual(expected);
    }
    // A reference may be stored as given, but it never resolves to the other organization's object.
    expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(300);
    if (a.procedure.type === 'subscription') return;
    const topologyId = (input as { id?: string }).id ?? (answer.body as { id: string }).id;
    // Validating a draft stores nothing: its own answer is the validation of the foreign id.
    const validation =
      a.procedure.path === 'topologies.validate'
        ? (answer.body as { errors: unknown[] })
        : await caller(t)('validate', 200, 'POST', `/api/topologies/${topologyId}/validate`, a.attacker.token());
    expect(validation.errors).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'SERVER_NOT_FOUND' })]));
  });
});

describe('afterwards', () => {
  it('every other organization reads its objects back unchanged (and its audit log, where nobody else acts)', async () => {
    const pure = new Set([
      world.sibling.label,
      world.otherAgency.label,
      world.otherClient.label,
      world.standalone.label,
    ]);
    for (const home of [
      world.agency,
      world.client,
      world.sibling,
      world.otherAgency,
      world.otherClient,
      world.standalone,
    ]) {
      const after = pure.has(home.label) ? await readAll(t, home) : await readBack(t, home);
      const was = before.get(home.label)!;
      const compared = Object.fromEntries(Object.keys(after).map((k) => [k, was[k]]));
      expect(after, home.label).toEqual(compared);
    }
  });

  // Finishing a registration takes out only the caller's own challenge, so another user's
  // challenge id, even if learnt, cannot spoil that user's registration.
  it('passkey challenges of other users are still there to be answered', async () => {
    const gone = [];
    for (const home of [world.agency, world.sibling, world.otherAgency, world.otherClient, world.standalone])
      if (!(await challengeExists(t, home))) gone.push(home.label);
    expect(gone).toEqual([]);
  });
});

describe.each(attackers)('nothing of unrelated organizations reaches the $name', (attacker) => {
  it('in any read: every query and export with the contract inputs', async () => {
    const home = attacker.home();
    const reads = procedures.filter(
      (p) => p.type === 'query' || p.path === 'dr.export' || p.path === 'topologies.validate',
    );
    for (const procedure of reads) {
      const input = await contract[procedure.path]?.input?.({
        home,
        shared,
        fresh: makeFresh(t, home, attacker.token(), false),
      });
      const answer = await callRest(t.url, procedure, input, attacker.token());
      expect(
        leaksIn(answer.text, homesOf(attacker.unrelated), [...attacker.sent]),
        `${procedure.path}: ${answer.text.slice(0, 300)}`,
      ).toEqual([]);
    }
  });

  it('in audit-log filters naming their users and objects', async () => {
    for (const victim of homesOf(attacker.unrelated)) {
      for (const query of [
        `targetId=${victim.serverId}`,
        `actor=${encodeURIComponent(victim.memberEmail)}`,
        `actor=${victim.memberUserId}`,
      ]) {
        const res = await t.api('GET', `/api/org/audit-log?${query}`, { token: attacker.token() });
        expect(res.status).toBe(200);
        expect(res.body.items).toEqual([]);
      }
    }
  });

  it.each(['events.onOrgEvent', 'portalDomains.onStatus', 'topologies.onDeployment'])(
    'in %s replayed from the first event',
    async (path) => {
      const subscription = await subscribeWs(t.url, path, { lastEventId: '0' }, attacker.token());
      expect(subscription.answer.status).toBe(200);
      // The replay from the log comes at once; the wait only lets it arrive.
      await new Promise((resolve) => setTimeout(resolve, 300));
      subscription.close();
      const events = subscription.received as {
        data: { organizationId: string; type: DomainEventType; payload: Record<string, any> };
      }[];
      const home = attacker.home();
      const ownOrg = path === 'portalDomains.onStatus' && home.inClient ? world.agency.orgId : home.orgId;
      // A client hears its agency's changes of its portal (brand, switches): field names only.
      const ofItsPortal = (e: (typeof events)[number]) =>
        path === 'events.onOrgEvent' &&
        home.inClient &&
        e.data.organizationId === world.agency.orgId &&
        isAgencyEventForClients(e.data);
      expect(events.filter((e) => e.data.organizationId !== ownOrg && !ofItsPortal(e))).toEqual([]);
      expect(leaksIn(JSON.stringify(events), homesOf(attacker.unrelated), [...attacker.sent])).toEqual([]);
      if (path === 'portalDomains.onStatus' && home.inClient) {
        const clients = events.map((e) => e.data.payload['clientOrgId'] ?? e.data.payload['domain']?.clientOrgId);
        expect(clients.filter((c) => c !== home.orgId)).toEqual([]);
        expect(clients.length).toBeGreaterThan(0);
      }
    },
  );
});

describe("an agency's public templates", () => {
  const get = (id: string) => t.api('GET', `/api/templates/${id}`, { token: world.clientMember.token });
  it('are read-only to its own clients, and invisible to everyone else', async () => {
    expect((await get(world.agency.publicTemplateId)).body).toMatchObject({
      id: world.agency.publicTemplateId,
      shared: true,
    });
    for (const id of [
      world.agency.templateId,
      world.otherAgency.publicTemplateId,
      world.sibling.publicTemplateId,
      world.standalone.publicTemplateId,
    ])
      expect((await get(id)).status).toBe(404);
    const list = await t.api('GET', '/api/templates', { token: world.clientMember.token });
    const ids = (list.body.items as { id: string }[]).map((i) => i.id);
    expect(ids).toContain(world.agency.publicTemplateId);
    expect(
      ids.filter((id) =>
        [world.agency.templateId, world.otherAgency.publicTemplateId, world.sibling.publicTemplateId].includes(id),
      ),
    ).toEqual([]);
    const change = await t.api('PUT', `/api/templates/${world.agency.publicTemplateId}`, {
      token: world.clientMember.token,
      body: { defaultWorkers: 3 },
    });
    expect(change.body.error).toBe('PERMISSION_DENIED');
    expect(
      (await t.api('DELETE', `/api/templates/${world.agency.publicTemplateId}`, { token: world.clientMember.token }))
        .body.error,
    ).toBe('PERMISSION_DENIED');
    expect(
      (await t.api('GET', `/api/templates/${world.otherAgency.publicTemplateId}`, { token: world.owner.token })).status,
    ).toBe(404);
  });
});

describe('summary', () => {
  it('finds no leak and no wrong answer', () => {
    expect(results.calls).toBeGreaterThan(0);
    expect(results.leaks).toEqual([]);
    expect(results.wrongAnswers).toEqual([]);
  });
});
