import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeWs } from '../security/testing/transport.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const templateBody = (over: Record<string, unknown> = {}) => ({
  name: 'Standard Odoo 18 CE',
  description: 'Standard Community Edition setup for small businesses',
  odooVersion: '18.0',
  odooEdition: 'ce',
  defaultWorkers: 4,
  defaultEnvVars: { PROXY_MODE: 'True' },
  moduleList: ['sale', 'purchase', 'stock', 'account'],
  isPublic: false,
  ...over,
});
const serverBody = (over: Record<string, unknown> = {}) => ({
  name: 'odoo-1',
  host: '127.0.0.5',
  port: 22,
  sshUser: 'deploy',
  capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
  ...over,
});

/** An organization with a template and a server, as `token` (its Owner). */
async function setup(options: { template?: Record<string, unknown>; server?: Record<string, unknown> } = {}) {
  const owner = await t.signup();
  const template = (await t.api('POST', '/api/templates', { token: owner.token, body: templateBody(options.template) }))
    .body;
  const server = (await t.api('POST', '/api/servers', { token: owner.token, body: serverBody(options.server) })).body;
  return { owner, token: owner.token, template, server };
}

const provision = (token: string, templateId: string, body: Record<string, unknown>) =>
  t.api('POST', `/api/templates/${templateId}/provision`, { token, body });
const db = () => t.app.deps.database.db;

/** Polls until `check` passes (10 s at most). */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('timed out waiting');
}

/** The instance once its operation is over (neither pending nor deploying). */
async function settled(token: string, id: string) {
  let body: { status: string } = { status: 'pending' };
  await until(async () => {
    body = (await t.api('GET', `/api/instances/${id}`, { token })).body;
    return body.status !== 'pending' && body.status !== 'deploying';
  });
  return body;
}

