import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openStream } from './testing/live-stream.js';
import { startSecurityApp, type SecurityApp } from './testing/security-app.js';

/**
 * No single request stalls the server: batches are bounded in calls and cost, live
 * subscriptions per connection and per user, replays from `lastEventId`; anonymous
 * WebSockets are closed after a grace, a foreign `Origin` cannot open one; the calls that read
 * a whole organization have rate limits of their own. And while one tenant sends the worst it
 * can, another tenant's calls answer within their normal time.
 */

let t: SecurityApp;
const streamsPerConnection = 3;
const streamsPerUser = 5;
const replayMaxEvents = 5;
const graceMs = 400;
beforeAll(async () => {
  t = await startSecurityApp(
    {
      OCORE_STREAMS_PER_CONNECTION: String(streamsPerConnection),
      OCORE_STREAMS_PER_USER: String(streamsPerUser),
      OCORE_REPLAY_MAX_EVENTS: String(replayMaxEvents),
      OCORE_WS_AUTH_GRACE_MS: String(graceMs),
    },
    'warn',
  );
});
const sockets: WebSocket[] = [];
afterAll(async () => {
  for (const ws of sockets) ws.close();
  await t.close();
});

const wsUrl = () => `${t.url.replace(/^http/, 'ws')}/trpc`;

