import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/** No 500s from the shape of a request: nesting too deep for any input, a Host no browser sends. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

/** A raw request, so the Host header is sent exactly as given. */
function raw(path: string, headers: Record<string, string>, method = 'GET', body?: string) {
  const { port } = new URL(t.url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, setHost: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('nesting', () => {
  for (const depth of [200, 1000, 20_000]) {
    it(`a JSON body nested ${depth} deep answers 400 naming the field, on REST and tRPC`, async () => {
      const owner = await t.signup();
      const auth = {
        host: new URL(t.url).host,
        authorization: `Bearer ${owner.token}`,
        'content-type': 'application/json',
      };
      const rest = await raw('/api/org', auth, 'PUT', `{"name":${nested(depth)}}`);
      expect(`${rest.status} ${rest.body.slice(0, 300)}`).toMatch(/^400/);
      expect(JSON.parse(rest.body)).toMatchObject({ error: 'INVALID_INPUT', field: expect.any(String) });
      const trpc = await raw('/trpc/organizations.update', auth, 'POST', `{"name":${nested(depth)}}`);
      expect(`${trpc.status} ${trpc.body.slice(0, 300)}`).toMatch(/^400/);
      expect(JSON.parse(trpc.body).error).toMatchObject({ error: expect.any(String), field: expect.any(String) });
    });
  }
});

describe('odd Host headers', () => {
  for (const host of ['a@b', 'user:pass@localhost', 'localhost:99999', '[::1', 'bad host', 'a/b', '%00']) {
    it(`Host ${JSON.stringify(host)} answers 400, never 500`, async () => {
      for (const path of ['/api/portal/context', '/api/org', '/', '/portal/brand.css', '/trpc/portal.context']) {
        const res = await raw(path, { host });
        expect(res.status, `${path}: ${res.body.slice(0, 200)}`).toBe(400);
      }
    });
  }
});