describe('provisioning from a template', () => {
  it('takes the guide example as written and answers the instance pending while its provision operation runs', async () => {
    const { owner, token, template, server } = await setup();
    const res = await provision(token, template.id, {
      templateId: 'TEMPLATE_UUID',
      serverId: server.id,
      overrides: { WORKERS: '6' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      organizationId: owner.organization.id,
      templateId: template.id,
      projectId: null,
      stage: 'production',
      name: 'Standard Odoo 18 CE',
      slug: expect.stringMatching(/^standard-odoo-18-ce(-\d+)?$/),
      url: null,
      hostnameCertificate: null,
      serverId: server.id,
      serverName: 'odoo-1',
      odooVersion: '18.0',
      odooEdition: 'ce',
      workers: 6,
      envVars: { PROXY_MODE: 'True' },
      moduleList: ['sale', 'purchase', 'stock', 'account'],
      cpuLimit: null,
      memoryLimitMb: null,
      status: 'pending',
      failedStep: null,
      failureReason: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    // The job runs the provision; this server has no SSH credentials, so it fails saying so.
    const failed = await settled(token, res.body.id);
    expect(failed).toMatchObject({
      status: 'failed',
      failedStep: 'connect to server',
      failureReason: expect.stringContaining('no SSH key or password'),
    });
    expect((await t.api('GET', '/api/instances', { token })).body).toEqual({
      items: [failed],
      total: 1,
      nextCursor: null,
    });
    const operations = (await t.api('GET', `/api/instances/${res.body.id}/operations`, { token })).body;
    expect(operations.items[0]).toMatchObject({ kind: 'provision', status: 'failed', step: 'connect to server' });
    expect(operations.items[0].logs.at(-1)).toMatchObject({ level: 'error', step: 'connect to server' });
    const log = await t.api('GET', '/api/org/audit-log?targetType=instance', { token });
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['instance.created', 'instance.provision_requested']),
    );

    // Nothing of it reached the server: deleting removes the record without connecting.
    const removed = await t.api('DELETE', `/api/instances/${res.body.id}`, { token });
    expect(removed.status).toBe(202);
    expect(removed.body).toMatchObject({ kind: 'delete', status: 'queued', instanceId: res.body.id, keepData: false });
    await until(async () => (await t.api('GET', `/api/instances/${res.body.id}`, { token })).status === 404);
    expect((await t.api('GET', '/api/org/audit-log?targetType=instance', { token })).body.items[0].action).toBe(
      'instance.delete_requested',
    );
  });

  it('takes a name and sets or adds variables; upper-case names survive the database', async () => {
    const { token, template, server } = await setup();
    const res = await provision(token, template.id, {
      serverId: server.id,
      name: 'acme-prod',
      overrides: { PROXY_MODE: 'False', DB_FILTER: '^acme$', WORKERS: 2 },
    });
    expect(res.body).toMatchObject({
      name: 'acme-prod',
      workers: 2,
      envVars: { PROXY_MODE: 'False', DB_FILTER: '^acme$' },
    });
    expect((await t.api('GET', `/api/instances/${res.body.id}`, { token })).body.envVars).toEqual({
      PROXY_MODE: 'False',
      DB_FILTER: '^acme$',
    });
  });

  it('refuses a template whose version is no longer supported, naming odooVersion', async () => {
    const { token, template, server } = await setup();
    await sql`update templates set odoo_version = '15.0' where id = ${template.id}`.execute(db());
    const res = await provision(token, template.id, { serverId: server.id });
    expect([res.status, res.body.error, res.body.field]).toEqual([400, 'INVALID_INPUT', 'odooVersion']);
    expect(res.body.message).toContain('15.0');
  });

  it.each([
    ['overrides.WORKERS', { WORKERS: '65' }],
    ['overrides.WORKERS', { WORKERS: 'many' }],
    ['overrides.bad-name', { 'bad-name': 'x' }],
    ['overrides.BIG', { BIG: 'v'.repeat(4097) }],
  ])('refuses a bad override, naming %s', async (field, overrides) => {
    const { token, template, server } = await setup();
    const res = await provision(token, template.id, { serverId: server.id, overrides });
    expect([res.status, res.body.field]).toEqual([400, field]);
  });

  it('refuses Enterprise without a usable subscription code, naming subscriptionCode, and provisions with one', async () => {
    const { token, template, server } = await setup({ template: { name: 'Enterprise 18', odooEdition: 'ee' } });
    const missing = await provision(token, template.id, { serverId: server.id });
    expect([missing.status, missing.body.field]).toEqual([400, 'subscriptionCode']);
    expect(missing.body.message).toMatch(/subscription code.*none is stored/);

    // A malformed code is not stored at all, so provisioning still finds none.
    const refused = await t.api('PUT', '/api/org/settings', { token, body: { subscriptionCode: 'bad code' } });
    expect([refused.status, refused.body.field]).toEqual([400, 'subscriptionCode']);
    const still = await provision(token, template.id, { serverId: server.id });
    expect([still.status, still.body.field]).toEqual([400, 'subscriptionCode']);
    expect(still.body.message).toMatch(/none is stored/);

    await t.api('PUT', '/api/org/settings', { token, body: { subscriptionCode: 'M2407151234567' } });
    const ok = await provision(token, template.id, { serverId: server.id });
    expect([ok.status, ok.body.odooEdition]).toEqual([201, 'ee']);
  });

  it("refuses an unknown or another organization's server with 404 naming serverId", async () => {
    const { token, template } = await setup();
    const other = await setup();
    for (const serverId of [other.server.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await provision(token, template.id, { serverId });
      expect([res.status, res.body.error, res.body.field]).toEqual([404, 'NOT_FOUND', 'serverId']);
    }
  });

  it('refuses a server in maintenance or unreachable, naming serverStatus', async () => {
    const { token, template, server } = await setup();
    await t.api('PUT', `/api/servers/${server.id}`, { token, body: { status: 'maintenance' } });
    const resting = await provision(token, template.id, { serverId: server.id });
    expect([resting.status, resting.body.field, resting.body.message]).toEqual([
      400,
      'serverStatus',
      'serverStatus: server odoo-1 is in maintenance; choose an active server',
    ]);
    await sql`update servers set status = 'unreachable' where id = ${server.id}`.execute(db());
    const down = await provision(token, template.id, { serverId: server.id });
    expect([down.status, down.body.field]).toEqual([400, 'serverStatus']);
    expect(down.body.message).toContain('server odoo-1 is unreachable');
  });

  it('refuses a full server, naming serverCapacity and the counts', async () => {
    const { token, template, server } = await setup({
      server: { capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 2 } },
    });
    for (let i = 0; i < 2; i += 1)
      expect((await provision(token, template.id, { serverId: server.id })).status).toBe(201);
    const full = await provision(token, template.id, { serverId: server.id });
    expect([full.status, full.body.field, full.body.message]).toEqual([
      400,
      'serverCapacity',
      'serverCapacity: server odoo-1 is full: 2 of 2 instances',
    ]);
  });

  it('never lets concurrent provisions overfill a server', async () => {
    const { token, template, server } = await setup({
      server: { capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 3 } },
    });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => provision(token, template.id, { serverId: server.id })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 400, 400, 400, 400, 400]);
    expect((await t.api('GET', '/api/instances', { token })).body.total).toBe(3);
  });

  it('refuses more workers than the server can run, naming workers', async () => {
    const { token, template, server } = await setup({
      server: { capacity: { cpuCores: 1, memoryMb: 2048, maxInstances: 10 } },
    });
    const res = await provision(token, template.id, { serverId: server.id });
    expect([res.status, res.body.field]).toEqual([400, 'workers']);
    expect(res.body.message).toContain('at most 3');
  });
});

