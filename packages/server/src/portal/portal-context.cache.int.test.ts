import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { testDbKind } from '../testing/test-database.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ OCORE_PORTAL_BASE_DOMAIN: 'portal.test' });
});
afterAll(() => t.close());

/** GET with a chosen Host header and no token, as a visitor of that portal sends it. */
function visit(
  path: string,
  host: string,
): Promise<{ status: number; body: any; bytes: number; headers: Record<string, unknown> }> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, path, headers: { Host: host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          body: text ? JSON.parse(text) : undefined,
          bytes: bytes.length,
          headers: res.headers,
        });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const context = (host: string) => visit('/api/portal/context', host);

async function portal() {
  const agency = await t.agency('Cache Owner');
  await t.api('PUT', '/api/agency/branding', { token: agency.token, body: { primaryColor: '#111111' } });
  const client = await t.client(agency, 'Cached Client');
  const sub = `cache-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const domain = await t.api('POST', '/api/agency/portal-domains', {
    token: agency.token,
    body: { subdomain: sub, clientOrgId: client.id },
  });
  expect(domain.status).toBe(201);
  return { agency, client, host: `${sub}.portal.test`, domainId: domain.body.id as string, sub };
}

describe('the portal context by Host, cached', () => {
  it('shows each committed change on the very next request', async () => {
    const { agency, client, host, domainId } = await portal();
    expect((await context(host)).body).toMatchObject({
      branding: { primaryColor: '#111111' },
      client: { name: 'Cached Client' },
      agency: { name: expect.any(String) },
    });
    expect((await context(host)).body.branding.primaryColor).toBe('#111111');

    await t.api('PUT', '/api/agency/branding', {
      token: agency.token,
      body: { primaryColor: '#222222', footerText: 'New footer' },
    });
    expect((await context(host)).body.branding).toMatchObject({ primaryColor: '#222222', footerText: 'New footer' });

    expect(
      (await t.api('PUT', '/api/org', { token: client.operatorToken, body: { name: 'Renamed Client' } })).status,
    ).toBe(200);
    expect((await context(host)).body.client.name).toBe('Renamed Client');

    expect((await t.api('PUT', '/api/org', { token: agency.token, body: { name: 'Renamed Agency' } })).status).toBe(
      200,
    );
    expect((await context(host)).body.agency.name).toBe('Renamed Agency');

    expect(
      (await t.api('DELETE', `/api/agency/portal-domains/${domainId}`, { token: agency.token })).status,
    ).toBeLessThan(300);
    expect((await context(host)).status).toBe(404);
  });

  it('serves a Host that was unknown as soon as its domain is created, and forgets a deleted client', async () => {
    const agency = await t.agency('Late Owner');
    const client = await t.client(agency, 'Late Client');
    const sub = `late-${Date.now()}`;
    const host = `${sub}.portal.test`;
    expect((await context(host)).status).toBe(404);
    expect((await context(host)).status).toBe(404);
    await t.api('POST', '/api/agency/portal-domains', {
      token: agency.token,
      body: { subdomain: sub, clientOrgId: client.id },
    });
    expect((await context(host)).body.client.name).toBe('Late Client');

    expect(
      (
        await t.api('DELETE', `/api/agency/clients/${client.id}`, {
          token: agency.token,
          body: { confirm: client.slug },
        })
      ).status,
    ).toBeLessThan(300);
    const after = await context(host);
    expect(after.body?.client?.name).not.toBe('Late Client');
  });

  it('answers the same body as the procedure, with the same headers, and the documented 404 for an unknown Host', async () => {
    const { host } = await portal();
    const fast = await context(host);
    const procedure = await visit('/trpc/portal.context', host);
    expect(fast.status).toBe(200);
    expect(fast.body).toEqual(procedure.body.result.data);
    expect(fast.headers['content-type']).toBe('application/json');
    // Sent with its length, in one piece, not chunked.
    expect(fast.headers['content-length']).toBe(String(fast.bytes));
    expect(fast.headers['transfer-encoding']).toBeUndefined();
    expect(fast.headers['content-security-policy']).toEqual(procedure.headers['content-security-policy']);

    const unknown = await context('nobody-here.portal.test');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'NOT_FOUND', message: 'Portal not found' });
  });

  it('holds what it serves in memory on PGlite only, where this process sees every commit first', async () => {
    const { host } = await portal();
    await context(host);
    if (testDbKind() === 'postgres') expect(t.app.deps.portalContexts.size()).toBe(0);
    else expect(t.app.deps.portalContexts.size()).toBeGreaterThan(0);
  });
});
