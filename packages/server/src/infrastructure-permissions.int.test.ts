import { defaultRolePermissions, systemRoleNames, type Permission } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './testing/test-app.js';

/**
 * The permission table of the infrastructure endpoints, checked for every system role
 * against core's role table: each call is allowed exactly when the role holds the
 * permission, and otherwise refused with 403 naming it. Calls that would remove what the
 * later rows need use ids of their own.
 */
let t: TestApp;
let owner: { token: string; organization: { id: string } };
const ids: Record<string, string> = {};

type Call = { name: string; permission: Permission; method: string; path: () => string; body?: () => unknown };

/** Calls on one object of the organization, by id (the others list or create). */
const onObject = (call: Call) => /ids\[/.test(call.path.toString());

const serverBody = (name: string) => ({
  name,
  host: `${name}.internal`,
  capacity: { cpuCores: 8, memoryMb: 16384, maxInstances: 50 },
});
const templateBody = (name: string) => ({ name, odooVersion: '18.0', odooEdition: 'ce', defaultWorkers: 2 });

const calls: Call[] = [
  { name: 'list servers', permission: 'view:servers', method: 'GET', path: () => '/api/servers' },
  { name: 'get a server', permission: 'view:servers', method: 'GET', path: () => `/api/servers/${ids['server']}` },
  {
    name: 'add a server',
    permission: 'manage:servers',
    method: 'POST',
    path: () => '/api/servers',
    body: () => serverBody(`s-${Math.random().toString(36).slice(2, 8)}`),
  },
  {
    name: 'change a server',
    permission: 'manage:servers',
    method: 'PUT',
    path: () => `/api/servers/${ids['server']}`,
    body: () => ({ name: 'app server' }),
  },
  { name: 'list topologies', permission: 'view:topologies', method: 'GET', path: () => '/api/topologies' },
  {
    name: 'get a topology',
    permission: 'view:topologies',
    method: 'GET',
    path: () => `/api/topologies/${ids['topology']}`,
  },
  {
    name: 'validate a topology',
    permission: 'view:topologies',
    method: 'POST',
    path: () => `/api/topologies/${ids['topology']}/validate`,
  },
  {
    name: 'topology deployments',
    permission: 'view:topologies',
    method: 'GET',
    path: () => `/api/topologies/${ids['topology']}/deployments`,
  },
  {
    name: 'create a topology',
    permission: 'manage:topologies',
    method: 'POST',
    path: () => '/api/topologies',
    body: () => ({ name: 'Another' }),
  },
  {
    name: 'change a topology',
    permission: 'manage:topologies',
    method: 'PUT',
    path: () => `/api/topologies/${ids['topology']}`,
    body: () => ({ description: 'changed' }),
  },
  {
    name: 'set HA config',
    permission: 'manage:topologies',
    method: 'PUT',
    path: () => `/api/topologies/${ids['topology']}/ha-config`,
    body: () => ({ lbType: 'haproxy' }),
  },
  { name: 'list templates', permission: 'view:templates', method: 'GET', path: () => '/api/templates' },
  {
    name: 'get a template',
    permission: 'view:templates',
    method: 'GET',
    path: () => `/api/templates/${ids['template']}`,
  },
  {
    name: 'create a template',
    permission: 'manage:templates',
    method: 'POST',
    path: () => '/api/templates',
    body: () => templateBody('Another template'),
  },
  {
    name: 'change a template',
    permission: 'manage:templates',
    method: 'PUT',
    path: () => `/api/templates/${ids['template']}`,
    body: () => ({ defaultWorkers: 3 }),
  },
  { name: 'list instances', permission: 'view:instances', method: 'GET', path: () => '/api/instances' },
  {
    name: 'provision an instance',
    permission: 'manage:instances',
    method: 'POST',
    path: () => `/api/templates/${ids['template']}/provision`,
    body: () => ({ serverId: ids['server'] }),
  },
];

beforeAll(async () => {
  t = await startTestApp({ OCORE_JOBS: '0' });
  owner = await t.signup('Owner');
  ids['server'] = (await t.api('POST', '/api/servers', { token: owner.token, body: serverBody('app-1') })).body.id;
  ids['topology'] = (await t.api('POST', '/api/topologies', { token: owner.token, body: { name: 'Main' } })).body.id;
  ids['template'] = (await t.api('POST', '/api/templates', { token: owner.token, body: templateBody('Base') })).body.id;
});
afterAll(() => t.close());

describe.each(systemRoleNames.filter((r) => r !== 'Owner'))('as %s', (role) => {
  let token: string;
  beforeAll(async () => {
    token = (await t.joinAs(owner, role)).token;
  });

  it.each(calls)('$name follows $permission', async (call) => {
    const res = await t.api(call.method, call.path(), { token, ...(call.body ? { body: call.body() } : {}) });
    const allowed = defaultRolePermissions[role].includes(call.permission);
    if (allowed) {
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    } else {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: 'PERMISSION_DENIED' });
    }
  });
});

describe('as the Owner', () => {
  it.each(calls)('$name is allowed', async (call) => {
    const res = await t.api(call.method, call.path(), {
      token: owner.token,
      ...(call.body ? { body: call.body() } : {}),
    });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  });
});

describe('from another organization', () => {
  it.each(calls.filter(onObject))('$name answers 404', async (call) => {
    const stranger = await t.signup('Stranger');
    const res = await t.api(call.method, call.path(), {
      token: stranger.token,
      ...(call.body ? { body: call.body() } : {}),
    });
    expect(res.status).toBe(404);
  });
});