describe('instances: permissions and isolation', () => {
  it.each([
    ['Admin', [201, 202]],
    ['Developer', [201, 202]],
    ['Viewer', [403, 403]],
  ])('%s provisions and deletes: %j; every role reads', async (role, statuses) => {
    const { owner, token, template, server } = await setup();
    const existing = (await provision(token, template.id, { serverId: server.id })).body;
    await settled(token, existing.id);
    const member = await t.joinAs(owner, role);
    expect((await t.api('GET', '/api/instances', { token: member.token })).body.total).toBe(1);
    expect((await t.api('GET', `/api/instances/${existing.id}`, { token: member.token })).status).toBe(200);
    const made = await provision(member.token, template.id, { serverId: server.id });
    const removed = await t.api('DELETE', `/api/instances/${existing.id}`, { token: member.token });
    expect([made.status, removed.status]).toEqual(statuses);
    if (role === 'Viewer')
      expect([made.body.permission, removed.body.permission]).toEqual(['manage:templates', 'manage:instances']);
  });

  it("keeps organizations apart: 404 for another organization's instance", async () => {
    const { token, template, server } = await setup();
    const instance = (await provision(token, template.id, { serverId: server.id })).body;
    const stranger = await t.signup();
    expect((await t.api('GET', `/api/instances/${instance.id}`, { token: stranger.token })).status).toBe(404);
    expect((await t.api('DELETE', `/api/instances/${instance.id}`, { token: stranger.token })).status).toBe(404);
    expect((await t.api('POST', `/api/templates/from-instance/${instance.id}`, { token: stranger.token })).status).toBe(
      404,
    );
    expect((await t.api('GET', '/api/instances', { token: stranger.token })).body.total).toBe(0);
  });
});

