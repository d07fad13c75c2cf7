import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuardedFetch } from '../shared/egress/guarded-fetch.js';
import { createHttpSubscriptionVerifier } from './http-subscription.verifier.js';

interface Received {
  headers: IncomingMessage['headers'];
  method: string;
  body: string;
}
interface FakeVerifier {
  url: string;
  received: Received[];
  close(): Promise<void>;
}
const servers: FakeVerifier[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startVerifier(answer: (res: ServerResponse, body: string) => void): Promise<FakeVerifier> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, method: req.method ?? '', body });
      answer(res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeVerifier = {
    url: `http://127.0.0.1:${port}/verify`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(fake);
  return fake;
}

const fetchFn = createGuardedFetch({ allowPrivate: true, timeoutMs: 2_000 });
const json = (status: number, body: unknown) => (res: ServerResponse) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

describe('createHttpSubscriptionVerifier', () => {
  it('POSTs the code and version with the bearer token and passes on a valid answer', async () => {
    const remote = await startVerifier(json(200, { valid: true }));
    const verifier = createHttpSubscriptionVerifier({ url: remote.url, token: 'verifier-token', fetchFn });
    expect(verifier.isConfigured()).toBe(true);
    expect(await verifier.verify('M1234', '17.0')).toEqual({ checked: true, valid: true });
    expect(remote.received[0]).toMatchObject({ method: 'POST', headers: { authorization: 'Bearer verifier-token' } });
    expect(JSON.parse(remote.received[0]!.body)).toEqual({ code: 'M1234', odooVersion: '17.0' });
  });

  it('passes on an invalid answer with its reason, and sends no Authorization without a token', async () => {
    const remote = await startVerifier(json(200, { valid: false, reason: 'code expired on 2024-01-31' }));
    const verifier = createHttpSubscriptionVerifier({ url: remote.url, fetchFn });
    expect(await verifier.verify('M1234', '16.0')).toEqual({
      checked: true,
      valid: false,
      reason: 'code expired on 2024-01-31',
    });
    expect(remote.received[0]?.headers.authorization).toBeUndefined();
  });

  it('reports checked:false on a 500', async () => {
    const remote = await startVerifier(json(500, { valid: true }));
    const verifier = createHttpSubscriptionVerifier({ url: remote.url, token: 'verifier-token', fetchFn });
    expect(await verifier.verify('M1234', '17.0')).toEqual({
      checked: false,
      reason: 'the verifier answered HTTP 500',
    });
  });

  it('reports checked:false on an answer that is not JSON or lacks a boolean valid', async () => {
    const html = await startVerifier((res) => res.end('<html>maintenance</html>'));
    const verifier = createHttpSubscriptionVerifier({ url: html.url, fetchFn });
    expect(await verifier.verify('M1234', '17.0')).toEqual({
      checked: false,
      reason: 'the verifier did not answer with JSON',
    });
    const odd = await startVerifier(json(200, { valid: 'yes' }));
    const oddVerifier = createHttpSubscriptionVerifier({ url: odd.url, fetchFn });
    expect(await oddVerifier.verify('M1234', '17.0')).toMatchObject({ checked: false });
  });

  it('reports checked:false when the verifier is unreachable or too slow, without leaking the token', async () => {
    const remote = await startVerifier(() => undefined);
    const slow = createHttpSubscriptionVerifier({
      url: remote.url,
      token: 'verifier-token',
      fetchFn: createGuardedFetch({ allowPrivate: true, timeoutMs: 300 }),
    });
    const late = await slow.verify('M1234', '17.0');
    expect(late).toEqual({ checked: false, reason: expect.stringContaining('did not answer within 0.3 s') });
    await remote.close();
    const gone = await createHttpSubscriptionVerifier({ url: remote.url, token: 'verifier-token', fetchFn }).verify(
      'M1234',
      '17.0',
    );
    expect(gone).toMatchObject({ checked: false, reason: expect.stringContaining('could not be asked') });
    expect(JSON.stringify([late, gone])).not.toContain('verifier-token');
  });

  it('reports checked:false when no URL is configured', async () => {
    const verifier = createHttpSubscriptionVerifier({ fetchFn });
    expect(verifier.isConfigured()).toBe(false);
    expect(await verifier.verify('M1234', '17.0')).toEqual({
      checked: false,
      reason: 'no remote verifier is configured (OCORE_SUBSCRIPTION_VERIFY_URL)',
    });
  });
});
