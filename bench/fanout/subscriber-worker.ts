/**
 * A client process of the fan-out benchmark: holds many WebSocket subscribers and tells
 * the parent when each received the awaited message. Forked by fanout.bench.ts with IPC.
 *   connect { kind: 'trpc', url, tokens } | { kind: 'ws', url, count } -> connected { count }
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
  | { cmd: 'connect'; kind: 'trpc'; url: string; tokens: string[]; parallel: number }
  | { cmd: 'connect'; kind: 'ws'; url: string; count: number; parallel: number }
  | { cmd: 'arm'; marker: string }
  | { cmd: 'count' }
  | { cmd: 'collect' }
  | { cmd: 'close' };

const now = () => performance.timeOrigin + performance.now();
let marker: string | null = null;
let received: number[] = [];
const closers: (() => unknown)[] = [];

function onMessage(text: string): void {
  if (marker !== null && text.includes(marker)) received.push(now());
}

function connectTrpc(url: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = createWSClient({ url, WebSocket: WebSocket as never, connectionParams: { token } });
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
    const subscription = client.portalDomains.onStatus.subscribe(undefined, {
      onStarted: () => resolve(),
      onData: (event) => {
        const domain = event.data.payload['domain'] as { subdomain?: string } | undefined;
        if (marker !== null && domain?.subdomain === marker) received.push(now());
      },
      onError: (error) => reject(error),
    });
    closers.push(() => {
      subscription.unsubscribe();
      return ws.close();
    });
  });
}

function connectWs(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.on('message', (data: Buffer) => onMessage(data.toString()));
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
      if (msg.kind === 'trpc')
        await connectAll(msg.tokens.length, (i) => connectTrpc(msg.url, msg.tokens[i]!), msg.parallel);
      else await connectAll(msg.count, () => connectWs(msg.url), msg.parallel);
      return { count: closers.length };
    case 'arm':
      marker = msg.marker;
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