describe('instances of agency clients', () => {
  it("provisions from the agency's public template, shows the server by name only, and counts in instanceCount", async () => {
    const agency = await t.agency();
    const shared = (
      await t.api('POST', '/api/templates', {
        token: agency.token,
        body: templateBody({ name: 'Agency Standard', isPublic: true }),
      })
    ).body;
    const client = await t.client(agency);
    const server = (
      await t.api('POST', '/api/servers', { token: client.operatorToken, body: serverBody({ name: 'client-1' }) })
    ).body;
    const member = await t.signup('Client Member');
    await t.addMember(client.operatorToken, member.user.email, 'Developer');
    const token = (
      await t.api('POST', '/api/auth/switch-org', { token: member.token, body: { organizationId: client.id } })
    ).body.token;
    await t.api('PUT', '/api/agency/portal-config', {
      token: agency.token,
      body: { infrastructureVisibility: 'none' },
    });

    const made = await provision(token, shared.id, { serverId: server.id, overrides: { WORKERS: '6' } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      organizationId: client.id,
      templateId: shared.id,
      serverId: server.id,
      serverName: 'client-1',
      workers: 6,
    });
    expect(JSON.stringify((await t.api('GET', '/api/instances', { token })).body)).not.toContain('127.0.0.5');
    expect((await provision(client.operatorToken, shared.id, { serverId: server.id })).status).toBe(201);

    const clients = (await t.api('GET', '/api/agency/clients', { token: agency.token })).body;
    expect(clients.items.find((c: { id: string }) => c.id === client.id)).toMatchObject({ instanceCount: 2 });
    const idle = await t.client(agency, 'Idle Co');
    expect(
      (await t.api('GET', '/api/agency/clients', { token: agency.token })).body.items.find(
        (c: { id: string }) => c.id === idle.id,
      ),
    ).toMatchObject({ instanceCount: 0 });

    // The agency's own instances are its own, not a client's; deleting the template keeps the client's instance.
    expect((await t.api('DELETE', `/api/templates/${shared.id}`, { token: agency.token })).status).toBe(204);
    expect((await t.api('GET', `/api/instances/${made.body.id}`, { token })).body.templateId).toBeNull();
  });

  it("places a client's instance on its agency's servers, which the client lists with withAgency", async () => {
    const agency = await t.agency();
    const agencyServer = (
      await t.api('POST', '/api/servers', { token: agency.token, body: serverBody({ name: 'agency-1' }) })
    ).body;
    const client = await t.client(agency);
    const own = (
      await t.api('POST', '/api/servers', { token: client.operatorToken, body: serverBody({ name: 'client-own' }) })
    ).body;
    const names = async (token: string, query = '') =>
      (await t.api('GET', `/api/servers${query}`, { token })).body.items.map((s: { name: string }) => s.name);
    // The servers page: the organization's own; the create form: the agency's too.
    expect(await names(client.operatorToken)).toEqual(['client-own']);
    expect(await names(client.operatorToken, '?withAgency=true')).toEqual(['agency-1', 'client-own']);
    expect(await names(client.operatorToken, '?withAgency=true&search=agency')).toEqual(['agency-1']);
    expect(await names(agency.token, '?withAgency=true')).toEqual(['agency-1']);
    // A client's member sees them as the agency's portal configuration allows.
    const member = await t.signup('Client Member');
    await t.addMember(client.operatorToken, member.user.email, 'Admin');
    const token = (
      await t.api('POST', '/api/auth/switch-org', { token: member.token, body: { organizationId: client.id } })
    ).body.token;
    await t.api('PUT', '/api/agency/portal-config', {
      token: agency.token,
      body: { infrastructureVisibility: 'limited' },
    });
    const listed = (await t.api('GET', '/api/servers?withAgency=true', { token })).body.items;
    expect(listed.find((s: { id: string }) => s.id === agencyServer.id)).toMatchObject({
      name: 'agency-1',
      host: null,
    });
    expect((await t.api('GET', '/api/servers?withAgency=maybe', { token })).body.field).toBe('withAgency');

    const created = await t.api('POST', '/api/instances', {
      token: client.operatorToken,
      body: { name: 'On agency', serverId: agencyServer.id, odooVersion: '18.0' },
    });
    expect(created.status).toBe(202);
    const instance = await t.api('GET', `/api/instances/${created.body.instanceId}`, { token });
    expect(instance.body).toMatchObject({
      organizationId: client.id,
      serverId: agencyServer.id,
      serverName: 'agency-1',
    });
    expect(own.id).not.toBe(agencyServer.id);
  });

  it('hides capacity numbers from client members when the agency hides infrastructure', async () => {
    const agency = await t.agency();
    const client = await t.client(agency);
    const template = (await t.api('POST', '/api/templates', { token: client.operatorToken, body: templateBody() }))
      .body;
    const server = (
      await t.api('POST', '/api/servers', {
        token: client.operatorToken,
        body: serverBody({ capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 0 } }),
      })
    ).body;
    const member = await t.signup('Client Member');
    await t.addMember(client.operatorToken, member.user.email, 'Admin');
    const token = (
      await t.api('POST', '/api/auth/switch-org', { token: member.token, body: { organizationId: client.id } })
    ).body.token;
    await t.api('PUT', '/api/agency/portal-config', {
      token: agency.token,
      body: { infrastructureVisibility: 'none' },
    });
    expect((await provision(token, template.id, { serverId: server.id })).body.message).toBe(
      'serverCapacity: server odoo-1 is full',
    );
    expect((await provision(client.operatorToken, template.id, { serverId: server.id })).body.message).toBe(
      'serverCapacity: server odoo-1 is full: 0 of 0 instances',
    );
  });
});

