import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const agencyEndpoints: [string, string, unknown?][] = [
  ['GET', '/api/agency/clients'],
  ['POST', '/api/agency/clients', { name: 'Acme Corp' }],
  ['GET', '/api/agency/branding'],
  ['PUT', '/api/agency/branding', { primaryColor: '#2563eb' }],
  ['GET', '/api/agency/portal-config'],
  ['PUT', '/api/agency/portal-config', { featureTerminal: false }],
  ['GET', '/api/agency/portal-domains'],
  ['POST', '/api/agency/portal-domains', { subdomain: 'acme' }],
];

describe('agency mode', () => {
  it('is off until enabled: every agency endpoint says so, the overview says enabled false', async () => {
    const { token } = await t.signup();
    for (const [method, path, body] of agencyEndpoints) {
      const res = await t.api(method, path, { token, body });
      expect([path, res.status, res.body.error]).toEqual([path, 403, 'AGENCY_NOT_ENABLED']);
      expect(res.body.message).toMatch(/agency mode is not enabled/i);
    }
    const overview = await t.api('GET', '/api/agency/overview', { token });
    expect(overview.body).toEqual({ activePortalDomains: 0, clientCount: 0, enabled: false, portalDomainCount: 0 });
  });

  it('enables idempotently and reports counts in the overview', async () => {
    const { token } = await t.signup();
    expect(await t.api('POST', '/api/agency/enable', { token })).toMatchObject({
      status: 200,
      body: { status: 'enabled' },
    });
    expect((await t.api('POST', '/api/agency/enable', { token })).body).toEqual({ status: 'enabled' });
    await t.api('POST', '/api/agency/clients', { token, body: { name: 'Acme Corp' } });
    await t.api('POST', '/api/agency/portal-domains', { token, body: { subdomain: `acme-${Date.now()}` } });
    await t.api('POST', '/api/agency/portal-domains', {
      token,
      body: { customDomain: `erp-${Date.now()}.acme.example` },
    });
    const overview = await t.api('GET', '/api/agency/overview', { token });
    expect(overview.body).toEqual({ activePortalDomains: 1, clientCount: 1, enabled: true, portalDomainCount: 2 });
  });

  it('follows the permission table: view:agency reads, manage:agency changes', async () => {
    const owner = await t.agency();
    const viewer = await t.joinAs(owner, 'Viewer');
    const dev = await t.joinAs(owner, 'Developer');
    for (const member of [viewer, dev]) {
      for (const [method, path, body] of agencyEndpoints) {
        const res = await t.api(method, path, { token: member.token, body });
        if (method === 'GET') expect([path, res.status]).toEqual([path, 200]);
        else expect([path, res.status, res.body.permission]).toEqual([path, 403, 'manage:agency']);
      }
      expect((await t.api('POST', '/api/agency/enable', { token: member.token })).status).toBe(403);
      expect((await t.api('GET', '/api/agency/overview', { token: member.token })).status).toBe(200);
    }
  });

  it('refuses agency mode for a client organization', async () => {
    const agency = await t.agency();
    const client = await t.client(agency);
    const res = await t.api('POST', '/api/agency/enable', { token: client.operatorToken });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('AGENCY_NOT_ALLOWED');
  });
});

