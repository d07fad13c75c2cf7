import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that reached a listener. */
export interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** An HTTP server of the test's own on loopback that records every request reaching it. */
export interface LoopbackListener {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  hits: Hit[];
  close(): Promise<void>;
}

export type Handler = (hit: Hit, res: ServerResponse) => void;

/** Starts a listener on 127.0.0.1 (or `host`); `handle` answers, by default a JSON `{}`. */
export async function startListener(
  handle: Handler = (_hit, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
  host = '127.0.0.1',
): Promise<LoopbackListener> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const hit = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      hits.push(hit);
      handle(hit, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (one a listener had a moment ago). */
export async function closedPort(): Promise<number> {
  const listener = await startListener();
  await listener.close();
  return listener.port;
}
