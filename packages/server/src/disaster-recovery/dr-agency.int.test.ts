import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testMasterKey, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let fresh: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  // Another installation, with its own master key: where a lost one is restored.
  fresh = await startTestApp({ OCORE_MASTER_KEY: Buffer.alloc(32, 11).toString('base64') });
});
afterAll(async () => {
  await t.close();
  await fresh.close();
});

const serverBody = {
  name: 'odoo-1',
  host: '127.0.0.9',
  sshUser: 'deploy',
  sshPassword: 'dr-agency-ssh-password',
  capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
};

/** An instance of the token's organization on `serverId`, in `projectId`. */
async function instance(token: string, body: Record<string, unknown>) {
  const res = await t.api('POST', '/api/instances', { token, body: { odooVersion: '18.0', ...body } });
  expect(res.status).toBe(202);
  return (await t.api('GET', `/api/instances/${res.body.instanceId}`, { token })).body as { id: string; slug: string };
}

const switchTo = async (app: TestApp, token: string, organizationId: string) =>
  (await app.api('POST', '/api/auth/switch-org', { token, body: { organizationId } })).body.token as string;

describe('disaster recovery of an agency, its clients, projects and instances', () => {
  it('restores the agency with both clients (each with its own content), its portal domains and instance definitions in a fresh installation', async () => {
    const agency = await t.agency('Agency Owner');
    const server = (await t.api('POST', '/api/servers', { token: agency.token, body: serverBody })).body;
    const shop = (await t.api('POST', '/api/projects', { token: agency.token, body: { name: 'Shop' } })).body;
    const own = await instance(agency.token, {
      name: 'Shop Production',
      serverId: server.id,
      projectId: shop.id,
      stage: 'production',
      workers: 3,
      envVars: { ODOO_SITE: 'shop' },
      moduleList: ['sale'],
    });
    const acme = await t.client(agency, 'Acme Client');
    const globex = await t.client(agency, 'Globex Client');
    const acmeProject = (
      await t.api('POST', '/api/projects', { token: acme.operatorToken, body: { name: 'Acme ERP' } })
    ).body;
    // A client's instance runs on its agency's server.
    await instance(acme.operatorToken, {
      name: 'Acme Staging',
      serverId: server.id,
      projectId: acmeProject.id,
      stage: 'staging',
    });
    await t.api('PUT', '/api/org/settings', { token: globex.operatorToken, body: { auditRetentionDays: 45 } });
    // Notification channels and rules of the agency (copying its clients') and of a client.
    for (const [token, name, kind] of [
      [agency.token, 'Agency hook', 'certificate.failed'],
      [acme.operatorToken, 'Acme hook', 'backup.failed'],
    ] as const) {
      const body = { name, kind: 'webhook', url: 'https://hooks.example.com/ocore', secret: `${name} dr-secret-4d2` };
      const hook = await t.api('POST', '/api/org/notification-channels', { token, body });
      const copyClientNotifications = token === agency.token;
      const rules = await t.api('PUT', '/api/org/notification-rules', {
        token,
        body: { rules: [{ kind, channelIds: [hook.body.id] }], copyClientNotifications },
      });
      expect(rules.status).toBe(200);
    }
    for (const body of [{ subdomain: 'dr-agency-portal' }, { subdomain: 'dr-acme-portal', clientOrgId: acme.id }]) {
      expect((await t.api('POST', '/api/agency/portal-domains', { token: agency.token, body })).status).toBe(201);
    }

    const info = (await t.api('GET', '/api/org/disaster-recovery/info', { token: agency.token })).body;
    expect(info.counts).toMatchObject({ projects: 1, instances: 1, clients: 2, portalDomains: 2 });
    const doc = (await t.api('POST', '/api/org/disaster-recovery/export', { token: agency.token })).body;
    expect(doc.version).toBe(1);
    expect(doc.content.instances).toEqual([
      {
        name: 'Shop Production',
        slug: own.slug,
        project: 'Shop',
        stage: 'production',
        server: 'server-1',
        serverName: 'odoo-1',
        template: null,
        odooVersion: '18.0',
        odooEdition: 'ce',
        workers: 3,
        envVars: { ODOO_SITE: 'shop' },
        moduleList: ['sale'],
        cpuLimit: null,
        memoryLimitMb: null,
      },
    ]);
    expect(doc.content.clients.map((c: { ref: string; content: { organization: { name: string } } }) => c.ref)).toEqual(
      ['client-1', 'client-2'],
    );
    const [acmeDoc, globexDoc] = doc.content.clients.map((c: { content: unknown }) => c.content);
    expect(acmeDoc.projects).toEqual([{ name: 'Acme ERP', description: '' }]);
    expect(acmeDoc.instances[0]).toMatchObject({ name: 'Acme Staging', stage: 'staging', server: 'server-1' });
    expect(globexDoc.settings.auditRetentionDays).toBe(45);
    expect(doc.content.notifications).toMatchObject({
      channels: [{ ref: 'channel-1', name: 'Agency hook', sealedSecret: expect.stringMatching(/^enc:v1:/) }],
      rules: [{ kind: 'certificate.failed', channels: ['channel-1'] }],
      copyClientNotifications: true,
    });
    expect(acmeDoc.notifications.rules).toEqual([{ kind: 'backup.failed', channels: ['channel-1'] }]);
    expect(JSON.stringify(doc)).not.toContain('dr-secret-4d2');
    expect(doc.content.portalDomains).toEqual([
      { client: 'client-1', subdomain: 'dr-acme-portal', customDomain: null },
      { client: null, subdomain: 'dr-agency-portal', customDomain: null },
    ]);
    expect(JSON.stringify(doc)).not.toContain('dr-agency-ssh-password');

    // The agency is lost; its Owner restores it on a fresh installation.
    const owner = await fresh.api('POST', '/api/auth/signup', {
      body: { email: agency.user.email, password: 'a long enough password', name: 'Agency Owner' },
    });
    const imported = await fresh.api('POST', '/api/org/disaster-recovery/import', {
      token: owner.body.token,
      body: { document: doc, previousMasterKey: testMasterKey },
    });
    expect(imported.status).toBe(201);
    expect(imported.body.restored).toMatchObject({
      servers: 1,
      secrets: 3,
      notificationChannels: 2,
      notificationRules: 2,
      projects: 2,
      instances: 2,
      clients: 2,
      portalDomains: 2,
    });
    expect(imported.body.skipped).toEqual([]);
    expect(imported.body.notes.join(' ')).toMatch(/2 instance definition\(s\) restored, each stopped.*not restored/);
    expect(imported.body.notes.join(' ')).toContain('redeploy');

    const token = await switchTo(fresh, owner.body.token, imported.body.organization.id);
    const clients = (await fresh.api('GET', '/api/agency/clients', { token })).body.items;
    expect(clients.map((c: { name: string }) => c.name).sort()).toEqual(['Acme Client', 'Globex Client']);
    const acmeId = clients.find((c: { name: string }) => c.name === 'Acme Client').id;
    const globexId = clients.find((c: { name: string }) => c.name === 'Globex Client').id;
    const domains = (await fresh.api('GET', '/api/agency/portal-domains', { token })).body.items;
    expect(
      domains.map((d: { subdomain: string; clientOrgId: string | null; isActive: boolean }) => [
        d.subdomain,
        d.clientOrgId,
        d.isActive,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['dr-agency-portal', null, true],
        ['dr-acme-portal', acmeId, true],
      ]),
    );
    const restoredServer = (await fresh.api('GET', '/api/servers', { token })).body.items[0];
    const [restoredOwn] = (await fresh.api('GET', '/api/instances', { token })).body.items;
    expect(restoredOwn).toMatchObject({
      name: 'Shop Production',
      slug: own.slug,
      status: 'stopped',
      serverId: restoredServer.id,
      workers: 3,
      envVars: { ODOO_SITE: 'shop' },
    });
    const projects = (await fresh.api('GET', '/api/projects', { token })).body.items;
    expect(restoredOwn.projectId).toBe(projects[0].id);

    // Each client's own content, as its operator sees it: its project, its instance on the agency's server.
    const acmeToken = await switchTo(fresh, owner.body.token, acmeId);
    const [acmeInstance] = (await fresh.api('GET', '/api/instances', { token: acmeToken })).body.items;
    const [acmeRestoredProject] = (await fresh.api('GET', '/api/projects', { token: acmeToken })).body.items;
    expect(acmeInstance).toMatchObject({
      name: 'Acme Staging',
      stage: 'staging',
      status: 'stopped',
      serverId: restoredServer.id,
      projectId: acmeRestoredProject.id,
    });
    const acmeChannels = (await fresh.api('GET', '/api/org/notification-channels', { token: acmeToken })).body.items;
    expect(acmeChannels).toMatchObject([{ name: 'Acme hook', hasSecret: true, enabled: true }]);
    const acmeRules = (await fresh.api('GET', '/api/org/notification-rules', { token: acmeToken })).body;
    expect(acmeRules.rules.find((r: { kind: string }) => r.kind === 'backup.failed').channelIds).toEqual([
      acmeChannels[0].id,
    ]);
    expect((await fresh.api('GET', '/api/org/notification-rules', { token })).body.copyClientNotifications).toBe(true);
    const globexToken = await switchTo(fresh, owner.body.token, globexId);
    expect((await fresh.api('GET', '/api/org/settings', { token: globexToken })).body.auditRetentionDays).toBe(45);

    // A restored definition deploys anew when asked (it fails here: the server is not reachable).
    const redeploy = await fresh.api('POST', `/api/instances/${restoredOwn.id}/redeploy`, { token });
    expect(redeploy.status).toBe(202);
  }, 120_000);

  it('restored beside the live agency, lists the portal hosts it still holds as skipped and restores the rest', async () => {
    const agency = await t.agency('Beside Owner');
    const client = await t.client(agency, 'Beside Client');
    for (const body of [
      { subdomain: 'dr-beside' },
      { customDomain: 'portal.beside-client.test', clientOrgId: client.id },
    ])
      expect((await t.api('POST', '/api/agency/portal-domains', { token: agency.token, body })).status).toBe(201);
    const doc = (await t.api('POST', '/api/org/disaster-recovery/export', { token: agency.token })).body;
    const imported = await t.api('POST', '/api/org/disaster-recovery/import', {
      token: agency.token,
      body: { document: doc },
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.restored).toMatchObject({ clients: 1, portalDomains: 0 });
    expect(imported.body.skipped.map((s: { item: string }) => s.item).sort()).toEqual([
      'portalDomains.dr-beside',
      'portalDomains.portal.beside-client.test',
    ]);
    expect(imported.body.skipped[0].reason).toContain('in use by another portal');
  }, 120_000);

  it('keeps a version 1 document made before projects, instances, clients and domains were carried importable', async () => {
    const owner = await t.agency('Old Exporter');
    await t.client(owner, 'Old Client');
    const current = (await t.api('POST', '/api/org/disaster-recovery/export', { token: owner.token })).body;
    // What the previous exporter wrote: the same document without the four new parts, signed by this server.
    const { projects: _p, instances: _i, clients: _c, portalDomains: _d, ...content } = current.content;
    const deps = t.app.deps;
    const { signature: _s, ...rest } = { ...current, content, checksum: deps.hashContent(content) };
    const old = { ...rest, signature: deps.signer.sign(rest) };
    const imported = await t.api('POST', '/api/org/disaster-recovery/import', {
      token: owner.token,
      body: { document: old },
    });
    expect(imported.status).toBe(201);
    expect(imported.body.restored).toMatchObject({ projects: 0, instances: 0, clients: 0, portalDomains: 0 });
    expect(imported.body.notes).toEqual([]);
  });
});
