import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken, startTestApp, testPassword, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const login = (email: string, password = testPassword) =>
  t.api('POST', '/api/auth/login', { body: { email, password } });
const me = (token: string) => t.api('GET', '/api/auth/me', { token });

describe('signing out and sessions', () => {
  it('revokes the token at once, and every token of its session', async () => {
    const user = await t.signup();
    const other = (await login(user.user.email)).body.token as string;
    const switched = await t.api('POST', '/api/auth/switch-org', {
      token: user.token,
      body: { organizationId: user.organization.id },
    });
    expect((await t.api('POST', '/api/auth/logout', { token: user.token })).status).toBe(204);
    expect((await me(user.token)).status).toBe(401);
    expect((await me(switched.body.token)).status).toBe(401);
    // Another sign-in is another session, still alive.
    expect((await me(other)).status).toBe(200);
  });

  it('lists the sessions, marks the current one, and ends one or all others', async () => {
    const user = await t.signup();
    const second = (await login(user.user.email)).body.token as string;
    const third = (await login(user.user.email)).body.token as string;
    const list = await t.api('GET', '/api/auth/sessions', { token: user.token });
    expect(list.body.total).toBe(3);
    expect(list.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const secondId = (await t.api('GET', '/api/auth/sessions', { token: second })).body.items.find(
      (s: { current: boolean }) => s.current,
    ).id;
    expect((await t.api('DELETE', `/api/auth/sessions/${secondId}`, { token: user.token })).status).toBe(204);
    expect((await me(second)).status).toBe(401);
    expect((await t.api('DELETE', `/api/auth/sessions/${secondId}`, { token: user.token })).status).toBe(404);
    const ended = await t.api('DELETE', '/api/auth/sessions', { token: user.token });
    expect(ended.body).toEqual({ ended: 1 });
    expect((await me(third)).status).toBe(401);
    expect((await me(user.token)).status).toBe(200);
  });
});

describe('passwords', () => {
  it('changes the password after checking the current one; other sessions end', async () => {
    const user = await t.signup();
    const other = (await login(user.user.email)).body.token as string;
    const wrong = await t.api('POST', '/api/auth/password', {
      token: user.token,
      body: { currentPassword: 'not my password', newPassword: 'a brand new long password' },
    });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'INVALID_CREDENTIALS', field: 'currentPassword' } });
    const common = await t.api('POST', '/api/auth/password', {
      token: user.token,
      body: { currentPassword: testPassword, newPassword: 'qwertyuiop' },
    });
    expect(common).toMatchObject({ status: 400, body: { field: 'newPassword' } });
    const changed = await t.api('POST', '/api/auth/password', {
      token: user.token,
      body: { currentPassword: testPassword, newPassword: 'a brand new long password' },
    });
    expect(changed).toMatchObject({ status: 200, body: { ended: 1 } });
    expect((await me(other)).status).toBe(401);
    expect((await me(user.token)).status).toBe(200);
    expect((await login(user.user.email)).status).toBe(401);
    expect((await login(user.user.email, 'a brand new long password')).status).toBe(200);
  });

  it('resets a forgotten password by a mailed link, answering alike for an unknown address', async () => {
    const user = await t.signup('Forgetful');
    const request = (email: string) => t.api('POST', '/api/auth/password-reset/request', { body: { email } });
    const before = t.app.deps.mailTransport.delivered.length;
    const known = await request(user.user.email);
    const unknown = await request(`nobody-${Date.now()}@example.com`);
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    const mail = await t.mail(user.user.email, before);
    expect(mail.subject).toMatch(/new password/);
    expect(mail.html).toContain('Hello Forgetful');
    const token = linkToken(mail);

    const weak = await t.api('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'password123' } });
    expect(weak).toMatchObject({ status: 400, body: { field: 'password' } });
    const confirmed = await t.api('POST', '/api/auth/password-reset/confirm', {
      body: { token, password: 'the password after reset' },
    });
    expect(confirmed.status).toBe(204);
    expect((await me(user.token)).status).toBe(401);
    expect((await login(user.user.email, 'the password after reset')).status).toBe(200);
    const again = await t.api('POST', '/api/auth/password-reset/confirm', {
      body: { token, password: 'yet another long password' },
    });
    expect(again).toMatchObject({ status: 400, body: { field: 'token' } });
  });
});

describe('API keys', () => {
  it('shows the key once, stores it hashed, acts with its role, records use, and stops when deleted', async () => {
    const owner = await t.signup();
    const created = await t.api('POST', '/api/org/api-keys', {
      token: owner.token,
      body: { name: 'CI', role: 'Viewer' },
    });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect(key).toMatch(/^ocore_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({ name: 'CI', role: 'Viewer', lastUsedAt: null, prefix: key.slice(0, 12) });
    const stored = await t.app.deps.database.db.selectFrom('apiKeys').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(key);

    expect((await t.api('GET', '/api/servers', { token: key })).status).toBe(200);
    const write = await t.api('POST', '/api/org/api-keys', { token: key, body: { name: 'more', role: 'Viewer' } });
    expect(write).toMatchObject({ status: 403, body: { permission: 'manage:members' } });
    const switching = await t.api('POST', '/api/auth/switch-org', {
      token: key,
      body: { organizationId: owner.organization.id },
    });
    expect(switching.status).toBe(403);
    const listed = await t.api('GET', '/api/org/api-keys', { token: owner.token });
    expect(listed.body.items[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(key);

    expect((await t.api('DELETE', `/api/org/api-keys/${created.body.id}`, { token: owner.token })).status).toBe(204);
    expect((await t.api('GET', '/api/servers', { token: key })).status).toBe(401);
  });

  it('never does more than its creator: an Admin makes no Owner key, and a key dies with its creator leaving', async () => {
    const owner = await t.signup();
    const admin = await t.joinAs(owner, 'Admin');
    const ownerKey = await t.api('POST', '/api/org/api-keys', {
      token: admin.token,
      body: { name: 'too much', role: 'Owner' },
    });
    expect(ownerKey.status).toBe(403);
    const adminKey = await t.api('POST', '/api/org/api-keys', {
      token: admin.token,
      body: { name: 'deploys', role: 'Admin' },
    });
    expect((await t.api('GET', '/api/org/members', { token: adminKey.body.key })).status).toBe(200);
    await t.api('DELETE', `/api/org/members/${admin.userId}`, { token: owner.token });
    expect((await t.api('GET', '/api/org/members', { token: adminKey.body.key })).status).toBe(401);
  });
});
