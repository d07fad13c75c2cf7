import { createTRPCClient, createWSClient, httpLink, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppRouter } from '../trpc/app.router.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

function httpClient(token: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${t.url}/trpc`, headers: () => ({ Authorization: `Bearer ${token}` }) })],
  });
}

describe('one server process', () => {
  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${t.url}/healthz`);
    expect(health.headers.get('content-length')).toBe(String('{"status":"ok"}'.length));
    expect(health.headers.get('transfer-encoding')).toBeNull();
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(await t.api('GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
  });

  it('serves an OpenAPI 3.1 document with every documented path', async () => {
    const doc = await t.api('GET', '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.body.paths);
    for (const path of [
      '/auth/signup',
      '/auth/login',
      '/auth/switch-org',
      '/user/orgs',
      '/org',
      '/org/members',
      '/org/members/{userId}',
      '/org/roles',
    ]) {
      expect(paths).toContain(path);
    }
    expect(Object.keys(doc.body.paths['/org'])).toEqual(expect.arrayContaining(['get', 'put', 'delete']));
    // The statuses the server answers, as the API reference writes them: Created, No Content.
    const responses = (path: string, method: string) => Object.keys(doc.body.paths[path][method].responses);
    expect(responses('/agency/clients', 'post')[0]).toBe('201');
    expect(responses('/agency/portal-domains', 'post')[0]).toBe('201');
    expect(responses('/agency/clients/{clientOrgId}', 'delete')[0]).toBe('204');
    expect(doc.body.paths['/agency/portal-domains/{domainId}'].delete.responses['204']).toEqual({
      description: 'No Content',
    });
    expect(responses('/topologies/{id}/deploy', 'post')[0]).toBe('202');
    expect(responses('/agency/clients', 'get')[0]).toBe('200');
    for (const [path, methods] of Object.entries(
      doc.body.paths as Record<string, Record<string, { responses: object }>>,
    )) {
      for (const [method, operation] of Object.entries(methods)) {
        const success = Object.keys(operation.responses).filter((status) => status.startsWith('2'));
        expect(success, `${method} ${path}`).toHaveLength(1);
      }
    }
  });

  it('refuses a JSON body that is not an object, or an update without a body, naming the body, and changes nothing', async () => {
    const { token } = await t.signup();
    const before = (await t.api('GET', '/api/org', { token })).body;
    for (const body of ['null', '[1]', '"text"', '42', 'true']) {
      const res = await fetch(`${t.url}/api/org`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body,
      });
      expect(res.status, body).toBe(400);
      expect(await res.json()).toMatchObject({
        error: 'INVALID_INPUT',
        field: 'body',
        message: 'body: must be a JSON object',
      });
    }
    // An update without a body is no empty update either.
    const bodyless = await fetch(`${t.url}/api/org/settings`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(bodyless.status).toBe(400);
    expect(await bodyless.json()).toMatchObject({
      field: 'body',
      message: 'body: is required: the fields to change, as a JSON object',
    });
    expect((await t.api('GET', '/api/org', { token })).body).toEqual(before);
    // Signed out, it is still "who are you?" first.
    const anonymous = await fetch(`${t.url}/api/org`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: 'null',
    });
    expect(anonymous.status).toBe(401);
  });

  it('takes an empty body as none, whatever its Content-Type (curl -d "")', async () => {
    const { token } = await t.signup();
    const res = await fetch(`${t.url}/api/org/disaster-recovery/export`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(res.status).toBe(200);
    const form = await fetch(`${t.url}/api/user/orgs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name=Acme',
    });
    expect(form.status).toBe(415);
  });

  it('answers an unknown /api path with a JSON 404', async () => {
    const res = await t.api('GET', '/api/nope');
    expect(res.status).toBe(404);
    expect(res.body.message).toBeDefined();
  });

  it('accepts a bodyless DELETE without Content-Type, as curl sends it', async () => {
    const { token } = await t.signup();
    const res = await fetch(`${t.url}/api/org`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(204);
  });

  it('serves the same procedures over tRPC HTTP, including mutations without input', async () => {
    const { token, organization } = await t.signup();
    const client = httpClient(token);
    expect((await client.organizations.current.query()).id).toBe(organization.id);
    await expect(client.organizations.create.mutate({ name: 'x' })).rejects.toMatchObject({
      message: expect.stringContaining('name: must be 2-100 characters'),
      shape: { error: 'INVALID_INPUT', field: 'name' },
    });
    await client.organizations.delete.mutate();
    expect((await client.organizations.listMine.query()).total).toBe(0);
  });
});

describe('live events over WebSocket', () => {
  it('pushes changes of the organization to its members only, and replays after lastEventId', async () => {
    const owner = await t.signup();
    const stranger = await t.signup();
    const newcomer = await t.signup();
    const clients: ReturnType<typeof createWSClient>[] = [];
    const subscribe = (
      token: string,
      lastEventId: string | null,
      sink: { id: string; type: string; organizationId: string }[],
    ) => {
      const ws = createWSClient({
        url: t.url.replace('http', 'ws') + '/trpc',
        WebSocket: WebSocket as never,
        connectionParams: { token },
      });
      clients.push(ws);
      const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
      return new Promise<{ unsubscribe(): void }>((resolve) => {
        const sub = client.events.onOrgEvent.subscribe(lastEventId ? { lastEventId } : undefined, {
          onStarted: () => resolve(sub),
          onData: (e) => sink.push(e.data),
        });
      });
    };
    const ownerEvents: { id: string; type: string; organizationId: string }[] = [];
    const strangerEvents: typeof ownerEvents = [];
    await subscribe(owner.token, null, ownerEvents);
    await subscribe(stranger.token, null, strangerEvents);

    await t.addMember(owner.token, newcomer.user.email, 'Viewer');
    await t.api('PUT', '/api/org', { token: owner.token, body: { name: 'Renamed Live' } });
    await expect
      .poll(() => ownerEvents.map((e) => e.type))
      .toEqual(['invitation.created', 'member.added', 'organization.updated']);
    expect(strangerEvents).toEqual([]);

    // A reconnecting client that saw only the first event gets the rest, once.
    const replayed: typeof ownerEvents = [];
    await subscribe(owner.token, ownerEvents[1]!.id, replayed);
    await expect.poll(() => replayed.map((e) => e.type)).toEqual(['organization.updated']);
    await t.api('PUT', '/api/org', { token: owner.token, body: { name: 'Renamed Again' } });
    await expect.poll(() => replayed.map((e) => e.type)).toEqual(['organization.updated', 'organization.updated']);
    for (const ws of clients) await ws.close();
  });

  it('refuses a subscription without a valid token', async () => {
    const ws = createWSClient({
      url: t.url.replace('http', 'ws') + '/trpc',
      WebSocket: WebSocket as never,
      connectionParams: { token: 'bad' },
    });
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
    const error = await new Promise<{ message: string }>((resolve) => {
      client.events.onOrgEvent.subscribe(undefined, { onError: (e) => resolve(e) });
    });
    expect(error.message).toMatch(/invalid or has expired/);
    await ws.close();
  });
});
