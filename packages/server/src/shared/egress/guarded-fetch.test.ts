import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EgressError, checkDestination, createGuardedFetch, createGuardedLookup } from './guarded-fetch.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}
interface Loopback {
  port: number;
  origin: string;
  seen: Seen[];
  close(): Promise<void>;
}

const servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startServer(handle: (req: IncomingMessage, res: ServerResponse) => void = (_, res) => res.end('hello')) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const loopback: Loopback = {
    port,
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(loopback);
  return loopback;
}

async function failure(promise: Promise<unknown>): Promise<EgressError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EgressError);
  return error as EgressError;
}

const strict = () => createGuardedFetch({ allowPrivate: false, timeoutMs: 2_000 });
const lenient = (extra: { maxRedirects?: number; timeoutMs?: number; maxBodyBytes?: number } = {}) =>
  createGuardedFetch({ allowPrivate: true, timeoutMs: 2_000, ...extra });

describe('createGuardedFetch with allowPrivate=false', () => {
  it.each([
    ['http://127.0.0.1:PORT/', '127.0.0.1'],
    ['http://[::1]:PORT/', '::1'],
    ['http://[::ffff:127.0.0.1]:PORT/', '::ffff:7f00:1'],
    ['http://0.0.0.0:PORT/', '0.0.0.0'],
    ['https://localhost:PORT/', 'resolves to a non-public address'],
  ])('refuses %s before any request reaches the server', async (template, address) => {
    const server = await startServer();
    const error = await failure(strict()(template.replace('PORT', String(server.port))));
    expect(error.reason).toBe('blocked_address');
    expect(error.message).toContain(address);
    expect(error.host).toContain(String(server.port));
    expect(server.seen).toHaveLength(0);
  });

  it.each([
    ['http://10.0.0.1/', '10.0.0.1 is a private address'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254 is a linkLocal address'],
    ['http://[fd00:ec2::254]/latest/meta-data', 'fd00:ec2::254 is a uniqueLocal address'],
    ['http://100.64.0.1/', '100.64.0.1 is a carrierGradeNat address'],
    ['http://0x7f000001/', '127.0.0.1 is a loopback address'],
  ])('refuses %s', async (url, message) => {
    const error = await failure(strict()(url));
    expect(error.reason).toBe('blocked_address');
    expect(error.message).toContain(message);
  });

  it('refuses a redirect to a loopback address or a name resolving to one', async () => {
    const target = await startServer();
    const hops = [
      ['127.0.0.1', `http://localhost:${target.port}/`],
      ['localhost', `http://127.0.0.1:${target.port}/`],
      ['localhost', `http://[::1]:${target.port}/`],
    ] as const;
    for (const [entryHost, location] of hops) {
      const entry = await startServer((_, res) => res.writeHead(302, { location }).end());
      // Only the entry's exact hostname is exempt; every further hop is judged normally.
      const fetchFn = createGuardedFetch({
        allowPrivate: false,
        timeoutMs: 2_000,
        allowPrivateFor: (h) => h === entryHost,
      });
      const error = await failure(fetchFn(`http://${entryHost}:${entry.port}/start`));
      expect(error.reason).toBe('blocked_address');
      expect(error.message).toContain(`:${target.port}`);
      expect(entry.seen).toHaveLength(1);
    }
    expect(target.seen).toHaveLength(0);
  });

  it('checks every hop: protocol and IP literal', () => {
    const never = () => false;
    expect(() => checkDestination(new URL('http://127.0.0.1/x'), never)).toThrow(/127\.0\.0\.1 is a loopback address/);
    expect(() => checkDestination(new URL('http://[::ffff:169.254.169.254]/'), never)).toThrow(EgressError);
    expect(() => checkDestination(new URL('file:///etc/passwd'), never)).toThrow(/only http and https/);
    expect(() => checkDestination(new URL('https://93.184.216.34/'), never)).not.toThrow();
    expect(() => checkDestination(new URL('https://example.com/'), never)).not.toThrow(); // names: checked at connect
  });

  it.each([
    ['http://[::127.0.0.1]/', '::7f00:1 is a ipv4Compatible address'],
    ['http://[::ffff:0:127.0.0.1]/', 'is a rfc6145 address'],
    ['http://[64:ff9b::127.0.0.1]/', 'is a rfc6052 address'],
    ['http://2130706433/', '127.0.0.1 is a loopback address'],
    ['http://0177.0.0.1/', '127.0.0.1 is a loopback address'],
    ['http://0x7f.1/', '127.0.0.1 is a loopback address'],
    ['http://127.1/', '127.0.0.1 is a loopback address'],
  ])('refuses every spelling of an internal address: %s', (url, message) => {
    expect(() => checkDestination(new URL(url), () => false)).toThrow(message);
  });

  it('refuses plain http to any host unless private egress is allowed', async () => {
    expect(() => checkDestination(new URL('http://93.184.216.34/'), () => false)).toThrow(/plain http is not allowed/);
    expect(() => checkDestination(new URL('http://example.com/'), () => false)).toThrow(/use https/);
    expect(() => checkDestination(new URL('http://example.com/'), () => true)).not.toThrow();
    const error = await failure(strict()('http://example.com/'));
    expect(error).toMatchObject({ reason: 'blocked_address', host: 'example.com' });
  });

  it('fails the connection lookup when a name resolves to a non-public address', async () => {
    const lookup = createGuardedLookup(() => false);
    const error = await new Promise((resolve) => lookup('localhost', { all: true }, (err) => resolve(err)));
    expect(error).toMatchObject({ reason: 'blocked_address', host: 'localhost' });
    // The answer of the DNS is not repeated to whoever chose the name.
    expect((error as Error).message).toBe('Refusing to connect to localhost: it resolves to a non-public address');
  });
});

describe('createGuardedFetch with allowPrivate=true', () => {
  it('reaches a loopback server and returns its answer', async () => {
    const server = await startServer();
    const res = await lenient()(`${server.origin}/hi`, { headers: { 'x-test': '1' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello');
    expect(server.seen[0]).toMatchObject({ url: '/hi', headers: { 'x-test': '1' } });
  });

  it('follows up to maxRedirects and refuses one more', async () => {
    const server = await startServer((req, res) => {
      const left = Number(req.url?.slice(1));
      if (left > 0) res.writeHead(302, { location: `/${left - 1}` }).end();
      else res.end('arrived');
    });
    expect(await (await lenient({ maxRedirects: 3 })(`${server.origin}/3`)).text()).toBe('arrived');
    const error = await failure(lenient({ maxRedirects: 3 })(`${server.origin}/4`));
    expect(error.reason).toBe('too_many_redirects');
  });

  it('turns a POST into a GET after 303 and drops credentials when the origin changes', async () => {
    const target = await startServer();
    const entry = await startServer((_, res) =>
      res.writeHead(303, { location: `http://localhost:${target.port}/next` }).end(),
    );
    const res = await lenient()(`${entry.origin}/`, {
      method: 'POST',
      body: '{}',
      headers: { authorization: 'Bearer s3cret' },
    });
    expect(res.status).toBe(200);
    expect(entry.seen[0]?.headers.authorization).toBe('Bearer s3cret');
    expect(target.seen[0]).toMatchObject({ method: 'GET', url: '/next' });
    expect(target.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('fails with timeout when the server never answers', async () => {
    const server = await startServer(() => undefined);
    const error = await failure(lenient({ timeoutMs: 300 })(`${server.origin}/`));
    expect(error.reason).toBe('timeout');
    expect(error.message).toBe(`127.0.0.1:${server.port} did not answer within 0.3 s`);
  });

  it('fails with unreachable on a closed port', async () => {
    const server = await startServer();
    await server.close();
    const error = await failure(lenient()(`${server.origin}/`));
    expect(error.reason).toBe('unreachable');
    expect(error.message).toContain(`127.0.0.1:${server.port}`);
  });

  it('refuses answers larger than maxBodyBytes', async () => {
    const server = await startServer((_, res) => res.end('x'.repeat(100)));
    expect((await failure(lenient({ maxBodyBytes: 10 })(`${server.origin}/`))).reason).toBe('unreachable');
  });

  it('refuses malformed URLs, other protocols and credentials in the URL without echoing them', async () => {
    expect((await failure(lenient()('not a url'))).reason).toBe('invalid_url');
    expect((await failure(lenient()('ftp://example.com/'))).reason).toBe('invalid_url');
    const error = await failure(lenient()('http://user:hunter2@example.com/'));
    expect(error.reason).toBe('invalid_url');
    expect(error.message).not.toContain('hunter2');
  });
});
