import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

type Entry = {
  action: string;
  actorName: string | null;
  targetType: string;
  targetName: string | null;
  viaOrganizationId: string | null;
  viaOrganizationName: string | null;
};
const server = (name: string) => ({
  name,
  host: '127.0.0.7',
  port: 22,
  sshUser: 'deploy',
  sshPassword: 'a password',
  capacity: { cpuCores: 2, memoryMb: 2048, maxInstances: 5 },
});

describe('the audit log names what its ids stand for', () => {
  it('names actors and targets (a deleted one by the name it had) and lists the actions it holds', async () => {
    const owner = await t.signup('Olga Owner');
    const made = await t.api('POST', '/api/servers', { token: owner.token, body: server('edge-1') });
    const gone = await t.api('POST', '/api/servers', { token: owner.token, body: server('edge-2') });
    await t.api('DELETE', `/api/servers/${gone.body.id}`, { token: owner.token });
    const log = await t.api<{ items: Entry[] }>('GET', '/api/org/audit-log', { token: owner.token });
    const byAction = (action: string) => log.body.items.filter((e) => e.action === action);
    expect(
      byAction('server.created')
        .map((e) => e.targetName)
        .sort(),
    ).toEqual(['edge-1', 'edge-2']);
    expect(byAction('server.deleted')[0]).toMatchObject({ targetName: 'edge-2', actorName: 'Olga Owner' });
    expect(made.status).toBe(201);

    const actions = await t.api<{ items: string[] }>('GET', '/api/org/audit-log/actions', { token: owner.token });
    expect(actions.status).toBe(200);
    expect(actions.body.items).toEqual([...new Set(log.body.items.map((e) => e.action))].sort());
    // Another organization's actions are its own.
    const other = await t.signup();
    const theirs = await t.api<{ items: string[] }>('GET', '/api/org/audit-log/actions', { token: other.token });
    expect(theirs.body.items).not.toContain('server.deleted');
  });

  it("marks what an operator did in a client through the agency, with the agency's name", async () => {
    const agency = await t.agency('Ada Agent');
    const client = await t.client(agency, 'Client Co');
    const made = await t.api('POST', '/api/servers', { token: client.operatorToken, body: server('client-box') });
    expect(made.status).toBe(201);
    const log = await t.api<{ items: Entry[] }>('GET', '/api/org/audit-log', { token: client.operatorToken });
    const entry = log.body.items.find((e) => e.action === 'server.created');
    expect(entry).toMatchObject({
      targetName: 'client-box',
      actorName: 'Ada Agent',
      viaOrganizationName: expect.any(String),
    });
    expect(entry?.viaOrganizationId).toBe(agency.organization.id);
  });
});
