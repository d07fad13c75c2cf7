import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream, type LiveStream } from '../security/testing/live-stream.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const features = [
  'featureBackups',
  'featureDatabases',
  'featureDomains',
  'featureFileEditor',
  'featureLogs',
  'featureMonitoring',
  'featureOdooShell',
  'featureTerminal',
  'teamManagementEnabled',
];

describe('portal configuration', () => {
  it("starts with every feature on and full visibility, and takes the guide's body", async () => {
    const agency = await t.agency();
    const res = await t.api('GET', '/api/agency/portal-config', { token: agency.token });
    for (const f of features) expect(res.body[f]).toBe(true);
    expect(res.body.infrastructureVisibility).toBe('full');
    const body = {
      featureTerminal: true,
      featureFileEditor: true,
      featureOdooShell: false,
      featureMonitoring: true,
      featureBackups: true,
      featureDomains: true,
      featureLogs: true,
      featureDatabases: false,
      teamManagementEnabled: true,
      infrastructureVisibility: 'limited',
    };
    const put = await t.api('PUT', '/api/agency/portal-config', { token: agency.token, body });
    expect(put.body).toMatchObject(body);
    const partial = await t.api('PUT', '/api/agency/portal-config', {
      token: agency.token,
      body: { featureTerminal: false },
    });
    expect(partial.body).toMatchObject({ ...body, featureTerminal: false });
  });

  it('refuses an unknown visibility and a non-boolean toggle, naming them', async () => {
    const agency = await t.agency();
    expect(
      (
        await t.api('PUT', '/api/agency/portal-config', {
          token: agency.token,
          body: { infrastructureVisibility: 'partial' },
        })
      ).body.field,
    ).toBe('infrastructureVisibility');
    expect(
      (await t.api('PUT', '/api/agency/portal-config', { token: agency.token, body: { featureLogs: 'false' } })).body
        .field,
    ).toBe('featureLogs');
  });

  it('enforces toggles on the server for client members, naming the feature, but never for operators', async () => {
    const agency = await t.agency();
    const client = await t.client(agency);
    const clientAdmin = await t.signup('Client Admin');
    const colleague = await t.signup('Colleague');
    await t.addMember(client.operatorToken, clientAdmin.user.email, 'Admin');
    const token = (
      await t.api('POST', '/api/auth/switch-org', { token: clientAdmin.token, body: { organizationId: client.id } })
    ).body.token;
    await t.api('PUT', '/api/agency/portal-config', {
      token: agency.token,
      body: { teamManagementEnabled: false, featureLogs: false },
    });

    const add = await t.api('POST', '/api/org/members', {
      token,
      body: { email: colleague.user.email, role: 'Viewer' },
    });
    expect(add.status).toBe(403);
    expect(add.body).toMatchObject({ error: 'FEATURE_DISABLED', feature: 'teamManagementEnabled' });
    // featureLogs is the instances' logs: the audit log stays its own page.
    expect((await t.api('GET', '/api/org/audit-log', { token })).status).toBe(200);
    const server = await t.api('POST', '/api/servers', {
      token: client.operatorToken,
      body: {
        name: 'loopback',
        host: '127.0.0.1',
        sshUser: 'root',

        capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 2 },
      },
    });
    const instance = await t.api('POST', '/api/instances', {
      token: client.operatorToken,
      body: { serverId: server.body.id, name: 'Shop', odooVersion: '18.0' },
    });
    const logsPath = `/api/instances/${instance.body.instanceId}/logs`;
    expect((await t.api('GET', logsPath, { token })).body).toMatchObject({
      error: 'FEATURE_DISABLED',
      feature: 'featureLogs',
    });
    expect((await t.api('GET', logsPath, { token: client.operatorToken })).status).toBe(200);

    // An operator still invites (and the colleague joins by accepting).
    await t.addMember(client.operatorToken, colleague.user.email, 'Viewer');

    await t.api('PUT', '/api/agency/portal-config', { token: agency.token, body: { teamManagementEnabled: true } });
    expect((await t.api('DELETE', `/api/org/members/${colleague.user.id}`, { token })).status).toBe(204);
  });

  it("ends a client member's live backups when featureBackups goes off, never the operator's", async () => {
    const agency = await t.agency();
    const client = await t.client(agency);
    const person = await t.signup('Client Admin');
    await t.addMember(client.operatorToken, person.user.email, 'Admin');
    const token = (
      await t.api('POST', '/api/auth/switch-org', { token: person.token, body: { organizationId: client.id } })
    ).body.token as string;
    const streams: LiveStream[] = [];
    const open = async (as: string) => {
      const stream = openStream(t.url, 'backups.onBackup', undefined, as);
      streams.push(stream);
      await stream.answered;
      return stream;
    };
    try {
      const member = await open(token);
      const operator = await open(client.operatorToken);
      expect([member.error, operator.error]).toEqual([undefined, undefined]);
      const off = await t.api('PUT', '/api/agency/portal-config', {
        token: agency.token,
        body: { featureBackups: false },
      });
      expect(off.status).toBe(200);
      await expect.poll(() => member.error?.error, { timeout: 5000 }).toBe('FEATURE_DISABLED');
      expect(member.error?.data?.httpStatus).toBe(403);
      expect((await open(token)).error?.error).toBe('FEATURE_DISABLED');
      // The operator's stream goes on, and one opened now starts.
      expect(operator.error).toBeUndefined();
      expect((await open(client.operatorToken)).error).toBeUndefined();
    } finally {
      streams.forEach((s) => s.close());
    }
  });
});
