import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testMasterKey, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let other: TestApp;
const otherKey = Buffer.alloc(32, 9).toString('base64');

beforeAll(async () => {
  t = await startTestApp();
  other = await startTestApp({ OCORE_MASTER_KEY: otherKey });
});
afterAll(async () => {
  await t.close();
  await other.close();
});

async function configuredOrg() {
  const owner = await t.signup('Exporter');
  await t.joinAs(owner, 'Developer');
  await t.api('PUT', '/api/org', { token: owner.token, body: { logoUrl: 'https://cdn.example.com/logo.png' } });
  await t.api('PUT', '/api/org/settings', {
    token: owner.token,
    body: {
      auditRetentionDays: 60,
      posthogEnabled: true,
      posthogPersonalApiKey: 'phx_dr_secret_value',
      subscriptionCode: 'M2407150000001',
    },
  });
  const server = await t.api('POST', '/api/servers', {
    token: owner.token,
    body: {
      name: 'app-1',
      host: '127.0.0.7',
      sshPrivateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nssh-dr-secret\n-----END OPENSSH PRIVATE KEY-----\n',
      capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 4 },
    },
  });
  await t.api('POST', '/api/topologies', {
    token: owner.token,
    body: {
      name: 'Single',
      topologyData: {
        nodes: [
          { id: 'odoo', kind: 'odoo', serverId: server.body.id },
          { id: 'pg', kind: 'postgres', serverId: server.body.id },
        ],
        edges: [{ source: 'odoo', target: 'pg' }],
      },
    },
  });
  await t.api('POST', '/api/templates', {
    token: owner.token,
    body: {
      name: 'Standard Odoo 18 CE',
      odooVersion: '18.0',
      moduleList: ['sale'],
      cpuLimit: 1.5,
      memoryLimitMb: 2048,
    },
  });
  return owner;
}

const withoutSlug = (content: { organization: Record<string, unknown> }) => ({
  ...content,
  organization: { ...content.organization, slug: undefined },
});

