import { createSocket, type RemoteInfo } from 'node:dgram';

/** A UDP relay on loopback that passes DNS queries to `upstream` (host:port) after `delayMs`. */
export interface SlowDns {
  /** "127.0.0.1:<port>", for OCORE_DNS_SERVERS. */
  server: string;
  queries: number;
  close(): Promise<void>;
}

/** Starts the relay: every query waits, so that a DNS check takes as long as the test needs. */
export async function startSlowDns(upstream: string, delayMs: number): Promise<SlowDns> {
  const [host, port] = upstream.split(':') as [string, string];
  const socket = createSocket('udp4');
  const relay: SlowDns = {
    server: '',
    queries: 0,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
  socket.on('message', (query: Buffer, client: RemoteInfo) => {
    relay.queries += 1;
    setTimeout(() => {
      const out = createSocket('udp4');
      out.on('message', (answer: Buffer) => {
        socket.send(answer, client.port, client.address);
        out.close();
      });
      out.send(query, Number(port), host);
    }, delayMs);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  relay.server = `127.0.0.1:${socket.address().port}`;
  return relay;
}
