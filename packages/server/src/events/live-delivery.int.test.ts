import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppRouter } from '../trpc/app.router.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
const closers: (() => unknown)[] = [];
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  for (const close of closers) await close();
  await t.close();
});

const bus = () => t.app.deps.bus;
type Seen = { id: string; type: string; payload: Record<string, unknown> };

/** A subscriber with @trpc/client, as the dashboard and the CLI are. */
function follow(token: string, sink: Seen[], input?: { lastEventId: string }) {
  const ws = createWSClient({
    url: `${t.url.replace('http', 'ws')}/trpc`,
    WebSocket: WebSocket as never,
    connectionParams: { token },
  });
  closers.push(() => ws.close());
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  const trackedIds: string[] = [];
  let stopped = false;
  let failed: string | undefined;
  return new Promise<{
    unsubscribe(): void;
    trackedIds: string[];
    stopped: () => boolean;
    failed: () => string | undefined;
  }>((resolve) => {
    const sub = client.events.onOrgEvent.subscribe(input, {
      onStarted: () =>
        resolve({ unsubscribe: () => sub.unsubscribe(), trackedIds, stopped: () => stopped, failed: () => failed }),
      onError: (error) => (failed = (error.shape as { error?: string } | undefined)?.error),
      onData: (e) => {
        trackedIds.push(e.id);
        sink.push(e.data);
      },
      onStopped: () => (stopped = true),
    });
  });
}

/** A subscriber speaking the protocol over a bare socket: sees every frame as it arrives. */
async function rawSocket(token: string) {
  const ws = new WebSocket(`${t.url.replace('http', 'ws')}/trpc`, { headers: { Authorization: `Bearer ${token}` } });
  closers.push(() => ws.close());
  const frames: { text: string; binary: boolean }[] = [];
  ws.on('message', (data: Buffer, binary) => frames.push({ text: data.toString('utf8'), binary }));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, frames, parsed: () => frames.map((f) => JSON.parse(f.text) as Record<string, any>) };
}

