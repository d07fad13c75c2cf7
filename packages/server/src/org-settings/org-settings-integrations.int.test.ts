import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startFakeHttpServer, type FakeHttpServer } from '../testing/fake-http-server.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let strict: TestApp;
let posthog: FakeHttpServer;
let authority: FakeHttpServer;
const personalKey = 'phx_personal_key_4f9a1c0b7e';

beforeAll(async () => {
  posthog = await startFakeHttpServer((req, res) =>
    req.url === '/api/projects/@current/' && req.headers.authorization === `Bearer ${personalKey}`
      ? json(res, 200, { id: 1, name: 'Acme Analytics' })
      : json(res, 401, { detail: 'Invalid personal API key.' }),
  );
  authority = await startFakeHttpServer((req, res) => {
    const { code } = JSON.parse(req.body) as { code: string };
    json(res, 200, code === 'M2407150000001' ? { valid: true } : { valid: false, reason: 'expired on 2026-01-01' });
  });
  t = await startTestApp({ OCORE_ALLOW_PRIVATE_EGRESS: '1', OCORE_SUBSCRIPTION_VERIFY_URL: `${authority.url}/verify` });
  strict = await startTestApp();
});
afterAll(async () => {
  await t.close();
  await strict.close();
  await posthog.close();
  await authority.close();
});

async function configured(app: TestApp, body: Record<string, unknown>) {
  const owner = await app.signup();
  await app.api('PUT', '/api/org/settings', { token: owner.token, body });
  return owner.token;
}

describe('POST /api/org/settings/test-posthog', () => {
  it('says so when no key is stored', async () => {
    const token = await configured(t, {});
    const res = await t.api('POST', '/api/org/settings/test-posthog', { token });
    expect(res.body).toMatchObject({ success: false, projectName: null });
    expect(res.body.message).toMatch(/No PostHog personal API key/);
  });

  it('reaches PostHog with the stored key and answers the project name', async () => {
    const token = await configured(t, { posthogApiHost: posthog.url, posthogPersonalApiKey: personalKey });
    const res = await t.api('POST', '/api/org/settings/test-posthog', { token });
    expect(res.body).toEqual({
      success: true,
      projectName: 'Acme Analytics',
      message: 'Connected to PostHog project "Acme Analytics"',
    });
    expect(posthog.requests.at(-1)?.headers.authorization).toBe(`Bearer ${personalKey}`);
  });

  it('explains a rejected key and an unreachable host', async () => {
    const rejected = await configured(t, { posthogApiHost: posthog.url, posthogPersonalApiKey: 'phx_wrong' });
    const r1 = await t.api('POST', '/api/org/settings/test-posthog', { token: rejected });
    expect(r1.body.success).toBe(false);
    expect(r1.body.message).toMatch(/rejected/i);
    expect(r1.body.message).not.toContain('phx_wrong');
    const unreachable = await configured(t, {
      posthogApiHost: 'http://127.0.0.1:9',
      posthogPersonalApiKey: personalKey,
    });
    const r2 = await t.api('POST', '/api/org/settings/test-posthog', { token: unreachable });
    expect(r2.body.success).toBe(false);
    expect(r2.body.message).toMatch(/reach/i);
  });

  it('refuses loopback hosts, also by name, when private egress is not allowed', async () => {
    const before = posthog.requests.length;
    for (const host of [posthog.url, posthog.url.replace('127.0.0.1', 'localhost'), 'http://169.254.169.254']) {
      const token = await configured(strict, { posthogApiHost: host, posthogPersonalApiKey: personalKey });
      const res = await strict.api('POST', '/api/org/settings/test-posthog', { token });
      expect(res.body.success).toBe(false);
      expect(res.body.message).toMatch(/refus|not allowed/i);
    }
    expect(posthog.requests.length).toBe(before);
  });
});

describe('POST /api/org/settings/validate-subscription', () => {
  it('validates the stored code for a version ({odooVersion}) and the given one ({code})', async () => {
    const token = await configured(t, { subscriptionCode: 'M2407150000001' });
    const stored = await t.api('POST', '/api/org/settings/validate-subscription', {
      token,
      body: { odooVersion: '17.0' },
    });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ odooVersion: '17.0', valid: true });
    expect(stored.body.checks.map((c: { name: string; status: string }) => `${c.name}:${c.status}`)).toEqual([
      'format:passed',
      'version:passed',
      'remote:passed',
    ]);
    const given = await t.api('POST', '/api/org/settings/validate-subscription', {
      token,
      body: { code: 'M2301010000009' },
    });
    expect(given.body).toMatchObject({
      odooVersion: '18.0',
      valid: false,
      reason: expect.stringContaining('expired on 2026-01-01'),
    });
  });

  it('checks format and version locally, and says the remote check was skipped', async () => {
    const token = await configured(strict, {});
    const badFormat = await strict.api('POST', '/api/org/settings/validate-subscription', {
      token,
      body: { code: 'short' },
    });
    expect(badFormat.body).toMatchObject({ valid: false, reason: expect.stringContaining('8-64') });
    const badVersion = await strict.api('POST', '/api/org/settings/validate-subscription', {
      token,
      body: { code: 'M2407150000001', odooVersion: '12.0' },
    });
    expect(badVersion.body).toMatchObject({ valid: false, reason: expect.stringContaining('not supported') });
    const local = await strict.api('POST', '/api/org/settings/validate-subscription', {
      token,
      body: { code: 'M2407150000001' },
    });
    expect(local.body.valid).toBe(true);
    expect(local.body.checks.at(-1)).toMatchObject({
      name: 'remote',
      status: 'skipped',
      detail: expect.stringContaining('OCORE_SUBSCRIPTION_VERIFY_URL'),
    });
  });

  it('answers 400 naming code when there is none, and stores the last result', async () => {
    const token = await configured(t, {});
    const none = await t.api('POST', '/api/org/settings/validate-subscription', { token });
    expect(none.status).toBe(400);
    expect(none.body.field).toBe('code');
    await t.api('PUT', '/api/org/settings', { token, body: { subscriptionCode: 'M2407150000001' } });
    await t.api('POST', '/api/org/settings/validate-subscription', { token });
    const status = await t.api('GET', '/api/org/settings/subscription', { token });
    expect(status.body).toMatchObject({
      hasSubscriptionCode: true,
      lastValidation: { valid: true, odooVersion: '18.0' },
    });
  });
});