describe('client organizations', () => {
  it('creates clients with the documented shape and the organization rules', async () => {
    const agency = await t.agency();
    const slug = `acme-corp-${Date.now()}`;
    const res = await t.api('POST', '/api/agency/clients', { token: agency.token, body: { name: 'Acme Corp', slug } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      createdAt: expect.any(String),
      id: expect.any(String),
      instanceCount: 0,
      logoUrl: null,
      memberCount: 0,
      name: 'Acme Corp',
      slug,
    });
    const taken = await t.api('POST', '/api/agency/clients', {
      token: agency.token,
      body: { name: 'Acme Again', slug },
    });
    expect(taken.status).toBe(409);
    const bad = await t.api('POST', '/api/agency/clients', {
      token: agency.token,
      body: { name: 'A', slug: 'Bad Slug' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['name', 'slug']);
    const list = await t.api('GET', '/api/agency/clients', { token: agency.token });
    expect(list.body).toMatchObject({ total: 1, items: [{ id: res.body.id, memberCount: 0 }] });
  });

  it('pages the client list by keyset while keeping {items, total}', async () => {
    const agency = await t.agency();
    for (let i = 0; i < 5; i++)
      await t.api('POST', '/api/agency/clients', { token: agency.token, body: { name: `Client ${i}` } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { name: string }[]; total: number; nextCursor: string | null } } = await t.api(
        'GET',
        `/api/agency/clients?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: agency.token },
      );
      expect(res.body.total).toBe(5);
      seen.push(...res.body.items.map((c) => c.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Client 4', 'Client 3', 'Client 2', 'Client 1', 'Client 0']);
    expect((await t.api('GET', '/api/agency/clients?cursor=garbage', { token: agency.token })).body.field).toBe(
      'cursor',
    );
  });

  it('lets an operator act in a client with Admin rights, recorded as the agency', async () => {
    const agency = await t.agency();
    const client = await t.client(agency);
    const clientUser = await t.signup('Client User');
    await t.addMember(client.operatorToken, clientUser.user.email, 'Admin');
    const me = await t.api('GET', '/api/auth/me', { token: client.operatorToken });
    expect(me.body).toMatchObject({
      role: 'Admin',
      organization: { id: client.id, parentOrganizationId: agency.organization.id },
    });
    const log = await t.api('GET', '/api/org/audit-log?action=invitation.created', { token: client.operatorToken });
    expect(log.body.items[0]).toMatchObject({ actorUserId: agency.user.id, viaOrganizationId: agency.organization.id });
    // Not a member: the client's member list shows only the client user.
    expect((await t.api('GET', '/api/org/members', { token: client.operatorToken })).body.total).toBe(1);
    expect((await t.api('DELETE', '/api/org', { token: client.operatorToken })).status).toBe(403);
  });

  it('deletes a client with all its members and data in one go; its users lose access at once', async () => {
    const agency = await t.agency();
    const client = await t.client(agency);
    const clientUser = await t.signup('Client User');
    await t.addMember(client.operatorToken, clientUser.user.email, 'Admin');
    await t.api('POST', '/api/agency/portal-domains', {
      token: agency.token,
      body: { subdomain: `c-${Date.now()}`, clientOrgId: client.id },
    });
    const userToken = (
      await t.api('POST', '/api/auth/switch-org', { token: clientUser.token, body: { organizationId: client.id } })
    ).body.token;
    const res = await t.api('DELETE', `/api/agency/clients/${client.id}`, { token: agency.token });
    expect(res.status).toBe(204);
    expect((await t.api('GET', '/api/org', { token: userToken })).status).toBe(401);
    const db = t.app.deps.database.db;
    const left = await sql<{
      n: string;
    }>`select (select count(*) from organizations where id = ${client.id}) + (select count(*) from members where organization_id = ${client.id})
      + (select count(*) from roles where organization_id = ${client.id}) + (select count(*) from portal_domains where client_organization_id = ${client.id}) as n`.execute(
      db,
    );
    expect(Number(left.rows[0]!.n)).toBe(0);
    expect((await t.api('GET', '/api/agency/clients', { token: agency.token })).body.total).toBe(0);
  });
});

describe('isolation', () => {
  it('keeps agencies and clients apart', async () => {
    const a = await t.agency('Agency A');
    const b = await t.agency('Agency B');
    const clientA = await t.client(a, 'Client of A');
    const clientA2 = await t.client(a, 'Second client of A');
    expect((await t.api('DELETE', `/api/agency/clients/${clientA.id}`, { token: b.token })).status).toBe(404);
    expect((await t.api('GET', '/api/agency/clients', { token: b.token })).body.total).toBe(0);
    expect(
      (await t.api('POST', '/api/auth/switch-org', { token: b.token, body: { organizationId: clientA.id } })).status,
    ).toBe(403);
    expect(
      (
        await t.api('POST', '/api/agency/portal-domains', {
          token: b.token,
          body: { subdomain: `x-${Date.now()}`, clientOrgId: clientA.id },
        })
      ).body.field,
    ).toBe('clientOrgId');

    const clientUser = await t.signup('Client User');
    await t
      .api('POST', '/api/org/members', {
        token: clientA.operatorToken,
        body: { email: clientUser.user.email, role: 'Owner' },
      })
      .catch(() => undefined);
    await t.addMember(clientA.operatorToken, clientUser.user.email, 'Admin');
    const userToken = (
      await t.api('POST', '/api/auth/switch-org', { token: clientUser.token, body: { organizationId: clientA.id } })
    ).body.token;
    for (const target of [a.organization.id, clientA2.id, b.organization.id]) {
      expect(
        (await t.api('POST', '/api/auth/switch-org', { token: userToken, body: { organizationId: target } })).status,
      ).toBe(403);
    }
    expect((await t.api('GET', '/api/agency/clients', { token: userToken })).status).toBe(403);
    expect((await t.api('DELETE', `/api/agency/clients/${clientA2.id}`, { token: userToken })).status).toBe(403);
    expect(JSON.stringify((await t.api('GET', '/api/user/orgs', { token: userToken })).body)).not.toContain(
      'Second client of A',
    );
  });

  it('ends operator access when the operator loses manage:agency', async () => {
    const owner = await t.agency();
    const operator = await t.joinAs(owner, 'Admin');
    const client = await t.client(owner);
    const opToken = (
      await t.api('POST', '/api/auth/switch-org', { token: operator.token, body: { organizationId: client.id } })
    ).body.token;
    expect((await t.api('GET', '/api/org', { token: opToken })).status).toBe(200);
    await t.api('PUT', `/api/org/members/${operator.userId}`, { token: owner.token, body: { role: 'Viewer' } });
    expect((await t.api('GET', '/api/org', { token: opToken })).status).toBe(401);
  });
});