describe('live events over WebSocket', () => {
  it('are written to the socket as tRPC writes tracked data, each subscription with its own id, as text', async () => {
    const owner = await t.agency();
    const raw = await rawSocket(owner.token);
    const before = bus().subscriberCount();
    raw.ws.send(
      JSON.stringify({ id: 1, method: 'subscription', params: { path: 'events.onOrgEvent', input: undefined } }),
    );
    raw.ws.send(
      JSON.stringify({
        id: 'two',
        jsonrpc: '2.0',
        method: 'subscription',
        params: { path: 'events.onOrgEvent', input: undefined },
      }),
    );
    await expect.poll(() => raw.parsed().filter((m) => m.result?.type === 'started').length).toBe(2);
    await expect.poll(() => bus().subscriberCount()).toBe(before + 2);

    expect((await t.api('PUT', '/api/org', { token: owner.token, body: { name: 'Live One' } })).status).toBe(200);
    await expect.poll(() => raw.parsed().filter((m) => m.result?.type === 'data').length).toBe(2);
    const data = raw.frames.filter((f) => JSON.parse(f.text).result?.type === 'data');
    expect(data.every((f) => !f.binary)).toBe(true);
    const [one, two] = ['1', 'two'].map((id) =>
      raw.parsed().find((m) => String(m.id) === id && m.result?.type === 'data')!,
    );
    const event = one!.result.data.data;
    expect(event).toMatchObject({ type: 'organization.updated', organizationId: owner.organization.id });
    // Exactly tRPC's envelope for tracked(event.id, event), with each subscription's own id and jsonrpc.
    expect(one).toEqual({ id: 1, result: { type: 'data', id: event.id, data: { id: event.id, data: event } } });
    expect(two).toEqual({
      id: 'two',
      jsonrpc: '2.0',
      result: { type: 'data', id: event.id, data: { id: event.id, data: event } },
    });

    // Stopping one leaves the other.
    raw.ws.send(JSON.stringify({ id: 1, method: 'subscription.stop' }));
    await expect.poll(() => raw.parsed().some((m) => m.id === 1 && m.result?.type === 'stopped')).toBe(true);
    await expect.poll(() => bus().subscriberCount()).toBe(before + 1);
    expect((await t.api('PUT', '/api/org', { token: owner.token, body: { name: 'Live Two' } })).status).toBe(200);
    await expect.poll(() => raw.parsed().filter((m) => m.id === 'two' && m.result?.type === 'data').length).toBe(2);
    expect(raw.parsed().filter((m) => m.id === 1 && m.result?.type === 'data')).toHaveLength(1);

    // A closed socket is forgotten.
    raw.ws.close();
    await expect.poll(() => bus().subscriberCount()).toBe(before);
  });

  it('replays after lastEventId, then goes on live, in order and each event once', async () => {
    const owner = await t.agency();
    const first: Seen[] = [];
    await follow(owner.token, first);
    for (const name of ['R1', 'R2', 'R3']) await t.api('PUT', '/api/org', { token: owner.token, body: { name } });
    await expect.poll(() => first.length).toBe(3);

    const again: Seen[] = [];
    const sub = await follow(owner.token, again, { lastEventId: first[0]!.id });
    await t.api('PUT', '/api/org', { token: owner.token, body: { name: 'R4' } });
    await expect.poll(() => again.length).toBe(3);
    await t.api('PUT', '/api/org', { token: owner.token, body: { name: 'R5' } });
    await expect.poll(() => again.length).toBe(4);
    const ids = again.map((e) => BigInt(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(again.slice(0, 2).map((e) => e.id)).toEqual([first[1]!.id, first[2]!.id]);
    expect(sub.trackedIds).toEqual(again.map((e) => e.id));
  });

  it('ends the stream with ACCESS_REVOKED when access ends, delivering nothing after it', async () => {
    const owner = await t.agency();
    const member = await t.joinAs(owner, 'Viewer');
    const seen: Seen[] = [];
    const before = bus().subscriberCount();
    const sub = await follow(member.token, seen);
    await expect.poll(() => bus().subscriberCount()).toBe(before + 1);
    expect((await t.api('DELETE', `/api/org/members/${member.userId}`, { token: owner.token })).status).toBe(204);
    await expect.poll(() => sub.failed()).toBe('ACCESS_REVOKED');
    expect(seen).toEqual([]);
    expect(bus().subscriberCount()).toBe(before);
  });

  it("brings a client's people their portal's changes by the agency, and nothing else of the agency", async () => {
    const agency = await t.agency();
    const client = await t.client(agency);
    const member = await t.joinAs({ token: client.operatorToken, organization: { id: client.id } }, 'Viewer');
    const seen: Seen[] = [];
    await follow(member.token, seen);
    const agencyCalls: [string, string, unknown][] = [
      ['PUT', '/api/agency/branding', { primaryColor: '#1d4ed8' }],
      ['POST', '/api/agency/clients', { name: 'Sibling Co' }],
      ['PUT', '/api/agency/portal-config', { featureLogs: false }],
      ['POST', '/api/agency/portal-domains', { subdomain: `agency-${Date.now()}` }],
      ['PUT', '/api/org', { name: 'Agency Renamed' }],
    ];
    for (const [method, path, body] of agencyCalls)
      expect((await t.api(method, path, { token: agency.token, body })).status, path).toBeLessThan(300);
    // The client's own change comes last: once it is here, the agency's would have been too.
    await t.api('PUT', '/api/org', { token: client.operatorToken, body: { name: 'Client Renamed' } });
    await expect.poll(() => seen.map((e) => e.type)).toContain('organization.updated');
    expect(seen.map((e) => e.type)).toEqual([
      'agency.branding_updated',
      'agency.portal_config_updated',
      'organization.updated',
    ]);
    expect(seen[1]!.payload).toMatchObject({ targetType: 'portal_config', fields: ['featureLogs'] });
  });

  it('starts without lastEventId after what the process already knew: an older event relayed late is not news', async () => {
    const owner = await t.agency();
    await t.api('PUT', '/api/org', { token: owner.token, body: { name: 'Before the stream' } });
    const [older] = await t.app.deps.store.events
      .listAfter([owner.organization.id], '0', 1000)
      .then((all) => all.slice(-1));
    const seen: Seen[] = [];
    await follow(owner.token, seen);
    // As PostgreSQL's relay does: an event committed before the stream opened reaches the bus now.
    bus().publish([older!]);
    await t.api('PUT', '/api/org', { token: owner.token, body: { name: 'After the stream' } });
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toMatchObject({ type: 'organization.updated' });
    expect(seen[0]!.id).not.toBe(older!.id);
  });
});
