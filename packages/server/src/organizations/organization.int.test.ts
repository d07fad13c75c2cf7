import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function addMember(ownerToken: string, email: string, role: string) {
  await t.addMember(ownerToken, email, role);
}

async function loginTo(email: string, orgId: string) {
  const login = await t.api('POST', '/api/auth/login', { body: { email, password: 'a long enough password' } });
  const switched = await t.api('POST', '/api/auth/switch-org', {
    token: login.body.token,
    body: { organizationId: orgId },
  });
  expect(switched.status).toBe(200);
  return switched.body.token as string;
}

describe('creating organizations (guide: Creating an Organization)', () => {
  it('creates with the documented body; the creator is Owner and the system roles are cloned', async () => {
    const { token } = await t.signup();
    const slug = `acme-corp-${Date.now()}`;
    const res = await t.api('POST', '/api/user/orgs', { token, body: { name: 'Acme Corp', slug } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Acme Corp', slug, logoUrl: null });
    const mine = await t.api('GET', '/api/user/orgs', { token });
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(2);
    expect(mine.body.items.find((o: { id: string }) => o.id === res.body.id).role).toBe('Owner');

    const inOrg = await loginTo(
      mine.body.items[0].id ? (await t.api('GET', '/api/auth/me', { token })).body.user.email : '',
      res.body.id,
    );
    const roles = await t.api('GET', '/api/org/roles', { token: inOrg });
    expect(roles.body.items.map((r: { name: string }) => r.name)).toEqual(['Owner', 'Admin', 'Developer', 'Viewer']);
    const viewer = roles.body.items.find((r: { name: string }) => r.name === 'Viewer');
    expect(viewer.permissions).toContain('view:topologies');
    expect(viewer.permissions).not.toContain('manage:org_settings');
  });

  it('generates a slug from the name when omitted, with a suffix when taken', async () => {
    const { token } = await t.signup();
    const name = `Globex Ünïted ${Date.now()}`;
    const first = await t.api('POST', '/api/user/orgs', { token, body: { name } });
    const second = await t.api('POST', '/api/user/orgs', { token, body: { name } });
    expect(first.status).toBe(201);
    expect(first.body.slug).toMatch(/^globex-united-\d+$/);
    expect(second.body.slug).toBe(`${first.body.slug}-2`);
  });

  it('refuses a taken slug with 409 naming the slug', async () => {
    const { token, organization } = await t.signup();
    const res = await t.api('POST', '/api/user/orgs', { token, body: { name: 'Copycat', slug: organization.slug } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'SLUG_TAKEN', field: 'slug' });
    expect(res.body.message).toMatch(/slug/);
  });

  it.each([
    [{ name: 'A' }, 'name', /2-100/],
    [{ name: 'x'.repeat(101) }, 'name', /2-100/],
    [{ name: 'Fine', slug: 'ab' }, 'slug', /3-50/],
    [{ name: 'Fine', slug: 'a'.repeat(51) }, 'slug', /3-50/],
    [{ name: 'Fine', slug: 'Acme' }, 'slug', /lowercase/],
    [{ name: 'Fine', slug: 'acme_corp' }, 'slug', /letters, digits and hyphens/],
    [{ name: 'Fine', slug: '-acme' }, 'slug', /hyphen/],
    [{}, 'name', /required/],
  ])('refuses %j with 400 naming %s', async (body, field, rule) => {
    const { token } = await t.signup();
    const res = await t.api('POST', '/api/user/orgs', { token, body });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe(field);
    expect(res.body.message).toMatch(new RegExp(`${field}: `));
    expect(res.body.message).toMatch(rule);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const { token } = await t.signup();
    const res = await t.api('POST', '/api/user/orgs', { token, body: '{"name": ' });
    expect(res.status).toBe(400);
  });
});

describe('organization settings (guide: Updating Organization Details)', () => {
  it('updates name, slug and logo with the documented body, and clears the logo with ""', async () => {
    const { token } = await t.signup();
    const slug = `acme-corp-${Date.now()}`;
    const res = await t.api('PUT', '/api/org', {
      token,
      body: { name: 'Acme Corporation', slug, logoUrl: 'https://cdn.example.com/logo.png' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Acme Corporation', slug, logoUrl: 'https://cdn.example.com/logo.png' });
    const partial = await t.api('PUT', '/api/org', { token, body: { name: 'Acme Corp' } });
    expect(partial.body).toMatchObject({ name: 'Acme Corp', slug, logoUrl: 'https://cdn.example.com/logo.png' });
    const cleared = await t.api('PUT', '/api/org', { token, body: { logoUrl: '' } });
    expect(cleared.body.logoUrl).toBeNull();
    expect((await t.api('GET', '/api/org', { token })).body.name).toBe('Acme Corp');
  });

  it('refuses a logo that is not https', async () => {
    const { token } = await t.signup();
    const res = await t.api('PUT', '/api/org', { token, body: { logoUrl: 'http://cdn.example.com/logo.png' } });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('logoUrl');
  });

  it('lets any member view, only manage:org_settings update, and only the Owner delete', async () => {
    const owner = await t.signup('Owner');
    const viewerUser = await t.signup('Viewer');
    const adminUser = await t.signup('Admin');
    await addMember(owner.token, viewerUser.user.email, 'Viewer');
    await addMember(owner.token, adminUser.user.email, 'Admin');
    const viewer = await loginTo(viewerUser.user.email, owner.organization.id);
    const admin = await loginTo(adminUser.user.email, owner.organization.id);

    expect((await t.api('GET', '/api/org', { token: viewer })).status).toBe(200);
    const denied = await t.api('PUT', '/api/org', { token: viewer, body: { name: 'Hijacked' } });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ error: 'PERMISSION_DENIED', permission: 'manage:org_settings' });
    expect(denied.body.message).toContain('manage:org_settings');
    expect((await t.api('PUT', '/api/org', { token: admin, body: { name: 'Renamed' } })).status).toBe(200);

    const adminDelete = await t.api('DELETE', '/api/org', { token: admin });
    expect(adminDelete.status).toBe(403);
    expect(adminDelete.body.error).toBe('OWNER_ONLY');
  });
});

describe('deleting an organization', () => {
  it('removes everything of the org in one go, and every token for it stops working at once', async () => {
    const owner = await t.signup('Owner');
    const other = await t.signup('Member');
    await addMember(owner.token, other.user.email, 'Developer');
    const memberToken = await loginTo(other.user.email, owner.organization.id);

    const res = await t.api('DELETE', '/api/org', { token: owner.token });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();

    for (const token of [owner.token, memberToken]) {
      const after = await t.api('GET', '/api/org', { token });
      expect(after.status).toBe(401);
    }
    const db = t.app.deps.database.db;
    const orgId = owner.organization.id;
    const left = await sql<{ n: string }>`
      select (select count(*) from organizations where id = ${orgId})
           + (select count(*) from roles where organization_id = ${orgId})
           + (select count(*) from members where organization_id = ${orgId}) as n`.execute(db);
    expect(Number(left.rows[0]!.n)).toBe(0);
    // The users themselves remain and can still sign in.
    const login = await t.api('POST', '/api/auth/login', {
      body: { email: other.user.email, password: 'a long enough password' },
    });
    expect(login.status).toBe(200);
  });
});
