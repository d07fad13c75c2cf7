import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The body of the guide's "Creating a Template" example, as written. */
const guideBody = {
  name: 'Standard Odoo 18 CE',
  description: 'Standard Community Edition setup for small businesses',
  odooVersion: '18.0',
  odooEdition: 'ce',
  defaultWorkers: 4,
  defaultEnvVars: { PROXY_MODE: 'True' },
  moduleList: ['sale', 'purchase', 'stock', 'account'],
  isPublic: false,
};
const body = (over: Record<string, unknown> = {}) => ({ ...guideBody, ...over });
const serverBody = {
  name: 'odoo-1',
  host: '127.0.0.5',
  port: 22,
  sshUser: 'deploy',
  capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
};

async function clientMember(agency: { token: string }, role = 'Developer') {
  const client = await t.client(agency);
  const member = await t.signup('Client Member');
  await t.addMember(client.operatorToken, member.user.email, role);
  const token = (
    await t.api('POST', '/api/auth/switch-org', { token: member.token, body: { organizationId: client.id } })
  ).body.token as string;
  return { client, token };
}

describe('templates', () => {
  it('creates the guide example, reads, changes and deletes it, recording each change', async () => {
    const owner = await t.signup();
    const created = await t.api('POST', '/api/templates', { token: owner.token, body: guideBody });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      ...guideBody,
      cpuLimit: null,
      memoryLimitMb: null,
      id: expect.any(String),
      organizationId: owner.organization.id,
      shared: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const id = created.body.id as string;
    expect((await t.api('GET', `/api/templates/${id}`, { token: owner.token })).body).toEqual(created.body);
    expect((await t.api('GET', '/api/templates', { token: owner.token })).body).toEqual({
      items: [created.body],
      total: 1,
      nextCursor: null,
    });

    const updated = await t.api('PUT', `/api/templates/${id}`, {
      token: owner.token,
      body: { defaultWorkers: 6, defaultEnvVars: { PROXY_MODE: 'True', DB_FILTER: '^acme$' }, moduleList: ['sale'] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      name: guideBody.name,
      defaultWorkers: 6,
      defaultEnvVars: { PROXY_MODE: 'True', DB_FILTER: '^acme$' },
      moduleList: ['sale'],
    });

    expect((await t.api('DELETE', `/api/templates/${id}`, { token: owner.token })).status).toBe(204);
    expect((await t.api('GET', `/api/templates/${id}`, { token: owner.token })).status).toBe(404);
    const log = await t.api('GET', '/api/org/audit-log?targetType=template', { token: owner.token });
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual([
      'template.deleted',
      'template.updated',
      'template.created',
    ]);
    expect(JSON.stringify(log.body)).not.toContain('^acme$');
  });

  it.each([
    ['name', { name: 'x' }],
    ['name', { name: 'n'.repeat(101) }],
    ['odooVersion', { odooVersion: '15.0' }],
    ['odooEdition', { odooEdition: 'enterprise' }],
    ['defaultWorkers', { defaultWorkers: 65 }],
    ['defaultWorkers', { defaultWorkers: -1 }],
    ['defaultEnvVars.proxy_mode', { defaultEnvVars: { proxy_mode: 'True' } }],
    ['defaultEnvVars.PROXY_MODE', { defaultEnvVars: { PROXY_MODE: true } }],
    ['defaultEnvVars.BIG', { defaultEnvVars: { BIG: 'v'.repeat(4097) } }],
    ['defaultEnvVars', { defaultEnvVars: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`V${i}`, 'x'])) }],
    ['moduleList.1', { moduleList: ['sale', 'Bad-Module'] }],
    ['moduleList', { moduleList: Array.from({ length: 201 }, (_, i) => `m${i}`) }],
  ])('refuses a bad %s with 400 naming it', async (field, over) => {
    const owner = await t.signup();
    const res = await t.api('POST', '/api/templates', { token: owner.token, body: body(over) });
    expect([res.status, res.body.error, res.body.field]).toEqual([400, 'INVALID_INPUT', field]);
    expect(res.body.message).toContain(field);
  });

  it('names the supported versions when refusing one', async () => {
    const owner = await t.signup();
    const res = await t.api('POST', '/api/templates', { token: owner.token, body: body({ odooVersion: '15.0' }) });
    expect(res.body.message).toContain('16.0, 17.0, 18.0, 19.0');
  });

  it.each([
    ['Owner', true],
    ['Admin', true],
    ['Developer', true],
    ['Viewer', false],
  ])('lets %s read, and manage: %s', async (role, manages) => {
    const owner = await t.signup();
    const existing = (await t.api('POST', '/api/templates', { token: owner.token, body: guideBody })).body;
    const token = role === 'Owner' ? owner.token : (await t.joinAs(owner, role)).token;
    expect((await t.api('GET', '/api/templates', { token })).status).toBe(200);
    expect((await t.api('GET', `/api/templates/${existing.id}`, { token })).status).toBe(200);
    const attempts = [
      await t.api('POST', '/api/templates', { token, body: guideBody }),
      await t.api('PUT', `/api/templates/${existing.id}`, { token, body: { name: 'Renamed' } }),
      await t.api('DELETE', `/api/templates/${existing.id}`, { token }),
    ];
    if (manages) expect(attempts.map((r) => r.status)).toEqual([201, 200, 204]);
    else for (const r of attempts) expect([r.status, r.body.permission]).toEqual([403, 'manage:templates']);
  });

  it('keeps organizations apart: 404 for another organization’s template', async () => {
    const owner = await t.signup();
    const id = (await t.api('POST', '/api/templates', { token: owner.token, body: guideBody })).body.id;
    const stranger = await t.signup();
    expect((await t.api('GET', `/api/templates/${id}`, { token: stranger.token })).status).toBe(404);
    expect(
      (await t.api('PUT', `/api/templates/${id}`, { token: stranger.token, body: { name: 'Mine now' } })).status,
    ).toBe(404);
    expect((await t.api('DELETE', `/api/templates/${id}`, { token: stranger.token })).status).toBe(404);
    expect(
      (await t.api('POST', `/api/templates/${id}/provision`, { token: stranger.token, body: { serverId: id } })).status,
    ).toBe(404);
    expect((await t.api('GET', '/api/templates', { token: stranger.token })).body.total).toBe(0);
  });

  it("shows an agency's public templates, read-only, to its clients' members and to nobody else", async () => {
    const agency = await t.agency();
    const shared = (
      await t.api('POST', '/api/templates', {
        token: agency.token,
        body: body({ name: 'Agency Standard', isPublic: true }),
      })
    ).body;
    const internal = (
      await t.api('POST', '/api/templates', { token: agency.token, body: body({ name: 'Agency Internal' }) })
    ).body;
    const { token } = await clientMember(agency);
    const own = await t.api('POST', '/api/templates', { token, body: body({ name: 'Client Own' }) });
    expect(own.status).toBe(201);

    const seen = (await t.api('GET', '/api/templates', { token })).body;
    expect(seen.items.map((x: { name: string; shared: boolean }) => [x.name, x.shared])).toEqual([
      ['Agency Standard', true],
      ['Client Own', false],
    ]);
    expect((await t.api('GET', `/api/templates/${shared.id}`, { token })).body).toMatchObject({
      shared: true,
      organizationId: agency.organization.id,
    });
    expect((await t.api('GET', `/api/templates/${internal.id}`, { token })).status).toBe(404);
    const change = await t.api('PUT', `/api/templates/${shared.id}`, { token, body: { name: 'Taken over' } });
    expect([change.status, change.body.error]).toEqual([403, 'PERMISSION_DENIED']);
    expect(change.body.message).toContain('read-only');
    expect((await t.api('DELETE', `/api/templates/${shared.id}`, { token })).status).toBe(403);
    expect((await t.api('GET', `/api/templates/${shared.id}`, { token: agency.token })).body.name).toBe(
      'Agency Standard',
    );

    const stranger = await t.signup();
    const otherAgency = await t.agency();
    const other = await clientMember(otherAgency);
    for (const outsider of [stranger.token, other.token]) {
      expect((await t.api('GET', `/api/templates/${shared.id}`, { token: outsider })).status).toBe(404);
      expect(
        (await t.api('GET', '/api/templates', { token: outsider })).body.items.map((x: { id: string }) => x.id),
      ).not.toContain(shared.id);
    }
  });

  it('captures an instance as a template, bodyless or with a name', async () => {
    const owner = await t.signup();
    const template = (await t.api('POST', '/api/templates', { token: owner.token, body: guideBody })).body;
    const server = (await t.api('POST', '/api/servers', { token: owner.token, body: serverBody })).body;
    const instance = (
      await t.api('POST', `/api/templates/${template.id}/provision`, {
        token: owner.token,
        body: { serverId: server.id, name: 'acme-prod', overrides: { WORKERS: '6', DB_FILTER: '^acme$' } },
      })
    ).body;

    const captured = await t.api('POST', `/api/templates/from-instance/${instance.id}`, { token: owner.token });
    expect(captured.status).toBe(201);
    expect(captured.body).toMatchObject({
      name: 'acme-prod template',
      odooVersion: '18.0',
      odooEdition: 'ce',
      defaultWorkers: 6,
      defaultEnvVars: { PROXY_MODE: 'True', DB_FILTER: '^acme$' },
      moduleList: guideBody.moduleList,
      isPublic: false,
      shared: false,
    });
    const named = await t.api('POST', `/api/templates/from-instance/${instance.id}`, {
      token: owner.token,
      body: { name: 'Golden image' },
    });
    expect([named.status, named.body.name]).toEqual([201, 'Golden image']);

    const viewer = await t.joinAs(owner, 'Viewer');
    const denied = await t.api('POST', `/api/templates/from-instance/${instance.id}`, { token: viewer.token });
    expect([denied.status, denied.body.permission]).toEqual([403, 'manage:templates']);
    const stranger = await t.signup();
    expect((await t.api('POST', `/api/templates/from-instance/${instance.id}`, { token: stranger.token })).status).toBe(
      404,
    );
  });

  it('documents the template and instance paths in the OpenAPI document', async () => {
    const doc = (await t.api('GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/templates',
        '/templates/{id}',
        '/templates/{id}/provision',
        '/templates/from-instance/{instanceId}',
        '/instances',
        '/instances/{id}',
      ]),
    );
    expect(Object.keys(doc.paths['/templates/{id}'])).toEqual(expect.arrayContaining(['get', 'put', 'delete']));
  });
});
