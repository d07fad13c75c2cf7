import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PosthogProbe } from '@ocore/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuardedFetch } from '../shared/egress/guarded-fetch.js';
import { createHttpPosthogClient } from './http-posthog.client.js';

const apiKey = 'phx_TopSecretPersonalKey123';

interface FakePosthog {
  origin: string;
  host: string;
  seen: IncomingMessage[];
  close(): Promise<void>;
}
const servers: FakePosthog[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startPosthog(answer: (res: ServerResponse) => void): Promise<FakePosthog> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakePosthog = {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(fake);
  return fake;
}

const json = (status: number, body: unknown) => (res: ServerResponse) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const client = (timeoutMs = 2_000) => createHttpPosthogClient(createGuardedFetch({ allowPrivate: true, timeoutMs }));

function expectNoKey(probe: PosthogProbe) {
  expect(JSON.stringify(probe)).not.toContain(apiKey);
}

describe('createHttpPosthogClient', () => {
  it('returns the project name and asks with the bearer key on /api/projects/@current/', async () => {
    const posthog = await startPosthog(json(200, { id: 1, name: 'oCore production' }));
    const probe = await client().currentProject(`${posthog.origin}/`, apiKey);
    expect(probe).toEqual({ ok: true, projectName: 'oCore production' });
    expect(posthog.seen[0]?.url).toBe('/api/projects/@current/');
    expect(posthog.seen[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(posthog.seen[0]?.headers.accept).toBe('application/json');
  });

  it('reports rejected_key on 401 and 403', async () => {
    for (const status of [401, 403]) {
      const posthog = await startPosthog(json(status, { detail: 'Invalid personal API key.' }));
      const probe = await client().currentProject(posthog.origin, apiKey);
      expect(probe).toEqual({
        ok: false,
        reason: 'rejected_key',
        message: `PostHog rejected the personal API key (HTTP ${status})`,
      });
    }
  });

  it('reports not_posthog for a 404 HTML page', async () => {
    const posthog = await startPosthog((res) =>
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>'),
    );
    const probe = await client().currentProject(posthog.origin, apiKey);
    expect(probe).toEqual({
      ok: false,
      reason: 'not_posthog',
      message: `${posthog.host} did not answer like PostHog (HTTP 404, text/html)`,
    });
  });

  it('reports not_posthog for JSON without a name and for a 200 that is not JSON', async () => {
    const noName = await startPosthog(json(200, { id: 1 }));
    expect(await client().currentProject(noName.origin, apiKey)).toMatchObject({ ok: false, reason: 'not_posthog' });
    const html = await startPosthog((res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'));
    const probe = await client().currentProject(html.origin, apiKey);
    expect(probe).toMatchObject({
      ok: false,
      reason: 'not_posthog',
      message: expect.stringContaining('(HTTP 200, not JSON)'),
    });
  });

  it('reports timeout when PostHog never answers', async () => {
    const posthog = await startPosthog(() => undefined);
    const probe = await client(300).currentProject(posthog.origin, apiKey);
    expect(probe).toEqual({
      ok: false,
      reason: 'timeout',
      message: `PostHog at ${posthog.host} did not answer within 0.3 s`,
    });
  });

  it('reports unreachable for a closed port', async () => {
    const posthog = await startPosthog(json(200, { name: 'x' }));
    await posthog.close();
    const probe = await client().currentProject(posthog.origin, apiKey);
    expect(probe).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(!probe.ok && probe.message).toMatch(new RegExp(`^Cannot reach PostHog at ${posthog.host}: `));
  });

  it('reports blocked_address for a loopback host when private addresses are not allowed', async () => {
    const posthog = await startPosthog(json(200, { name: 'x' }));
    const strict = createHttpPosthogClient(createGuardedFetch({ allowPrivate: false, timeoutMs: 2_000 }));
    const probe = await strict.currentProject(posthog.origin, apiKey);
    expect(probe).toMatchObject({
      ok: false,
      reason: 'blocked_address',
      message: expect.stringContaining('127.0.0.1'),
    });
    expect(posthog.seen).toHaveLength(0);
  });

  it('never puts the key into a message, whatever goes wrong', async () => {
    const answers = [json(401, { detail: apiKey }), json(500, { echo: apiKey }), json(200, { token: apiKey })];
    const probes: PosthogProbe[] = [];
    for (const answer of answers) {
      const posthog = await startPosthog(answer);
      probes.push(await client().currentProject(posthog.origin, apiKey));
    }
    probes.push(await client().currentProject(`http://${apiKey}@127.0.0.1:1/`, apiKey));
    probes.push(await client().currentProject(`not a url ${apiKey}`, apiKey));
    for (const probe of probes) {
      expect(probe.ok).toBe(false);
      expectNoKey(probe);
    }
  });
});
