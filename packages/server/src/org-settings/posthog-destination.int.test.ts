import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startFakeHttpServer, type FakeHttpServer } from '../testing/fake-http-server.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let strict: TestApp;
let posthog: FakeHttpServer;
let theirs: FakeHttpServer;
const personalKey = 'phx_agency_key_77c1d0e5';

beforeAll(async () => {
  posthog = await startFakeHttpServer((req, res) =>
    req.headers.authorization === `Bearer ${personalKey}`
      ? json(res, 200, { id: 1, name: 'Agency Analytics' })
      : json(res, 401, { detail: 'Invalid personal API key.' }),
  );
  theirs = await startFakeHttpServer((_req, res) => json(res, 200, { id: 2, name: 'Collected' }));
  t = await startTestApp({ OCORE_ALLOW_PRIVATE_EGRESS: '1' });
  strict = await startTestApp();
});
afterAll(async () => {
  await t.close();
  await strict.close();
  await posthog.close();
  await theirs.close();
});

describe('the PostHog key does not follow a changed posthogApiHost', () => {
  it('clears the stored key when the host changes without it, says so, and sends nothing to the new host', async () => {
    const agency = await t.agency();
    const client = await t.client(agency);
    const stored = await t.api('PUT', '/api/org/settings', {
      token: client.operatorToken,
      body: { posthogApiHost: posthog.url, posthogPersonalApiKey: personalKey },
    });
    expect(stored.body.hasPosthogPersonalKey).toBe(true);
    expect(stored.body.clearedSecrets).toBeUndefined();
    const admin = await t.joinAs({ token: client.operatorToken, organization: { id: client.id } }, 'Admin');

    const moved = await t.api('PUT', '/api/org/settings', {
      token: admin.token,
      body: { posthogApiHost: theirs.url },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      posthogApiHost: theirs.url,
      hasPosthogPersonalKey: false,
      clearedSecrets: ['posthogPersonalApiKey'],
    });
    const tested = await t.api('POST', '/api/org/settings/test-posthog', { token: admin.token });
    expect(tested.body).toMatchObject({
      success: false,
      message: expect.stringMatching(/No PostHog personal API key/),
    });
    expect(theirs.requests).toHaveLength(0);
    const log = await t.api('GET', '/api/org/audit-log?action=org_settings.updated', { token: admin.token });
    expect(JSON.stringify(log.body)).toContain('cleared: posthogApiHost changed');

    // Given again with the new host, the key is kept; the same host again changes nothing.
    const both = await t.api('PUT', '/api/org/settings', {
      token: admin.token,
      body: { posthogApiHost: posthog.url, posthogPersonalApiKey: personalKey },
    });
    expect(both.body).toMatchObject({ hasPosthogPersonalKey: true });
    expect(both.body.clearedSecrets).toBeUndefined();
    const same = await t.api('PUT', '/api/org/settings', { token: admin.token, body: { posthogApiHost: posthog.url } });
    expect(same.body.hasPosthogPersonalKey).toBe(true);
  });
});

describe('outbound integration hosts are https only unless OCORE_ALLOW_PRIVATE_EGRESS=1', () => {
  it('refuses plain http to a public name before resolving or connecting, and allows it with the setting', async () => {
    const owner = await strict.signup();
    await strict.api('PUT', '/api/org/settings', {
      token: owner.token,
      body: { posthogApiHost: 'http://posthog.example.com', posthogPersonalApiKey: personalKey },
    });
    const res = await strict.api('POST', '/api/org/settings/test-posthog', { token: owner.token });
    expect(res.body).toMatchObject({
      success: false,
      message:
        'Refusing to contact PostHog at posthog.example.com: plain http is not allowed, use https (OCORE_ALLOW_PRIVATE_EGRESS=1 allows it)',
    });

    const lenient = await t.signup();
    await t.api('PUT', '/api/org/settings', {
      token: lenient.token,
      body: { posthogApiHost: posthog.url, posthogPersonalApiKey: personalKey },
    });
    const ok = await t.api('POST', '/api/org/settings/test-posthog', { token: lenient.token });
    expect(ok.body).toMatchObject({ success: true, projectName: 'Agency Analytics' });
  });
});
