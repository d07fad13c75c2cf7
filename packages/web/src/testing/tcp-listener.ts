/// <reference types="node" />
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpListener {
  port: number;
  close(): Promise<void>;
}

/**
 * A loopback port that answers like an SSH daemon and hangs up, so the server's reachability
 * probe finds servers registered at 127.0.0.1:<port> active (as servers.int.test.ts does).
 */
export async function startSshLikeListener(): Promise<TcpListener> {
  // The probe hangs up at once; the reset that causes is expected.
  const server = createServer((socket) => socket.on('error', () => undefined).end('SSH-2.0-test\r\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
