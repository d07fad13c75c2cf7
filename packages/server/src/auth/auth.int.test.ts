import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testJwtSecret, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ OCORE_LOGIN_MAX_FAILURES: '3', OCORE_LOGIN_MAX_ATTEMPTS_PER_IP: '1000' });
});
afterAll(() => t.close());

const password = 'a long enough password';

describe('signup', () => {
  it('answers 201 with token, user and the automatically created first organization', async () => {
    const res = await t.api('POST', '/api/auth/signup', {
      body: { email: 'Grace@Example.com', password, name: 'Grace Hopper' },
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email: 'grace@example.com', name: 'Grace Hopper' });
    expect(res.body.user).not.toHaveProperty('passwordHash');
    expect(res.body.organization).toMatchObject({
      name: "Grace Hopper's Organization",
      slug: 'grace-hoppers-organization',
    });
    const me = await t.api('GET', '/api/auth/me', { token: res.body.token });
    expect(me.body).toMatchObject({ role: 'Owner', organization: { id: res.body.organization.id } });
    expect(me.body.permissions).toContain('manage:org_settings');
  });

  it('keeps the password hashed with argon2id', async () => {
    const { user } = await t.signup();
    const row = await t.app.deps.database.db
      .selectFrom('users')
      .select('passwordHash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(password);
  });

  it('refuses a registered email with 409 and leaves nothing half-written', async () => {
    const { user } = await t.signup();
    const before = await t.app.deps.database.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const res = await t.api('POST', '/api/auth/signup', {
      body: { email: user.email.toUpperCase(), password, name: 'Twin' },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'EMAIL_TAKEN', field: 'email' });
    const after = await t.app.deps.database.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it.each([
    [{ email: 'not-an-email', password, name: 'X' }, 'email'],
    [{ email: 'short@example.com', password: 'short', name: 'X' }, 'password'],
    [{ email: 'noname@example.com', password }, 'name'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const res = await t.api('POST', '/api/auth/signup', { body });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe(field);
    expect(res.body.message).toContain(`${field}:`);
  });
});

describe('login', () => {
  it('answers 200 with the same shape; a wrong password or unknown email is 401', async () => {
    const { user, organization } = await t.signup();
    const ok = await t.api('POST', '/api/auth/login', { body: { email: user.email, password } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ user: { id: user.id }, organization: { id: organization.id } });
    expect(typeof ok.body.token).toBe('string');
    const wrong = await t.api('POST', '/api/auth/login', { body: { email: user.email, password: 'not the password' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('Invalid email or password');
    const unknown = await t.api('POST', '/api/auth/login', { body: { email: 'nobody@example.com', password } });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('limits failed logins per email with 429 and Retry-After, even for the right password', async () => {
    const { user } = await t.signup();
    for (let i = 0; i < 3; i++) {
      expect(
        (await t.api('POST', '/api/auth/login', { body: { email: user.email, password: 'wrong password' } })).status,
      ).toBe(401);
    }
    const limited = await t.api('POST', '/api/auth/login', { body: { email: user.email, password } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account from the same address is not affected.
    const other = await t.signup();
    expect((await t.api('POST', '/api/auth/login', { body: { email: other.user.email, password } })).status).toBe(200);
  });
});

describe('tokens', () => {
  it('carries the current organization in the org claim with a short expiry', async () => {
    const { token, organization, user } = await t.signup();
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({ sub: user.id, org: organization.id });
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(3600);
  });

  it('switches organization for a member and answers 403 otherwise', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const created = await t.api('POST', '/api/user/orgs', { token: a.token, body: { name: 'Second Org' } });
    const switched = await t.api('POST', '/api/auth/switch-org', {
      token: a.token,
      body: { organizationId: created.body.id },
    });
    expect(switched.status).toBe(200);
    expect(switched.body.organization.id).toBe(created.body.id);
    expect((await t.api('GET', '/api/org', { token: switched.body.token })).body.name).toBe('Second Org');
    const refused = await t.api('POST', '/api/auth/switch-org', {
      token: b.token,
      body: { organizationId: created.body.id },
    });
    expect(refused.status).toBe(403);
    const unknown = await t.api('POST', '/api/auth/switch-org', {
      token: b.token,
      body: { organizationId: crypto.randomUUID() },
    });
    expect(unknown.status).toBe(403);
    expect(unknown.body.message).toBe(refused.body.message);
  });

  it('refuses missing, malformed, tampered, expired and alg=none tokens with 401', async () => {
    const { token, user, organization } = await t.signup();
    const key = new TextEncoder().encode(testJwtSecret);
    const expired = await new SignJWT({ org: organization.id })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('ocore')
      .setAudience('ocore-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(key);
    const [header, body] = token.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, org: crypto.randomUUID() })).toString('base64url')}.${token.split('.')[2]}`;
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    const wrongKey = await new SignJWT({ org: organization.id })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('ocore')
      .setAudience('ocore-api')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another'));
    expect((await t.api('GET', '/api/org')).status).toBe(401);
    for (const bad of ['garbage', expired, tampered, none, wrongKey]) {
      expect((await t.api('GET', '/api/org', { token: bad })).status).toBe(401);
    }
  });
});
