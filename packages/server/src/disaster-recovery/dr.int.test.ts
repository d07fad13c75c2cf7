import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHttpServer, type FakeHttpServer, type RecordedRequest } from '../testing/fake-http-server.js';
import { startTestApp, testMasterKey, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let other: TestApp;
let receiver: FakeHttpServer;
const otherKey = Buffer.alloc(32, 9).toString('base64');

beforeAll(async () => {
  receiver = await startFakeHttpServer((_req, res) => res.writeHead(204).end());
  // Webhooks go to the test's own loopback receiver.
  t = await startTestApp({ OCORE_ALLOW_PRIVATE_EGRESS: '1' });
  other = await startTestApp({ OCORE_MASTER_KEY: otherKey, OCORE_ALLOW_PRIVATE_EGRESS: '1' });
});
afterAll(async () => {
  await t.close();
  await other.close();
  await receiver.close();
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
  const template = await t.api('POST', '/api/templates', {
    token: owner.token,
    body: {
      name: 'Standard Odoo 18 CE',
      odooVersion: '18.0',
      moduleList: ['sale'],
      cpuLimit: 1.5,
      memoryLimitMb: 2048,
    },
  });
  await t.api('PUT', '/api/org/settings', { token: owner.token, body: { defaultTemplateId: template.body.id } });
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
      notificationChannels: 0,
      notificationRules: 0,
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
    // The default template is the restored one, by its name.
    expect(second.content.settings.defaults.defaultTemplate).toBe('Standard Odoo 18 CE');
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

const hookSecret = 'dr-webhook-signing-secret-5c1d';
const slackToken = 'dr-slack-token-77a0';

/** Whether the receiver's request is signed with `secret`, as a receiver checks it. */
function isSignedWith(req: RecordedRequest | undefined, secret: string): boolean {
  const timestamp = String(req?.headers['x-ocore-timestamp']);
  const expected = createHmac('sha256', secret).update(`${timestamp}.${req?.body}`).digest('hex');
  return req?.headers['x-ocore-signature'] === `sha256=${expected}`;
}

/** An organization with a signed webhook, a Slack channel, a mail channel, and rules routing to them. */
async function notifyingOrg(name: string) {
  const owner = await t.signup(name);
  const channel = async (body: object) => {
    const res = await t.api('POST', '/api/org/notification-channels', { token: owner.token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const hook = await channel({ name: 'Ops hook', kind: 'webhook', url: `${receiver.url}/hook`, secret: hookSecret });
  const slack = await channel({ name: 'Team chat', kind: 'slack', url: `${receiver.url}/slack/T0/B0/${slackToken}` });
  const mail = await channel({ name: 'On call', kind: 'email', addresses: ['oncall@example.com'], enabled: false });
  const rules = await t.api('PUT', '/api/org/notification-rules', {
    token: owner.token,
    body: {
      rules: [
        { kind: 'backup.failed', channelIds: [hook, mail] },
        { kind: 'instance.down', channelIds: [slack] },
      ],
    },
  });
  expect(rules.status).toBe(200);
  return owner;
}

const switchTo = async (app: TestApp, token: string, organizationId: string) =>
  (await app.api('POST', '/api/auth/switch-org', { token, body: { organizationId } })).body.token as string;

/** The organization's channels by name, and the kinds routed somewhere to channels by name. */
async function notificationsOf(app: TestApp, token: string) {
  const channels = (await app.api('GET', '/api/org/notification-channels', { token })).body.items as {
    id: string;
    name: string;
  }[];
  const rules = (await app.api('GET', '/api/org/notification-rules', { token })).body;
  const nameOf = new Map(channels.map((c) => [c.id, c.name]));
  return {
    channels: channels
      .map(({ id: _id, organizationId: _org, createdAt: _c, updatedAt: _u, ...c }: any) => c)
      .sort((a, b) => a.name.localeCompare(b.name)),
    rules: rules.rules
      .filter((r: { channelIds: string[] }) => r.channelIds.length > 0)
      .map((r: { kind: string; channelIds: string[] }) => [r.kind, r.channelIds.map((id) => nameOf.get(id))]),
    ids: new Map(channels.map((c) => [c.name, c.id])),
  };
}

describe('disaster recovery of notification channels and rules', () => {
  it('carries them with sealed secrets; restored elsewhere, the webhook signs with the same secret', async () => {
    const owner = await notifyingOrg('Notifier');
    const info = await t.api('GET', '/api/org/disaster-recovery/info', { token: owner.token });
    expect(info.body.counts).toMatchObject({ notificationChannels: 3, secrets: 2 });
    const doc = (await t.api('POST', '/api/org/disaster-recovery/export', { token: owner.token })).body;
    expect(JSON.stringify(doc)).not.toContain(hookSecret);
    expect(JSON.stringify(doc)).not.toContain(slackToken);
    const { notifications } = doc.content;
    expect(notifications.channels).toMatchObject([
      { ref: 'channel-1', name: 'On call', kind: 'email', enabled: false, sealedSecret: null },
      { ref: 'channel-2', name: 'Ops hook', kind: 'webhook', sealedSecret: expect.stringMatching(/^enc:v1:/) },
      { ref: 'channel-3', name: 'Team chat', kind: 'slack', sealedSecret: expect.stringMatching(/^enc:v1:/) },
    ]);
    expect(notifications.rules).toEqual([
      { kind: 'instance.down', channels: ['channel-3'] },
      { kind: 'backup.failed', channels: ['channel-2', 'channel-1'] },
    ]);

    const imported = await t.api('POST', '/api/org/disaster-recovery/import', {
      token: owner.token,
      body: { document: doc },
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.restored).toMatchObject({ secrets: 2, notificationChannels: 3, notificationRules: 2 });
    const token = await switchTo(t, owner.token, imported.body.organization.id);
    const before = await notificationsOf(t, owner.token);
    const after = await notificationsOf(t, token);
    expect(after.channels).toEqual(before.channels);
    expect(after.rules).toEqual(before.rules);
    expect(after.channels.find((c) => c.name === 'Ops hook')).toMatchObject({ hasSecret: true, enabled: true });
    const again = (await t.api('POST', '/api/org/disaster-recovery/export', { token })).body;
    const withoutSealed = (n: typeof notifications) => ({
      ...n,
      channels: n.channels.map((c: object) => ({ ...c, sealedSecret: undefined })),
    });
    expect(withoutSealed(again.content.notifications)).toEqual(withoutSealed(notifications));

    // The restored webhook signs with the secret it was given; the restored Slack channel posts to its whole URL.
    const tested = await t.api('POST', `/api/org/notification-channels/${after.ids.get('Ops hook')}/test`, { token });
    expect(tested.body).toMatchObject({ status: 'delivered', responseStatus: 204 });
    expect(
      isSignedWith(
        receiver.requests.findLast((r) => r.url === '/hook'),
        hookSecret,
      ),
    ).toBe(true);
    const slack = await t.api('POST', `/api/org/notification-channels/${after.ids.get('Team chat')}/test`, { token });
    expect(slack.body).toMatchObject({ status: 'delivered' });
    expect(receiver.requests.some((r) => r.url === `/slack/T0/B0/${slackToken}`)).toBe(true);

    // On a server with another master key, given the exporting one, for the Owner the document names.
    const there = await other.api('POST', '/api/auth/signup', {
      body: { email: owner.user.email, password: 'a long enough password', name: 'Notifier' },
    });
    const elsewhere = await other.api('POST', '/api/org/disaster-recovery/import', {
      token: there.body.token,
      body: { document: doc, previousMasterKey: testMasterKey },
    });
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(201);
    const otherToken = await switchTo(other, there.body.token, elsewhere.body.organization.id);
    const hookThere = (await notificationsOf(other, otherToken)).ids.get('Ops hook');
    const sent = receiver.requests.length;
    const testedThere = await other.api('POST', `/api/org/notification-channels/${hookThere}/test`, {
      token: otherToken,
    });
    expect(testedThere.body).toMatchObject({ status: 'delivered' });
    const request = receiver.requests.slice(sent).find((r) => r.url === '/hook');
    expect(isSignedWith(request, hookSecret)).toBe(true);
  });

  it('refuses channels and rules the API would refuse, naming the field, and stores nothing', async () => {
    const owner = await notifyingOrg('Refused Notifier');
    const doc = (await t.api('POST', '/api/org/disaster-recovery/export', { token: owner.token })).body;
    const importOf = (document: unknown) =>
      t.api('POST', '/api/org/disaster-recovery/import', { token: owner.token, body: { document } });
    const edited = (edit: (n: any) => void) => {
      const copy = structuredClone(doc);
      edit(copy.content.notifications);
      return copy;
    };
    const orgs = async () => (await t.api('GET', '/api/user/orgs', { token: owner.token })).body.total;
    const before = await orgs();
    const unknownRef = await importOf(edited((n) => (n.rules[0].channels = ['channel-9'])));
    expect([unknownRef.status, unknownRef.body.field]).toEqual([
      400,
      'document.content.notifications.rules.0.channels.0',
    ]);
    const badUrl = await importOf(edited((n) => (n.channels[1].url = 'file:///etc/passwd')));
    expect([badUrl.status, badUrl.body.field]).toEqual([400, 'document.content.notifications.channels.1.url']);
    const badAddress = await importOf(edited((n) => (n.channels[0].addresses = ['nobody'])));
    expect(badAddress.body.field).toBe('document.content.notifications.channels.0.addresses.0');

    // Signed as this server would have: refused inside the import's transaction, which leaves nothing.
    const copying = edited((n) => (n.copyClientNotifications = true));
    const { signature: _s, ...rest } = { ...copying, checksum: t.app.deps.hashContent(copying.content) };
    const refused = await importOf({ ...rest, signature: t.app.deps.signer.sign(rest) });
    expect([refused.status, refused.body.field]).toEqual([
      400,
      'document.content.notifications.copyClientNotifications',
    ]);
    expect(await orgs()).toBe(before);
  });

  it('imports a document exported before channels and rules were carried', async () => {
    const owner = await notifyingOrg('Old Notifier');
    const current = (await t.api('POST', '/api/org/disaster-recovery/export', { token: owner.token })).body;
    const { notifications: _n, ...content } = current.content;
    const { signature: _s, ...rest } = { ...current, content, checksum: t.app.deps.hashContent(content) };
    const imported = await t.api('POST', '/api/org/disaster-recovery/import', {
      token: owner.token,
      body: { document: { ...rest, signature: t.app.deps.signer.sign(rest) } },
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.restored).toMatchObject({ notificationChannels: 0, notificationRules: 0 });
    const token = await switchTo(t, owner.token, imported.body.organization.id);
    expect((await notificationsOf(t, token)).channels).toEqual([]);
  });
});
