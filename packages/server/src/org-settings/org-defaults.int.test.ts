import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ OCORE_JOBS: '0' });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const cloudflareToken = 'Abcdefghij0123456789_-abcdefghij01234567';

describe('settings: instance defaults and DNS provider', () => {
  it('validates each key by name, seals the token, exports them and provisions with them', async () => {
    const agency = await t.agency('Defaults Agency');
    const server = await t.api('POST', '/api/servers', {
      token: agency.token,
      body: {
        name: 'agency-box',
        host: '127.0.0.1',
        port: 1,
        sshUser: 'root',
        sshPassword: 'not used',
        capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 5 },
      },
    });
    expect(server.status).toBe(201);
    const client = await t.client(agency, 'Defaults Client');
    const put = (token: string, body: unknown) => t.api('PUT', '/api/org/settings', { token, body });

    for (const [body, field] of [
      [{ defaultServerId: crypto.randomUUID() }, 'defaultServerId'],
      [{ defaultTemplateId: crypto.randomUUID() }, 'defaultTemplateId'],
      [{ defaultOdooVersion: '15.0' }, 'defaultOdooVersion'],
      [{ defaultWorkers: 99 }, 'defaultWorkers'],
      [{ dnsProvider: { kind: 'cloudflare', apiToken: 'short' } }, 'dnsProvider.apiToken'],
      [{ dnsProvider: { kind: 'cloudflare' } }, 'dnsProvider.apiToken'],
      [{ dnsProvider: { kind: 'route53' } }, 'dnsProvider'],
      [{ key: 'value' }, 'key'],
    ] as const) {
      const refused = await put(client.operatorToken, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(refused.body)).toContain(field);
    }

    // A client may default to its agency's server.
    const saved = await put(client.operatorToken, {
      defaultServerId: server.body.id,
      defaultOdooVersion: '17.0',
      defaultWorkers: 3,
      dnsProvider: { kind: 'cloudflare', apiToken: cloudflareToken, zoneId: '0123456789abcdef0123456789abcdef' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      defaultServerId: server.body.id,
      defaultOdooVersion: '17.0',
      defaultWorkers: 3,
      dnsProvider: { kind: 'cloudflare', hasCredentials: true, zoneId: '0123456789abcdef0123456789abcdef' },
    });
    expect(JSON.stringify(saved.body)).not.toContain(cloudflareToken);
    // Changing the zone alone keeps the sealed token.
    const kept = await put(client.operatorToken, {
      dnsProvider: { kind: 'cloudflare', zoneId: 'fedcba9876543210fedcba9876543210' },
    });
    expect(kept.body.dnsProvider).toMatchObject({ hasCredentials: true, zoneId: 'fedcba9876543210fedcba9876543210' });

    const exported = await t.api('POST', '/api/org/disaster-recovery/export', { token: client.operatorToken });
    expect(exported.status).toBe(200);
    expect(exported.body.content.settings.defaults).toMatchObject({ defaultOdooVersion: '17.0', defaultWorkers: 3 });
    expect(JSON.stringify(exported.body)).not.toContain(cloudflareToken);

    // What the request leaves out comes from the settings.
    const created = await t.api('POST', '/api/instances', { token: client.operatorToken, body: { name: 'Defaulted' } });
    expect(created.status).toBe(202);
    const instance = await t.api('GET', `/api/instances/${created.body.instanceId}`, { token: client.operatorToken });
    expect(instance.body).toMatchObject({ serverId: server.body.id, odooVersion: '17.0', workers: 3 });

    const cleared = await put(client.operatorToken, { defaultServerId: null, dnsProvider: null });
    expect(cleared.body).toMatchObject({ defaultServerId: null, dnsProvider: null });
    const refused = await t.api('POST', '/api/instances', { token: client.operatorToken, body: { name: 'Nowhere' } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('serverId');
  }, 60_000);
});
