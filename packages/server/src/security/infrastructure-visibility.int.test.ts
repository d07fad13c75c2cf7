import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from './testing/contract.js';
import { listProcedures } from './testing/procedures.js';
import { makeFresh, type Shared } from './testing/scope.js';
import { startSecurityApp, type SecurityApp } from './testing/security-app.js';
import { callRest, subscribeWs } from './testing/transport.js';
import { buildWorld, caller, type World } from './testing/world.js';

/**
 * An agency that sets `infrastructureVisibility` to `limited` or `none` hides its servers' host,
 * port and SSH user from its clients' own members. Every procedure of the router (read from the
 * router, so a new one is covered at once) is called as a client's Admin, and every answer and
 * every event replayed to its streams is searched for the servers' addresses: answers of reads
 * and of updates, deployment reasons and node status, live events, audit-log diffs, DR exports.
 */
const hiddenHost = '127.0.0.5'; // every server the world makes (testing/world.ts)
const movedHost = '127.0.0.79';
const hiddenUser = 'hidden-deployer';

let t: SecurityApp;
let world: World;
let shared: Shared;

beforeAll(async () => {
  t = await startSecurityApp({ OCORE_JOBS: '1', OCORE_PORTAL_BASE_DOMAIN: 'portal.test' });
  world = await buildWorld(t);
  // A server of the client that moves (an audit diff and an event with both hosts), and whose
  // deployment fails naming where it tried to connect.
  const call = caller(t);
  const operator = world.client.token;
  await call('move', 200, 'PUT', `/api/servers/${world.client.serverId}`, operator, {
    host: movedHost,
    sshUser: hiddenUser,
    sshPassword: 'moved-password',
  });
  await call('deploy', 202, 'POST', `/api/topologies/${world.client.topologyId}/deploy`, operator);
  const drDocument = await call('export', 200, 'POST', '/api/org/disaster-recovery/export', operator);
  shared = { drDocument, loginEmail: world.owner.email, portalHost: 'none.portal.test' };
  // Let the deployment fail (nothing listens on the hidden hosts' SSH port).
  await new Promise((resolve) => setTimeout(resolve, 3000));
}, 300_000);
afterAll(async () => {
  await t?.close();
});

const unprepared = new Set<string>();
const streams = () => listProcedures().filter((p) => p.type === 'subscription');

describe.each(['limited', 'none'] as const)('with infrastructureVisibility %s', (visibility) => {
  it("no answer, event or export shows a client's member where the servers are", async () => {
    await caller(t)('visibility', 200, 'PUT', '/api/agency/portal-config', world.owner.token, {
      infrastructureVisibility: visibility,
    });
    const member = world.clientMember.token;
    const home = world.client;
    const hits: string[] = [];
    const look = (source: string, text: string) => {
      for (const secret of [hiddenHost, movedHost, hiddenUser])
        if (text.includes(secret)) hits.push(`${source}: ${secret}`);
    };
    for (const procedure of listProcedures()) {
      if (procedure.type === 'subscription') continue;
      const entry = contract[procedure.path];
      // Calls that end the caller's own session are made by a throwaway person instead.
      const scope = { home, shared, fresh: makeFresh(t, home, member, true) };
      // With jobs on, the world's servers are probed unreachable: an instance cannot be made on
      // them, so the few calls that need a fresh one are counted, not made.
      const prepared = await Promise.all([entry?.input?.(scope), entry?.token?.(scope)]).catch(() => undefined);
      if (!prepared) {
        unprepared.add(procedure.path);
        continue;
      }
      const [input, token = member] = prepared;
      const answer = await callRest(t.url, procedure, input, token);
      look(`${procedure.path} ${answer.status}`, answer.text);
    }
    for (const procedure of streams()) {
      const input = procedure.path.startsWith('topologies.')
        ? { topologyId: home.deployedTopologyId, lastEventId: '0' }
        : { lastEventId: '0' };
      const subscription = await subscribeWs(t.url, procedure.path, input, member);
      await new Promise((resolve) => setTimeout(resolve, 300));
      subscription.close();
      look(procedure.path, JSON.stringify(subscription.received));
    }
    console.log(
      `infrastructure visibility ${visibility}: ${listProcedures().length} procedures, ${hits.length} leaks; not called (no fresh object): ${[...unprepared].join(', ') || 'none'}`,
    );
    expect([...new Set(hits)].sort()).toEqual([]);
    expect(unprepared.size).toBeLessThan(10);
  }, 180_000);
});