describe('live instance status and operation progress', () => {
  it('streams status, operation steps and log lines, and replays them from lastEventId', async () => {
    const { token, template, server } = await setup();
    const live = await subscribeWs(t.url, 'instances.onStatus', {}, token);
    const made = (await provision(token, template.id, { serverId: server.id })).body;
    await settled(token, made.id);
    await until(async () => JSON.stringify(live.received).includes('"failed"'));
    live.close();
    const statuses = live.received.map((m) => (m as { data: { payload: { status?: string } } }).data.payload.status);
    expect(statuses).toEqual(expect.arrayContaining(['pending', 'deploying', 'failed']));

    const replay = await subscribeWs(t.url, 'instances.onOperation', { instanceId: made.id, lastEventId: '0' }, token);
    await until(async () => JSON.stringify(replay.received).includes('connect to server failed'));
    replay.close();
    const types = replay.received.map((m) => (m as { data: { type: string } }).data.type);
    expect(types).toEqual(expect.arrayContaining(['instance.operation', 'instance.log']));
    expect(JSON.stringify(replay.received)).not.toContain('instance.status');

    // Another organization's subscriber sees none of it.
    const stranger = await t.signup();
    const other = await subscribeWs(t.url, 'instances.onOperation', { lastEventId: '0' }, stranger.token);
    await new Promise((resolve) => setTimeout(resolve, 300));
    other.close();
    expect(other.received).toEqual([]);
  });
});

describe('projects', () => {
  it('groups instances by stage over REST, and cannot be deleted while it holds one', async () => {
    const { token, server } = await setup();
    const created = await t.api('POST', '/api/projects', { token, body: { name: 'Acme ERP' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Acme ERP', description: '', instanceCount: 0 });
    const id = created.body.id;
    expect((await t.api('POST', '/api/projects', { token, body: { name: 'ACME erp' } })).body.field).toBe('name');
    const op = await t.api('POST', '/api/instances', {
      token,
      body: { serverId: server.id, name: 'acme-staging', odooVersion: '18.0', projectId: id, stage: 'staging' },
    });
    expect(op.status).toBe(202);
    expect(op.body).toMatchObject({ kind: 'provision', status: 'queued' });
    expect((await t.api('GET', `/api/instances/${op.body.instanceId}`, { token })).body).toMatchObject({
      projectId: id,
      stage: 'staging',
    });
    expect((await t.api('GET', `/api/projects/${id}`, { token })).body.instanceCount).toBe(1);
    expect((await t.api('DELETE', `/api/projects/${id}`, { token })).status).toBe(409);
    expect(
      (await t.api('PUT', `/api/instances/${op.body.instanceId}`, { token, body: { projectId: null } })).body.instance,
    ).toMatchObject({ projectId: null });
    expect((await t.api('PUT', `/api/projects/${id}`, { token, body: { description: 'ERP' } })).body).toMatchObject({
      description: 'ERP',
      instanceCount: 0,
    });
    expect((await t.api('GET', '/api/projects', { token })).body.total).toBe(1);
    expect((await t.api('DELETE', `/api/projects/${id}`, { token })).status).toBe(204);
    expect((await t.api('GET', `/api/projects/${id}`, { token })).status).toBe(404);
  });
});
