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
    const mail = await t.mail(user.user.email, before, '/reset-password#');
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

const verificationToken = (mail: { text: string }) => /#verify=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];

/** Proves the address of a new account with the link mailed at sign-up. */
async function verify(user: { user: { email: string } }) {
  const token = verificationToken(await t.mail(user.user.email, 0, '/verify-email#'));
  return t.api('POST', '/api/auth/verify-email', { body: { token } });
}

describe('email verification', () => {
  it('mails a link at sign-up; an unverified account creates no API key until the link is opened', async () => {
    const user = await t.signup();
    expect((await me(user.token)).body.user.emailVerified).toBe(false);
    const mail = await t.mail(user.user.email);
    expect(mail.subject).toMatch(/^Confirm your email address/);
    expect(mail.text).toContain('/verify-email#verify=');
    const refused = await t.api('POST', '/api/org/api-keys', {
      token: user.token,
      body: { name: 'CI', role: 'Viewer' },
    });
    expect(refused).toMatchObject({ status: 403, body: { link: '/verify-email' } });
    expect(refused.body.message).toContain('verified email address');

    const resent = await t.api('POST', '/api/auth/verify-email/resend', { token: user.token });
    expect(resent.status).toBe(202);
    // Either link proves the address (the resent one may arrive first); a used one is refused.
    const used = verificationToken(await t.mail(user.user.email, 0, '/verify-email#'));
    const verified = await t.api('POST', '/api/auth/verify-email', { body: { token: used } });
    expect(verified).toMatchObject({ status: 200, body: { emailVerified: true } });
    expect((await me(user.token)).body.user.emailVerified).toBe(true);
    const again = await t.api('POST', '/api/auth/verify-email', { body: { token: used } });
    expect(again).toMatchObject({ status: 400, body: { field: 'token' } });
    expect((await t.api('POST', '/api/auth/verify-email/resend', { token: user.token })).status).toBe(400);
    const audit = await t.api('GET', '/api/org/audit-log?action=auth.email_verified', { token: user.token });
    expect(audit.body.items).toHaveLength(1);
  });
});

describe('security events in the audit log', () => {
  it('records sign-ins, failures, sign-out, password and session changes with the address', async () => {
    const user = await t.signup();
    const email = user.user.email;
    expect((await login(email, 'not the password at all')).status).toBe(401);
    expect((await login('nobody-here@example.com', 'not the password at all')).status).toBe(401);
    const second = (await login(email)).body.token as string;
    const sessions = await t.api('GET', '/api/auth/sessions', { token: user.token });
    const other = sessions.body.items.find((s: { current: boolean }) => !s.current).id as string;
    await t.api('DELETE', `/api/auth/sessions/${other}`, { token: user.token });
    expect((await me(second)).status).toBe(401);
    const newPassword = 'a much longer secret phrase';
    await t.api('POST', '/api/auth/password', {
      token: user.token,
      body: { currentPassword: testPassword, newPassword },
    });
    await t.api('POST', '/api/auth/logout', { token: user.token });
    const fresh = (await login(email, newPassword)).body.token as string;
    const log = await t.api('GET', '/api/org/audit-log?targetType=user', { token: fresh });
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual([
      'auth.login_succeeded',
      'auth.logout',
      'auth.password_changed',
      'auth.session_ended',
      'auth.login_succeeded',
      'auth.login_failed',
    ]);
    expect(log.body.items[0]).toMatchObject({
      actorUserId: user.user.id,
      targetId: user.user.id,
      diff: { method: 'password' },
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(JSON.stringify(log.body)).not.toContain('nobody-here');
  });
});

describe('API keys', () => {
  it('shows the key once, stores it hashed, acts with its role, records use, and stops when deleted', async () => {
    const owner = await t.signup();
    await verify(owner);
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
