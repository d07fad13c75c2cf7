import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string;
const checksumOf = (content: unknown) => createHash('sha256').update(canonicalize(content)).digest('hex');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const sshPassword = 'agency-ssh-password-51ab';
const posthogKey = 'phx_agency_key_dr_0c9e';

async function exportAs(token: string) {
  const res = await t.api('POST', '/api/org/disaster-recovery/export', { token });
  expect(res.status).toBe(200);
  return res.body;
}
const importAs = (token: string, document: unknown) =>
  t.api('POST', '/api/org/disaster-recovery/import', { token, body: { document } });

/** An agency's client whose server and PostHog key the operator stored, and the client's own Admin. */
async function clientWithSecrets() {
  const agency = await t.agency();
  const client = await t.client(agency);
  await t.api('PUT', '/api/org/settings', {
    token: client.operatorToken,
    body: { posthogPersonalApiKey: posthogKey },
  });
  const server = await t.api('POST', '/api/servers', {
    token: client.operatorToken,
    body: {
      name: 'client-app',
      host: '127.0.0.1',
      port: 2222,
      sshPassword,
      capacity: { cpuCores: 2, memoryMb: 2048, maxInstances: 2 },
    },
  });
  expect(server.status).toBe(201);
  const admin = await t.joinAs({ token: client.operatorToken, organization: { id: client.id } }, 'Admin');
  return { agency, client, admin };
}

describe('disaster-recovery exports do not carry secrets away from whoever may hold them', () => {
  it("a client's own Admin exports without the secrets the agency stored; the operator with them", async () => {
    const { client, admin } = await clientWithSecrets();
    const own = await exportAs(admin.token);
    expect(own.withheldSecrets).toEqual(['settings.posthogPersonalApiKey', 'servers.server-1.sshPassword']);
    expect(own.keyIds).toEqual([]);
    expect(JSON.stringify(own)).not.toContain('enc:v1');
    expect(own.source).toMatchObject({ organizationId: client.id, agencyOrganizationId: expect.any(String) });
    const info = await t.api('GET', '/api/org/disaster-recovery/info', { token: admin.token });
    expect(info.body.counts.secrets).toBe(0);

    const operators = await exportAs(client.operatorToken);
    expect(operators.withheldSecrets).toEqual([]);
    expect(operators.content.servers[0].secrets.sshPassword).toMatch(/^enc:v1:/);
  });

  it("an operator's export imported by the client's Admin brings no secret; by an operator it does", async () => {
    const { client, admin } = await clientWithSecrets();
    const document = await exportAs(client.operatorToken);
    const byAdmin = await importAs(admin.token, document);
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.restored.secrets).toBe(0);
    expect(byAdmin.body.skippedSecrets).toEqual({
      names: ['settings.posthogPersonalApiKey', 'servers.server-1.sshPassword'],
      reason: expect.stringContaining("only the agency's operators"),
    });
    const theirs = await t.api('POST', '/api/auth/switch-org', {
      token: admin.token,
      body: { organizationId: byAdmin.body.organization.id },
    });
    const servers = await t.api('GET', '/api/servers', { token: theirs.body.token });
    expect(servers.body.items[0]).toMatchObject({ name: 'client-app', hasSshPassword: false });

    const byOperator = await importAs(client.operatorToken, document);
    expect(byOperator.body.restored.secrets).toBe(2);
    expect(byOperator.body.skippedSecrets.names).toEqual([]);
  });

  it("withholds a client's webhook secret from its own Admin; their import brings the channel back off", async () => {
    const { client, admin } = await clientWithSecrets();
    const hookSecret = 'client-webhook-secret-3e9a';
    const hook = await t.api('POST', '/api/org/notification-channels', {
      token: client.operatorToken,
      body: { name: 'Client hook', kind: 'webhook', url: 'https://hooks.client.example/ocore', secret: hookSecret },
    });
    expect(hook.status).toBe(201);
    await t.api('PUT', '/api/org/notification-rules', {
      token: client.operatorToken,
      body: { rules: [{ kind: 'backup.failed', channelIds: [hook.body.id] }] },
    });
    const own = await exportAs(admin.token);
    expect(own.withheldSecrets).toContain('notifications.channels.channel-1.secret');
    expect(own.content.notifications.channels[0]).toMatchObject({ name: 'Client hook', sealedSecret: null });
    expect(JSON.stringify(own)).not.toContain('enc:v1');

    const operators = await exportAs(client.operatorToken);
    expect(operators.content.notifications.channels[0].sealedSecret).toMatch(/^enc:v1:/);
    expect(JSON.stringify(operators)).not.toContain(hookSecret);
    const byAdmin = await importAs(admin.token, operators);
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.skippedSecrets.names).toContain('notifications.channels.channel-1.secret');
    expect(byAdmin.body.restored).toMatchObject({ notificationChannels: 1, notificationRules: 1 });
    expect(byAdmin.body.notes).toEqual([expect.stringContaining('1 notification channel(s) restored turned off')]);
    const theirs = await t.api('POST', '/api/auth/switch-org', {
      token: admin.token,
      body: { organizationId: byAdmin.body.organization.id },
    });
    const channels = await t.api('GET', '/api/org/notification-channels', { token: theirs.body.token });
    expect(channels.body.items).toMatchObject([{ name: 'Client hook', hasSecret: false, enabled: false }]);
    const rules = await t.api('GET', '/api/org/notification-rules', { token: theirs.body.token });
    expect(rules.body.rules.find((r: { kind: string }) => r.kind === 'backup.failed').channelIds).toEqual([
      channels.body.items[0].id,
    ]);
    // Given its secret again, it is whole.
    const given = await t.api('PUT', `/api/org/notification-channels/${channels.body.items[0].id}`, {
      token: theirs.body.token,
      body: { name: 'Client hook', kind: 'webhook', url: 'https://hooks.client.example/ocore', secret: hookSecret },
    });
    expect(given.body).toMatchObject({ hasSecret: true, enabled: true });

    const byOperator = await importAs(client.operatorToken, operators);
    expect(byOperator.body.restored.secrets).toBe(3);
    expect(byOperator.body.notes).toEqual([]);
  });

  it('a member removed from a standalone organization cannot import its secrets into one of their own', async () => {
    const owner = await t.signup('Standalone Owner');
    await t.api('PUT', '/api/org/settings', { token: owner.token, body: { posthogPersonalApiKey: posthogKey } });
    const admin = await t.joinAs(owner, 'Admin');
    const document = await exportAs(admin.token);
    expect(document.withheldSecrets).toEqual([]);
    // While an Admin there, their own copy carries the secrets (they could use them anyway).
    expect((await importAs(admin.token, document)).body.restored.secrets).toBe(1);

    expect((await t.api('DELETE', `/api/org/members/${admin.userId}`, { token: owner.token })).status).toBe(204);
    const home = (await t.api('GET', '/api/user/orgs', { token: admin.token })).body.items[0];
    const own = await t.api('POST', '/api/auth/switch-org', { token: admin.token, body: { organizationId: home.id } });
    const later = await importAs(own.body.token, document);
    expect(later.status).toBe(201);
    expect(later.body.restored.secrets).toBe(0);
    expect(later.body.skippedSecrets.reason).toMatch(/may not manage the settings/);
  });
});

