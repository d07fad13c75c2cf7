import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const body = (over: Record<string, unknown> = {}) => ({
  name: 'odoo-1',
  host: '127.0.0.5',
  port: 22,
  sshUser: 'deploy',
  capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
  ...over,
});

describe("a server's Docker Engine socket", () => {
  it('is /var/run/docker.sock unless given, may be changed, and goes back to the default when cleared', async () => {
    const owner = await t.signup();
    const plain = await t.api('POST', '/api/servers', { token: owner.token, body: body() });
    expect(plain.status).toBe(201);
    expect(plain.body.dockerSocket).toBe('/var/run/docker.sock');

    const rootless = await t.api('POST', '/api/servers', {
      token: owner.token,
      body: body({ name: 'rootless', dockerSocket: '/run/user/1000/docker.sock' }),
    });
    expect(rootless.status).toBe(201);
    expect(rootless.body.dockerSocket).toBe('/run/user/1000/docker.sock');

    const moved = await t.api('PUT', `/api/servers/${plain.body.id}`, {
      token: owner.token,
      body: { dockerSocket: '/srv/docker/engine.sock' },
    });
    expect(moved.status).toBe(200);
    expect((await t.api('GET', `/api/servers/${plain.body.id}`, { token: owner.token })).body.dockerSocket).toBe(
      '/srv/docker/engine.sock',
    );
    const audit = await t.api('GET', '/api/org/audit-log', { token: owner.token });
    expect(JSON.stringify(audit.body)).toContain('/srv/docker/engine.sock');

    const cleared = await t.api('PUT', `/api/servers/${plain.body.id}`, {
      token: owner.token,
      body: { dockerSocket: null },
    });
    expect(cleared.body.dockerSocket).toBe('/var/run/docker.sock');
  });

  it.each([
    ['docker.sock', 'must be an absolute path'],
    ['/var/run/../../etc/shadow', 'must not contain . or .. segments'],
    ['/var/run/docker.sock; rm -rf /', 'must be an absolute path'],
    ['/var/run/', 'must be an absolute path'],
    [`/${'a'.repeat(300)}`, 'must be at most 255 characters'],
  ])('refuses %s with 400', async (dockerSocket, message) => {
    const owner = await t.signup();
    const created = await t.api('POST', '/api/servers', { token: owner.token, body: body({ dockerSocket }) });
    expect(created.status).toBe(400);
    expect(JSON.stringify(created.body)).toContain(message);
    const server = (await t.api('POST', '/api/servers', { token: owner.token, body: body() })).body;
    const updated = await t.api('PUT', `/api/servers/${server.id}`, { token: owner.token, body: { dockerSocket } });
    expect(updated.status).toBe(400);
    expect((await t.api('GET', `/api/servers/${server.id}`, { token: owner.token })).body.dockerSocket).toBe(
      '/var/run/docker.sock',
    );
  });

  it('is hidden from client members when the agency limits what they see', async () => {
    const agency = await t.agency();
    const client = await t.client(agency);
    await t.api('POST', '/api/servers', {
      token: client.operatorToken,
      body: body({ dockerSocket: '/run/user/1000/docker.sock' }),
    });
    const member = await t.signup('Client Member');
    await t.addMember(client.operatorToken, member.user.email, 'Viewer');
    const token = (
      await t.api('POST', '/api/auth/switch-org', { token: member.token, body: { organizationId: client.id } })
    ).body.token;
    await t.api('PUT', '/api/agency/portal-config', {
      token: agency.token,
      body: { infrastructureVisibility: 'limited' },
    });
    expect((await t.api('GET', '/api/servers', { token })).body.items[0]).toMatchObject({ dockerSocket: null });
    expect((await t.api('GET', '/api/servers', { token: client.operatorToken })).body.items[0].dockerSocket).toBe(
      '/run/user/1000/docker.sock',
    );
  });
});
