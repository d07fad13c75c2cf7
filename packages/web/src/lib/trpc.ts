import type { AppRouter } from '@ocore/server';
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { getToken } from './auth';

/** The token the open WebSocket authenticated with; the server reads it once per connection. */
let socketToken: string | null = null;

function socketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/trpc`;
}

/** Opens on the first subscription and closes as soon as none is left. */
export const wsClient = createWSClient({
  url: socketUrl,
  connectionParams: () => {
    socketToken = getToken();
    return socketToken ? { token: socketToken } : {};
  },
  lazy: { enabled: true, closeMs: 0 },
});

async function closeSocket(): Promise<void> {
  const ws = wsClient.connection?.ws;
  await wsClient.close();
  // Wait for the close itself, or the client would see it later and reconnect the new subscription.
  if (ws && ws.readyState !== WebSocket.CLOSED) {
    await new Promise<void>((resolve) => ws.addEventListener('close', () => resolve(), { once: true }));
  }
}

/**
 * Makes sure the next subscription runs as `token`: a socket opened with another token (before
 * an organization switch, or a sign-in in another tab) is closed first, since the server binds
 * the connection to the token it got when the socket opened.
 */
export async function prepareRealtime(token: string): Promise<void> {
  if (wsClient.connection && socketToken !== token) await closeSocket();
}

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: wsLink({ client: wsClient }),
      false: httpBatchLink({
        url: '/trpc',
        headers: () => {
          const token = getToken();
          return token ? { Authorization: `Bearer ${token}` } : {};
        },
      }),
    }),
  ],
});

/**
 * Calls as a signed-out visitor, whatever the session: on a portal host the server then
 * answers `portal.context` for the Host (the public brand of the login page).
 */
export const visitorTrpcClient = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/trpc' })] });

/** Calls as the holder of `token`, before it becomes the session's (see usePasskeySignIn). */
export function trpcClientFor(token: string) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: '/trpc', headers: { Authorization: `Bearer ${token}` } })],
  });
}

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
