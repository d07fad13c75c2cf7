import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ OCORE_PORTAL_BASE_DOMAIN: 'portal.names.test' });
});
afterAll(() => t.close());

const capacity = { cpuCores: 1, memoryMb: 512, maxInstances: 1 };

describe('names refuse bidirectional controls and zero-width characters, everywhere', () => {
  const tricks = [
    ['right-to-left override', 'Acme\u202enimda'],
    ['isolate', 'Acme\u2067Corp\u2069'],
    ['left-to-right mark', 'Acme\u200eCorp'],
    ['zero-width space', 'Ac\u200bme Corp'],
    ['zero-width joiner', 'Acme\u200dCorp'],
    ['zero-width no-break space', 'Acme\ufeffCorp'],
  ];

  it.each(tricks)(
    '%s: organization, server, topology, template and user names answer 400 naming the field',
    async (_, name) => {
      const owner = await t.signup();
      const calls = [
        t.api('POST', '/api/user/orgs', { token: owner.token, body: { name } }),
        t.api('PUT', '/api/org', { token: owner.token, body: { name } }),
        t.api('POST', '/api/servers', {
          token: owner.token,
          body: { name, host: '127.0.0.1', capacity },
        }),
        t.api('POST', '/api/templates', { token: owner.token, body: { name, odooVersion: '18.0' } }),
        t.api('POST', '/api/auth/signup', {
          body: { email: `bidi-${Date.now()}-${Math.random()}@example.com`, password: 'a long enough password', name },
        }),
      ];
      for (const res of await Promise.all(calls)) {
        expect([res.status, res.body.field]).toEqual([400, 'name']);
        expect(res.body.message).toMatch(/bidirectional controls or zero-width characters/);
      }
    },
  );
});

describe('wpad and autodiscover are reserved', () => {
  it.each(['wpad', 'autodiscover', 'autoconfig', 'isatap'])(
    '%s as an organization slug or a portal subdomain',
    async (label) => {
      const agency = await t.agency();
      const org = await t.api('POST', '/api/user/orgs', { token: agency.token, body: { name: 'Proxy', slug: label } });
      expect([org.status, org.body.field]).toEqual([400, 'slug']);
      const sub = await t.api('POST', '/api/agency/portal-domains', {
        token: agency.token,
        body: { subdomain: label },
      });
      expect([sub.status, sub.body.field]).toEqual([400, 'subdomain']);
      // A name that would make the slug gets another one.
      const named = await t.api('POST', '/api/user/orgs', { token: agency.token, body: { name: label } });
      expect(named.status).toBe(201);
      expect(named.body.slug).not.toBe(label);
    },
  );
});

describe("an agency operator's membership in a client", () => {
  it("cannot be changed by the client's own Admin, only by the agency", async () => {
    const agency = await t.agency();
    const client = await t.client(agency);
    const inClient = { token: client.operatorToken, organization: { id: client.id } };
    // The operator makes themselves a member of the client too (by invitation, accepted with
    // their password), then gives it an Admin of its own.
    await t.addMember(client.operatorToken, agency.user.email, 'Admin');
    const admin = await t.joinAs(inClient, 'Admin');

    const demote = await t.api('PUT', `/api/org/members/${agency.user.id}`, {
      token: admin.token,
      body: { role: 'Viewer' },
    });
    expect([demote.status, demote.body.field]).toEqual([403, 'userId']);
    expect(demote.body.message).toMatch(/only the agency's operators may change their membership/);
    const remove = await t.api('DELETE', `/api/org/members/${agency.user.id}`, { token: admin.token });
    expect(remove.status).toBe(403);
    const members = await t.api('GET', '/api/org/members', { token: admin.token });
    expect(members.body.items.find((m: { userId: string }) => m.userId === agency.user.id)?.role).toBe('Admin');

    // The agency's operator may; and the Admin may still manage the client's own people.
    const own = await t.joinAs(inClient, 'Viewer');
    expect((await t.api('DELETE', `/api/org/members/${own.userId}`, { token: admin.token })).status).toBe(204);
    const byOperator = await t.api('PUT', `/api/org/members/${agency.user.id}`, {
      token: client.operatorToken,
      body: { role: 'Viewer' },
    });
    expect(byOperator.status).toBe(200);
  });
});
