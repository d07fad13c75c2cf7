/// <reference types="node" />
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpListener {
  port: number;
  close(): Promise<void>;
}

/**
 * A loopback port that greets like an SSH daemon and hangs up: a server registered at
 * 127.0.0.1:<port> has an address that answers, yet no login works, so a check finds it
 * unreachable (it stays pending until checked). It reads what comes, so a client's hang-up
 * closes the socket and close() does not wait for it.
 */
export async function startSshLikeListener(): Promise<TcpListener> {
  // The probe hangs up at once; the reset that causes is expected.
  const server = createServer((socket) =>
    socket
      .on('error', () => undefined)
      .resume()
      .end('SSH-2.0-test\r\n'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
