import { createServer, connect, type Socket } from 'node:net';

/** A TCP proxy on loopback that drops every connection once it carried enough bytes upstream. */
export interface DroppingProxy {
  port: number;
  /** Bytes that went upstream before the drop. */
  forwarded(): number;
  /** Whether it dropped the connections. */
  dropped(): boolean;
  close(): Promise<void>;
}

/**
 * Forwards 127.0.0.1:<port> to 127.0.0.1:<target> until `dropAfterBytes` went upstream, then
 * destroys both sides of every connection and refuses new ones: a destination whose network
 * went away in the middle of a backup (retries find nobody either). With `perConnection`, each
 * connection is cut once it alone carried that much, and new ones are let through: a network
 * that cuts long transfers while short requests (a cleanup's delete) still pass.
 */
export async function startDroppingProxy(
  target: number,
  dropAfterBytes: number,
  { perConnection = false } = {},
): Promise<DroppingProxy> {
  const sockets = new Set<Socket>();
  let forwarded = 0;
  let dropped = false;
  const drop = () => {
    dropped = true;
    for (const socket of sockets) socket.destroy();
  };
  const server = createServer((client) => {
    if (dropped && !perConnection) return client.destroy();
    const upstream = connect({ host: '127.0.0.1', port: target });
    sockets.add(client).add(upstream);
    let carried = 0;
    client.on('data', (chunk: Buffer) => {
      forwarded += chunk.length;
      carried += chunk.length;
      if (perConnection && carried >= dropAfterBytes) {
        dropped = true;
        client.destroy();
        return upstream.destroy();
      }
      if (!perConnection && forwarded >= dropAfterBytes) return drop();
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      a.on('close', () => b.destroy());
      a.on('error', () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    forwarded: () => forwarded,
    dropped: () => dropped,
    close: () =>
      new Promise((resolve) => {
        drop();
        server.close(() => resolve());
      }),
  };
}