describe('disaster-recovery documents are signed; an import adds no member without consent', () => {
  it('refuses an edited document even with a recomputed checksum, naming document.signature', async () => {
    const owner = await t.signup('Signer');
    const document = await exportAs(owner.token);
    expect(document.signature).toMatch(/^v1:[0-9a-f]{8}:[0-9a-f]{64}$/);
    const victim = await t.signup('Victim');
    const edits = [
      // Make someone else a member (or Owner) of the restored organization.
      (d: any) => d.content.members.push({ email: victim.user.email, name: 'Victim', role: 'Owner' }),
      // Claim another organization as the source, to pass its secrets off as ours.
      (d: any) => (d.source.organizationId = victim.organization.id),
      (d: any) => (d.source.agencyOrganizationId = victim.organization.id),
      (d: any) => d.withheldSecrets.push('settings.subscriptionCode'),
      (d: any) => (d.signature = d.signature.slice(0, -1) + (d.signature.endsWith('0') ? '1' : '0')),
    ];
    for (const edit of edits) {
      const edited = structuredClone(document);
      edit(edited);
      edited.checksum = checksumOf(edited.content);
      const res = await importAs(owner.token, edited);
      expect([res.status, res.body.field]).toEqual([400, 'document.signature']);
    }
    const { signature: _dropped, ...unsigned } = document;
    expect((await importAs(owner.token, unsigned)).body.field).toBe('document.signature');
  });

  it('makes the importer the only member: the others are listed to be invited', async () => {
    const owner = await t.signup('Importer');
    const dev = await t.joinAs(owner, 'Developer');
    const document = await exportAs(owner.token);
    const res = await importAs(owner.token, document);
    expect(res.body.restored.members).toBe(1);
    expect(res.body.skippedMembers).toEqual([
      { email: dev.email, reason: 'not added: an import makes no one a member without their consent; invite them' },
    ]);
    const devOrgs = (await t.api('GET', '/api/user/orgs', { token: dev.token })).body.items.map(
      (o: { id: string }) => o.id,
    );
    expect(devOrgs).not.toContain(res.body.organization.id);
  });
});
