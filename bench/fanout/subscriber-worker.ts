/**
 * A client process of the fan-out benchmark: holds many WebSocket subscribers and tells
 * the parent when each received the awaited message. Forked by fanout.bench.ts with IPC.
 *   connect { kind: 'trpc', url, tokens } | { kind: 'trpc-raw', url, tokens } | { kind: 'ws', url, count }
 *                    -> connected { count }
 *   arm { marker }   -> the next message carrying `marker` is timed on each subscriber
 *   count            -> { count: subscribers that received it so far }
 *   collect          -> { times: ms since the epoch per subscriber that received it }
 *   close            -> closes every socket and exits
 */
import { performance } from 'node:perf_hooks';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import WebSocket from 'ws';
import type { AppRouter } from '../../packages/server/dist/trpc/app.router.js';

type Command =
  | { cmd: 'connect'; kind: 'trpc' | 'trpc-raw'; url: string; tokens: string[]; parallel: number }
  | { cmd: 'connect'; kind: 'ws'; url: string; count: number; parallel: number }
  | { cmd: 'arm'; marker: string }
  | { cmd: 'count' }
  | { cmd: 'collect' }
  | { cmd: 'close' };

const now = () => performance.timeOrigin + performance.now();
let marker: string | null = null;
/** Bumped by each `arm`: a subscriber counts the first message carrying the marker once. */
let round = 0;
let received: number[] = [];
const closers: (() => unknown)[] = [];

function onMessage(text: string, seen: { round: number }): void {
  if (marker !== null && seen.round !== round && text.includes(marker)) {
    seen.round = round;
    received.push(now());
  }
}

function connectTrpc(url: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = createWSClient({ url, WebSocket: WebSocket as never, connectionParams: { token } });
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
    const seen = { round: 0 };
    const subscription = client.portalDomains.onStatus.subscribe(undefined, {
      onStarted: () => resolve(),
      onData: (event) => {
        const payload = event.data.payload as { domain?: { subdomain?: string | null } };
        const domain = payload.domain;
        if (marker !== null && seen.round !== round && domain?.subdomain === marker) {
          seen.round = round;
          received.push(now());
        }
      },
      onError: (error) => reject(error),
    });
    closers.push(() => {
      subscription.unsubscribe();
      return ws.close();
    });
  });
}

/**
 * A subscriber that speaks tRPC's WebSocket protocol itself (what @trpc/client's wsLink
 * sends: the connection parameters, then the subscription) and reads each message the way
 * the baseline's sockets do, so that both sides of the comparison spend the same on the
 * client and the ratio measures the servers.
 */
function connectTrpcRaw(url: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?connectionParams=1`);
    const seen = { round: 0 };
    let started = false;
    ws.once('open', () => {
      ws.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
      ws.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'portalDomains.onStatus', input: {} } }));
    });
    ws.once('error', reject);
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      // tRPC's keep-alive: a connection that does not answer its PING within 10 s is closed,
      // which took the early subscribers away when connecting them all took longer than 30 s.
      if (text === 'PING') return ws.send('PONG');
      if (started) return onMessage(text, seen);
      const message = JSON.parse(text) as { result?: { type?: string }; error?: unknown };
      if (message.result?.type === 'started') {
        started = true;
        resolve();
      } else if (message.error) reject(new Error(`subscription refused: ${text}`));
    });
    closers.push(() => ws.close());
  });
}

function connectWs(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const seen = { round: 0 };
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.on('message', (data: Buffer) => onMessage(data.toString(), seen));
    closers.push(() => ws.close());
  });
}

/** Opens `count` subscribers, `parallel` at a time. */
async function connectAll(count: number, open: (i: number) => Promise<void>, parallel: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await open(next++);
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}

async function handle(msg: Command): Promise<Record<string, unknown>> {
  switch (msg.cmd) {
    case 'connect':
      if (msg.kind !== 'ws') {
        const connect = msg.kind === 'trpc' ? connectTrpc : connectTrpcRaw;
        await connectAll(msg.tokens.length, (i) => connect(msg.url, msg.tokens[i]!), msg.parallel);
      } else await connectAll(msg.count, () => connectWs(msg.url), msg.parallel);
      return { count: closers.length };
    case 'arm':
      marker = msg.marker;
      round += 1;
      received = [];
      return {};
    case 'count':
      return { count: received.length };
    case 'collect':
      return { times: received };
    case 'close':
      await Promise.all(closers.map((close) => close()));
      setTimeout(() => process.exit(0), 100);
      return {};
  }
}

process.on('message', (raw) => {
  const msg = raw as Command & { id: number };
  handle(msg).then(
    (answer) => process.send?.({ id: msg.id, ok: true, ...answer }),
    (error: unknown) => process.send?.({ id: msg.id, ok: false, error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
