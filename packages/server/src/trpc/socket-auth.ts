import type { WebSocket } from 'ws';

const authenticated = new WeakSet<WebSocket>();

/** Notes that a call over this WebSocket was authenticated: the connection may stay open. */
export function markAuthenticated(socket: WebSocket): void {
  authenticated.add(socket);
}

/**
 * Closes `socket` unless a call over it was authenticated within `graceMs`: an anonymous
 * connection costs the server memory and a keep-alive timer, and has nothing to subscribe to.
 */
export function closeUnlessAuthenticated(socket: WebSocket, graceMs: number): void {
  const timer = setTimeout(() => {
    if (!authenticated.has(socket)) socket.close(1008, `Authenticate within ${Math.round(graceMs / 1000)} s`);
  }, graceMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
