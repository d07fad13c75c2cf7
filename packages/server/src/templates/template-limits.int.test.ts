import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const sized = { name: 'Sized Odoo 18', odooVersion: '18.0', cpuLimit: 1.5, memoryLimitMb: 2048 };
const serverBody = {
  name: 'odoo-1',
  host: '127.0.0.5',
  port: 22,
  sshUser: 'deploy',
  capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
};

describe('the CPU and memory limits of templates over REST', () => {
  it('are stored, read, changed and removed', async () => {
    const owner = await t.signup();
    const created = await t.api('POST', '/api/templates', { token: owner.token, body: sized });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ cpuLimit: 1.5, memoryLimitMb: 2048 });
    const id = created.body.id as string;
    expect((await t.api('GET', `/api/templates/${id}`, { token: owner.token })).body).toMatchObject({
      cpuLimit: 1.5,
      memoryLimitMb: 2048,
    });
    // A value a single-precision column cannot hold exactly comes back as written.
    const changed = await t.api('PUT', `/api/templates/${id}`, { token: owner.token, body: { cpuLimit: 0.29 } });
    expect([changed.status, changed.body.cpuLimit, changed.body.memoryLimitMb]).toEqual([200, 0.29, 2048]);
    const listed = (await t.api('GET', '/api/templates', { token: owner.token })).body.items[0];
    expect([listed.cpuLimit, listed.memoryLimitMb]).toEqual([0.29, 2048]);
    const removed = await t.api('PUT', `/api/templates/${id}`, { token: owner.token, body: { memoryLimitMb: null } });
    expect([removed.body.cpuLimit, removed.body.memoryLimitMb]).toEqual([0.29, null]);
    const log = await t.api('GET', '/api/org/audit-log?targetType=template', { token: owner.token });
    expect(log.body.items[0]).toMatchObject({
      action: 'template.updated',
      diff: { memoryLimitMb: { from: 2048, to: null } },
    });
  });

  it.each([
    ['cpuLimit', { cpuLimit: 0 }, 'must be 0.1-256 CPU cores'],
    ['cpuLimit', { cpuLimit: 0.125 }, 'hundredth'],
    ['cpuLimit', { cpuLimit: '2' }, 'a number, or null'],
    ['memoryLimitMb', { memoryLimitMb: 128 }, 'must be a whole number of MB, 256-1048576'],
    ['memoryLimitMb', { memoryLimitMb: 1024.5 }, 'whole number'],
  ])('refuses a bad %s with 400 naming it', async (field, over, words) => {
    const owner = await t.signup();
    const res = await t.api('POST', '/api/templates', { token: owner.token, body: { ...sized, ...over } });
    expect([res.status, res.body.error, res.body.field]).toEqual([400, 'INVALID_INPUT', field]);
    expect(res.body.message).toContain(field);
    expect(res.body.message).toContain(words);
    const existing = (await t.api('POST', '/api/templates', { token: owner.token, body: sized })).body;
    const update = await t.api('PUT', `/api/templates/${existing.id}`, { token: owner.token, body: over });
    expect([update.status, update.body.field]).toEqual([400, field]);
  });

  it('give an instance provisioned from the template its limits, unless the request sets them', async () => {
    const owner = await t.signup();
    const template = (await t.api('POST', '/api/templates', { token: owner.token, body: sized })).body;
    const server = (await t.api('POST', '/api/servers', { token: owner.token, body: serverBody })).body;
    const provisioned = await t.api('POST', `/api/templates/${template.id}/provision`, {
      token: owner.token,
      body: { templateId: template.id, serverId: server.id, overrides: { WORKERS: '3' } },
    });
    expect(provisioned.status).toBe(201);
    expect(provisioned.body).toMatchObject({ workers: 3, cpuLimit: 1.5, memoryLimitMb: 2048 });
    const direct = await t.api('POST', '/api/instances', {
      token: owner.token,
      body: { name: 'Direct', serverId: server.id, templateId: template.id, cpuLimit: 0.5 },
    });
    expect(direct.status).toBe(202);
    const instance = await t.api('GET', `/api/instances/${direct.body.instanceId}`, { token: owner.token });
    expect(instance.body).toMatchObject({ cpuLimit: 0.5, memoryLimitMb: 2048 });
    // 2048 + 2048 of 8192 MB are given to limits: 6144 more do not fit.
    const refused = await t.api('POST', `/api/templates/${template.id}/provision`, {
      token: owner.token,
      body: { serverId: server.id, memoryLimitMb: 6144 },
    });
    expect([refused.status, refused.body.field]).toEqual([400, 'memoryLimitMb']);
    expect(refused.body.message).toContain('4096 of its 8192 MB');
  });

  it('are documented in the OpenAPI document', async () => {
    const doc = (await t.api('GET', '/api/openapi.json')).body;
    const body = doc.paths['/templates'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['cpuLimit', 'memoryLimitMb']));
  });
});