/** Batched tRPC call of `paths` (mutations by POST, queries by GET); the parsed array or error. */
async function batch(paths: string[], token: string, mutation: boolean) {
  const inputs = JSON.stringify(Object.fromEntries(paths.map((_, i) => [String(i), null])));
  const url = `${t.url}/trpc/${paths.join(',')}?batch=1`;
  const res = mutation
    ? await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: inputs,
      })
    : await fetch(`${url}&input=${encodeURIComponent(inputs)}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

/** A socket that speaks the protocol and keeps every message. */
async function rawSocket(token?: string, origin?: string) {
  const ws = new WebSocket(`${wsUrl()}${token ? '?connectionParams=1' : ''}`, origin ? { origin } : {});
  sockets.push(ws);
  const messages: any[] = [];
  let closeCode: number | undefined;
  ws.on('message', (raw: Buffer) => messages.push(JSON.parse(raw.toString())));
  ws.on('close', (code) => (closeCode = code));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  if (token) ws.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
  return { ws, messages, closeCode: () => closeCode };
}

describe('batches', () => {
  it('more calls than allowed: the request answers 400 naming batch, and no call runs', async () => {
    const owner = await t.agency();
    const tooMany = await batch(Array(51).fill('organizations.current'), owner.token, false);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ error: 'INVALID_INPUT', field: 'batch', data: { httpStatus: 400 } });
    const fine = await batch(Array(50).fill('organizations.current'), owner.token, false);
    expect(fine.body.every((item: any) => item.result)).toBe(true);
  });

  it('more cost than allowed: five DR exports in one batch are refused, four go through', async () => {
    const owner = await t.agency();
    const costly = await batch(Array(5).fill('dr.export'), owner.token, true);
    expect(costly.status).toBe(400);
    expect(costly.body.error).toMatchObject({ field: 'batch', message: expect.stringMatching(/costs 125/) });
    const audit = await t.api('GET', '/api/org/audit-log', { token: owner.token });
    expect(audit.body.items.filter((e: any) => e.action === 'disaster_recovery.exported')).toHaveLength(0);
    const four = await batch(Array(4).fill('dr.export'), owner.token, true);
    expect(four.body.every((item: any) => item.result)).toBe(true);
  });

  it('an array of WebSocket messages is a batch too', async () => {
    const owner = await t.agency();
    const socket = await rawSocket(owner.token);
    const calls = Array.from({ length: 51 }, (_, i) => ({
      id: i + 1,
      method: 'query',
      params: { path: 'organizations.current' },
    }));
    socket.ws.send(JSON.stringify(calls));
    await expect.poll(() => socket.messages.length).toBeGreaterThan(0);
    expect(socket.messages[0]).toMatchObject({ id: null, error: { error: 'INVALID_INPUT', field: 'batch' } });
    expect(socket.messages.filter((m) => m.result)).toHaveLength(0);
  });
});

describe('live subscriptions', () => {
  const open = (token: string, ws: Awaited<ReturnType<typeof rawSocket>>, id: number, input?: unknown) =>
    ws.ws.send(JSON.stringify({ id, method: 'subscription', params: { path: 'events.onOrgEvent', input } }));
  const answerTo = (socket: Awaited<ReturnType<typeof rawSocket>>, id: number) =>
    socket.messages.find((m) => m.id === id && (m.error || m.result?.type === 'started'));

  it(`at most ${streamsPerConnection} per connection and ${streamsPerUser} per user; a stopped one frees its place`, async () => {
    const owner = await t.agency();
    const one = await rawSocket(owner.token);
    for (let id = 1; id <= streamsPerConnection; id++) open(owner.token, one, id);
    await expect.poll(() => [1, 2, 3].every((id) => answerTo(one, id)?.result?.type === 'started')).toBe(true);
    open(owner.token, one, streamsPerConnection + 1);
    await expect.poll(() => answerTo(one, streamsPerConnection + 1)).toBeDefined();
    expect(answerTo(one, streamsPerConnection + 1).error).toMatchObject({
      error: 'RATE_LIMITED',
      data: { httpStatus: 429 },
      message: expect.stringMatching(/per connection/),
    });

    const two = await rawSocket(owner.token);
    for (let id = 1; id <= 2; id++) open(owner.token, two, id);
    await expect.poll(() => [1, 2].every((id) => answerTo(two, id)?.result?.type === 'started')).toBe(true);
    open(owner.token, two, 3);
    await expect.poll(() => answerTo(two, 3)).toBeDefined();
    expect(answerTo(two, 3).error).toMatchObject({ error: 'RATE_LIMITED', message: expect.stringMatching(/per user/) });

    two.ws.send(JSON.stringify({ id: 1, method: 'subscription.stop' }));
    await expect.poll(() => two.messages.some((m) => m.id === 1 && m.result?.type === 'stopped')).toBe(true);
    open(owner.token, two, 4);
    await expect.poll(() => answerTo(two, 4)?.result?.type).toBe('started');
  });

  it(`a replay of more than ${replayMaxEvents} events is refused: too old, refetch`, async () => {
    const owner = await t.agency();
    const watcher = openStream(t.url, 'events.onOrgEvent', undefined, owner.token);
    await watcher.answered;
    for (let i = 0; i < replayMaxEvents + 2; i++)
      await t.api('PUT', '/api/org', { token: owner.token, body: { name: `Replay ${i}` } });
    await expect.poll(() => watcher.data.length).toBe(replayMaxEvents + 2);
    watcher.close();
    const ids = watcher.data.map((d) => d.id!);

    const old = openStream(t.url, 'events.onOrgEvent', { lastEventId: ids[0] }, owner.token);
    await expect.poll(() => old.error).toBeDefined();
    expect(old.error).toMatchObject({
      error: 'INVALID_INPUT',
      field: 'lastEventId',
      data: { httpStatus: 400 },
      message: expect.stringMatching(/too old.*refetch/),
    });
    expect(old.data).toEqual([]);
    old.close();

    const recent = openStream(t.url, 'events.onOrgEvent', { lastEventId: ids[1] }, owner.token);
    await expect.poll(() => recent.data.length).toBe(replayMaxEvents);
    expect(recent.error).toBeUndefined();
    recent.close();
  });
});

describe('WebSocket connections', () => {
  it(`an anonymous connection is closed after ${graceMs} ms; an authenticated one stays`, async () => {
    const owner = await t.agency();
    const anonymous = await rawSocket();
    const signedIn = openStream(t.url, 'events.onOrgEvent', undefined, owner.token);
    sockets.push(signedIn.ws);
    await signedIn.answered;
    await expect.poll(() => anonymous.closeCode(), { timeout: graceMs * 5 }).toBe(1008);
    await new Promise((resolve) => setTimeout(resolve, graceMs));
    expect(signedIn.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('a connection whose token arrives in its parameters stays before any call; a wrong token does not', async () => {
    const owner = await t.agency();
    const signedIn = await rawSocket(owner.token);
    const wrongToken = await rawSocket('not-a-token');
    await expect.poll(() => wrongToken.closeCode(), { timeout: graceMs * 5 }).toBe(1008);
    await new Promise((resolve) => setTimeout(resolve, graceMs));
    expect(signedIn.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('Origin: the dashboard itself and clients without Origin may open one; other sites may not', async () => {
    const refused = async (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(wsUrl(), { origin });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => (ws.close(), resolve(101)));
        ws.on('error', () => resolve(-1));
      });
    expect(await refused('http://evil.example')).toBe(403);
    expect(await refused('null')).toBe(403);
    expect(await refused(`http://${new URL(t.url).host}.evil.example`)).toBe(403);
    expect(await refused(t.url)).toBe(101);
    const noOrigin = await rawSocket();
    expect(noOrigin.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('rate limits of the expensive calls', () => {
  it('DR exports: 20 per organization per 10 minutes, then 429 with Retry-After; another organization is not counted', async () => {
    const owner = await t.agency();
    const other = await t.agency();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await t.api('POST', '/api/org/disaster-recovery/export', { token: owner.token })).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    const refused = await t.api('POST', '/api/org/disaster-recovery/export', { token: owner.token });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await t.api('POST', '/api/org/disaster-recovery/export', { token: other.token })).status).toBe(200);
  });

  it('audit queries: 120 per organization per minute', async () => {
    const owner = await t.agency();
    const answers = await Promise.all(
      Array.from({ length: 125 }, () => t.api('GET', '/api/org/audit-log', { token: owner.token })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(120);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(5);
  });
});

describe("one tenant's worst request", () => {
  /** The median time of `rounds` sequential reads of the victim's settings. */
  async function victimMedian(token: string, rounds: number): Promise<number> {
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      const res = await t.api('GET', '/api/org/settings', { token });
      expect(res.status).toBe(200);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  }

  it("does not hold up another tenant's calls beyond their normal time", async () => {
    const attacker = await t.agency();
    const victim = await t.agency();
    const normal = await victimMedian(victim.token, 15);

    // The worst the attacker can send: as many DR exports (which read the whole organization and
    // write an audit entry) as one request holds, and as many audit queries, again and again.
    const exports = Array<string>(1500).fill('dr.export');
    const audits = Array<string>(1200).fill('audit.list');
    let flooding = true;
    const attack = async () => {
      while (flooding) {
        await Promise.all([batch(exports, attacker.token, true), batch(audits, attacker.token, false)]);
      }
    };
    const attackers = [attack(), attack(), attack()];
    await new Promise((resolve) => setTimeout(resolve, 200));
    const underAttack = await victimMedian(victim.token, 15);
    flooding = false;
    await Promise.all(attackers);

    console.log(`victim median: ${normal.toFixed(1)} ms alone, ${underAttack.toFixed(1)} ms under attack`);
    expect(underAttack).toBeLessThan(Math.max(normal * 10, normal + 250));
  }, 120_000);
});
