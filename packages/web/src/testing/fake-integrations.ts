/// <reference types="node" />
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeIntegrations {
  /** http://127.0.0.1:<port>: PostHog's API at /api/projects/@current/, the subscription authority at /verify. */
  url: string;
  close(): Promise<void>;
}

export interface FakeIntegrationsOptions {
  posthogKey: string;
  projectName: string;
  validCode: string;
  /** How long PostHog takes to answer, so the page's pending state can be seen. */
  delayMs?: number;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A tiny PostHog and subscription authority on loopback (the server needs OCORE_ALLOW_PRIVATE_EGRESS=1). */
export async function startFakeIntegrations(options: FakeIntegrationsOptions): Promise<FakeIntegrations> {
  const server = createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/api/projects/@current/') {
      const accepted = req.headers.authorization === `Bearer ${options.posthogKey}`;
      setTimeout(
        () =>
          accepted
            ? answer(200, { id: 1, name: options.projectName })
            : answer(401, { detail: 'Invalid personal API key.' }),
        options.delayMs ?? 0,
      );
      return;
    }
    if (req.method === 'POST' && req.url === '/verify') {
      void bodyOf(req).then((text) => {
        const { code } = JSON.parse(text) as { code: string };
        answer(200, code === options.validCode ? { valid: true } : { valid: false, reason: 'unknown code' });
      });
      return;
    }
    answer(404, { detail: 'Not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