describe('disaster recovery', () => {
  it('describes what an export holds and when the last one was made', async () => {
    const owner = await configuredOrg();
    const before = await t.api('GET', '/api/org/disaster-recovery/info', { token: owner.token });
    expect(before.body).toMatchObject({
      counts: { roles: 4, members: 2, settings: 1, secrets: 3, servers: 1, topologies: 1, templates: 1 },
      lastExport: null,
    });
    expect(before.body.sizeEstimateBytes).toBeGreaterThan(500);
    await t.api('POST', '/api/org/disaster-recovery/export', { token: owner.token });
    const after = await t.api('GET', '/api/org/disaster-recovery/info', { token: owner.token });
    expect(after.body.lastExport).toMatchObject({ email: owner.user.email, name: 'Exporter' });
  });

  it('exports a versioned, checksummed document with secrets still encrypted', async () => {
    const owner = await configuredOrg();
    const res = await fetch(`${t.url}/api/org/disaster-recovery/export`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${owner.token}` },
    });
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc).toMatchObject({
      format: 'ocore-disaster-recovery',
      version: 1,
      source: { organizationId: owner.organization.id },
    });
    expect(doc.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.content.members.map((m: { role: string }) => m.role).sort()).toEqual(['Developer', 'Owner']);
    expect(doc.content.settings.secrets.posthogPersonalApiKey).toMatch(/^enc:v1:/);
    expect(JSON.stringify(doc)).not.toContain('phx_dr_secret_value');
    expect(JSON.stringify(doc)).not.toContain('M2407150000001');
    expect(JSON.stringify(doc)).not.toContain('ssh-dr-secret');
    expect(doc.content.servers[0]).toMatchObject({
      ref: 'server-1',
      name: 'app-1',
      host: '127.0.0.7',
      secrets: { sshPrivateKey: expect.stringMatching(/^enc:v1:/), sshPassword: null },
    });
    expect(doc.content.topologies[0].topologyData.nodes.map((n: { serverId: string }) => n.serverId)).toEqual([
      'server-1',
      'server-1',
    ]);
    expect(doc.content.templates[0]).toMatchObject({
      name: 'Standard Odoo 18 CE',
      moduleList: ['sale'],
      cpuLimit: 1.5,
      memoryLimitMb: 2048,
    });
  });

  it('round-trips: export → import into a new organization → export gives the same content', async () => {
    const owner = await configuredOrg();
    const first = (await t.api('POST', '/api/org/disaster-recovery/export', { token: owner.token })).body;
    const imported = await t.api('POST', '/api/org/disaster-recovery/import', {
      token: owner.token,
      body: { document: first },
    });
    expect(imported.status).toBe(201);
    expect(imported.body.organization.id).not.toBe(owner.organization.id);
    expect(imported.body.restored).toEqual({
      roles: 4,
      members: 1,
      secrets: 3,
      servers: 1,
      topologies: 1,
      templates: 1,
      projects: 0,
      instances: 0,
      clients: 0,
      portalDomains: 0,
      backupDestinations: 0,
      backupSchedules: 0,
    });
    const switched = await t.api('POST', '/api/auth/switch-org', {
      token: owner.token,
      body: { organizationId: imported.body.organization.id },
    });
    const second = (await t.api('POST', '/api/org/disaster-recovery/export', { token: switched.body.token })).body;
    const sameSecrets = {
      ...first.content,
      // An import adds no one but the importer.
      members: first.content.members.filter((m: { email: string }) => m.email === owner.user.email),
      settings: { ...first.content.settings, secrets: second.content.settings.secrets },
      servers: first.content.servers.map((s: object, i: number) => ({
        ...s,
        secrets: second.content.servers[i].secrets,
      })),
    };
    expect(withoutSlug(second.content)).toEqual(withoutSlug(sameSecrets));
    // The restored topology points at the restored server, by its new id.
    const restoredServer = (await t.api('GET', '/api/servers', { token: switched.body.token })).body.items[0];
    const restoredTopology = (await t.api('GET', '/api/topologies', { token: switched.body.token })).body.items[0];
    expect(restoredTopology.topologyData.nodes[0].serverId).toBe(restoredServer.id);
    expect(restoredServer).toMatchObject({ name: 'app-1', hasSshKey: true });
    expect(second.content.organization.slug).toMatch(new RegExp(`^${first.content.organization.slug}-\\d+$`));
    // The secrets are the same values, sealed anew.
    const settings = await t.api('GET', '/api/org/settings', { token: switched.body.token });
    expect(settings.body).toMatchObject({
      hasPosthogPersonalKey: true,
      hasSubscriptionCode: true,
      auditRetentionDays: 60,
    });
    const validated = await t.api('POST', '/api/org/settings/validate-subscription', { token: switched.body.token });
    expect(validated.body.valid).toBe(true);
  });

  it('refuses an altered document and a foreign key without the old one, naming the field', async () => {
    const owner = await configuredOrg();
    const doc = (await t.api('POST', '/api/org/disaster-recovery/export', { token: owner.token })).body;
    const altered = {
      ...doc,
      content: { ...doc.content, organization: { ...doc.content.organization, name: 'Tampered' } },
    };
    const tampered = await t.api('POST', '/api/org/disaster-recovery/import', {
      token: owner.token,
      body: { document: altered },
    });
    expect(tampered.status).toBe(400);
    expect(tampered.body.field).toBe('document.checksum');
    const badVersion = await t.api('POST', '/api/org/disaster-recovery/import', {
      token: owner.token,
      body: { document: { ...doc, version: 2 } },
    });
    expect(badVersion.body.field).toBe('document.version');
    const noOwner = {
      ...doc,
      content: { ...doc.content, roles: doc.content.roles.filter((r: { name: string }) => r.name !== 'Owner') },
    };
    expect(
      (await t.api('POST', '/api/org/disaster-recovery/import', { token: owner.token, body: { document: noOwner } }))
        .body.field,
    ).toBe('document.content.roles');
    const badSettings = {
      ...doc,
      content: {
        ...doc.content,
        settings: { ...doc.content.settings, bulkBatchSize: -5, posthogApiHost: 'file:///etc/passwd' },
      },
    };
    const refusedSettings = await t.api('POST', '/api/org/disaster-recovery/import', {
      token: owner.token,
      body: { document: badSettings },
    });
    expect(refusedSettings.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'document.content.settings.bulkBatchSize',
      'document.content.settings.posthogApiHost',
    ]);
    const godMode = {
      ...doc,
      content: {
        ...doc.content,
        roles: doc.content.roles.map((r: { permissions: string[] }) => ({
          ...r,
          permissions: [...r.permissions, 'god:mode'],
        })),
      },
    };
    expect(
      (await t.api('POST', '/api/org/disaster-recovery/import', { token: owner.token, body: { document: godMode } }))
        .status,
    ).toBe(400);

    const stranger = await other.signup();
    const refused = await other.api('POST', '/api/org/disaster-recovery/import', {
      token: stranger.token,
      body: { document: doc },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('previousMasterKey');
    const orgsBefore = (await other.api('GET', '/api/user/orgs', { token: stranger.token })).body.total;
    expect(orgsBefore).toBe(1);

    // A stranger gets the configuration, but not the secrets: they were never its Owner.
    const withoutSecrets = await other.api('POST', '/api/org/disaster-recovery/import', {
      token: stranger.token,
      body: { document: doc, previousMasterKey: testMasterKey, name: 'Restored by a stranger' },
    });
    expect(withoutSecrets.status).toBe(201);
    expect(withoutSecrets.body.restored.secrets).toBe(0);
    expect(withoutSecrets.body.skippedSecrets.names).toHaveLength(3);

    // Its Owner, restoring on a server that never had the organization, gets them.
    const again = await other.api('POST', '/api/auth/signup', {
      body: { email: owner.user.email, password: 'a long enough password', name: 'Exporter' },
    });
    const accepted = await other.api('POST', '/api/org/disaster-recovery/import', {
      token: again.body.token,
      body: { document: doc, previousMasterKey: testMasterKey, name: 'Restored Elsewhere' },
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.skippedMembers).toHaveLength(1);
    expect(accepted.body.skippedSecrets).toEqual({ names: [], reason: null });
    const token = (
      await other.api('POST', '/api/auth/switch-org', {
        token: again.body.token,
        body: { organizationId: accepted.body.organization.id },
      })
    ).body.token;
    expect((await other.api('POST', '/api/org/settings/validate-subscription', { token })).body.valid).toBe(true);
  });
});
