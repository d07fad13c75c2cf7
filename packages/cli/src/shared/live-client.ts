import type { AppRouter } from '@ocore/server';
import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from '@trpc/client';
import WebSocket from 'ws';

/** A typed client of the oCore API over one WebSocket, for subscriptions. */
export interface LiveClient {
  api: TRPCClient<AppRouter>;
  /** The WebSocket address, for messages. */
  url: string;
  /** Closes the socket and stops reconnecting. */
  close(): Promise<void>;
}

/** `http://host:3000` → `ws://host:3000/trpc`, `https://…` → `wss://…/trpc`. */
export function liveUrl(baseUrl: string): string {
  const url = new URL(`${baseUrl}/trpc`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * A client over a WebSocket to the server at `baseUrl`, signed in with `token`. The wsLink
 * reconnects by itself and resubscribes with the last tracked event id, so nothing is
 * missed; pings notice a connection that died silently (a laptop put to sleep).
 */
export function createLiveClient(baseUrl: string, token: string): LiveClient {
  const url = liveUrl(baseUrl);
  const socket = createWSClient({
    url,
    // Node 20 has no global WebSocket; the type is the DOM one, which `ws` implements.
    WebSocket: WebSocket as unknown as NonNullable<Parameters<typeof createWSClient>[0]['WebSocket']>,
    connectionParams: { token },
    keepAlive: { enabled: true, intervalMs: 15_000, pongTimeoutMs: 5_000 },
  });
  return {
    api: createTRPCClient<AppRouter>({ links: [wsLink({ client: socket })] }),
    url,
    close: () => socket.close(),
  };
}
