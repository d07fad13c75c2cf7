import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/**
 * The REST contract of drills, restores into a new instance, imports and clones on a migrated
 * database, without an engine: their refusals, each naming its field (the happy paths run on
 * a real engine in backup-elsewhere.docker.int.test.ts).
 */
let t: TestApp;
let token: string;
let instanceId: string;
const missing = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startTestApp();
  token = (await t.signup()).token;
  const server = await t.api('POST', '/api/servers', {
    token,
    body: {
      name: 'nowhere',
      host: '127.0.0.1',
      port: 1,
      sshUser: 'root',
      sshPassword: 'not used',
      capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 5 },
    },
  });
  const created = await t.api('POST', '/api/instances', {
    token,
    body: { serverId: server.body.id, name: 'Unreachable', odooVersion: '18.0' },
  });
  instanceId = created.body.instanceId;
});

afterAll(async () => {
  await t?.close();
});

describe('restores elsewhere and clones, refused', () => {
  it('answers 404 for a missing backup and 400 for an unknown target', async () => {
    expect((await t.api('POST', `/api/backups/${missing}/verify`, { token })).status).toBe(404);
    const bogus = await t.api('POST', `/api/backups/${missing}/restore`, { token, body: { target: 'elsewhere' } });
    expect(bogus.status).toBe(400);
    expect(JSON.stringify(bogus.body)).toContain('must be in-place or new');
  });

  it('refuses an upload that is not a zip, and one for an instance that does not run', async () => {
    const post = (type: string) =>
      fetch(`${t.url}/api/instances/${instanceId}/import`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': type },
        body: 'not a zip',
      });
    const text = await post('text/plain');
    expect(text.status).toBe(400);
    expect((await text.json()).message).toMatch(/^file: /);
    const zip = await post('application/zip');
    expect(zip.status).toBe(400);
    expect((await zip.json()).message).toMatch(/^status: /);
    const anonymous = await fetch(`${t.url}/api/instances/${instanceId}/import`, { method: 'POST', body: 'x' });
    expect(anonymous.status).toBe(401);
  });

  it('refuses a clone of an instance that does not run, and a stage that is not staging or development', async () => {
    const clone = (body: Record<string, unknown>) =>
      t.api('POST', `/api/instances/${instanceId}/clone`, { token, body });
    const notRunning = await clone({ name: 'Staging', stage: 'staging' });
    expect(notRunning.status).toBe(400);
    expect(notRunning.body.message).toMatch(/cannot be cloned/);
    expect((await clone({ name: 'Prod', stage: 'production' })).status).toBe(400);
    const spec = (await t.api('GET', '/api/openapi.json')).body;
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/instances/{id}/clone', '/backups/{id}/verify']));
  });
});
