import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runOk, settingsJson, useOwner } from '../testing/cli-fixtures.js';

const personalKey = 'phx_personal_key_4f9a1c0b7e';
let posthog: Server;

/** A PostHog that knows one personal key, on 127.0.0.1. */
async function startFakePosthog(): Promise<Server> {
  const server = createServer((req, res) => {
    const isProject = req.method === 'GET' && req.url === '/api/projects/@current/';
    const known = isProject && req.headers.authorization === `Bearer ${personalKey}`;
    res.writeHead(known ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(known ? { id: 1, name: 'Acme' } : { detail: 'Invalid personal API key.' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

// Registered before the server's hooks: the fake starts first and stops last.
beforeAll(async () => {
  posthog = await startFakePosthog();
  // The harness passes process.env to loadConfig: let the server reach the fake on loopback.
  vi.stubEnv('OCORE_ALLOW_PRIVATE_EGRESS', '1');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise((resolve) => posthog?.close(resolve));
});

const { owner } = useOwner();

beforeAll(async () => {
  const posthogUrl = `http://127.0.0.1:${(posthog.address() as AddressInfo).port}`;
  await runOk(owner, ['org', 'settings', 'set', '--posthog-api-host', posthogUrl, '--posthog-api-key', personalKey]);
});

describe('ocore org settings test-posthog', () => {
  it('exits 0 and names the project when the stored key works', async () => {
    const result = await owner.run(['org', 'settings', 'test-posthog']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Connected to PostHog project "Acme"');
    const json = await owner.run(['org', 'settings', 'test-posthog', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      success: true,
      projectName: 'Acme',
      message: 'Connected to PostHog project "Acme"',
    });
  });

  it('exits 1 once the key is cleared with ""', async () => {
    expect((await owner.run(['org', 'settings', 'set', '--posthog-api-key', ''])).code).toBe(0);
    expect(await settingsJson(owner)).toMatchObject({ hasPosthogPersonalKey: false });
    const result = await owner.run(['org', 'settings', 'test-posthog']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('No PostHog personal API key is stored');
    expect(result.stderr).toBe('error: the PostHog connection test failed\n');
    const json = await owner.run(['org', 'settings', 'test-posthog', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ success: false, projectName: null });
  });

  it('exits 1 when PostHog rejects the key, without printing it', async () => {
    expect((await owner.run(['org', 'settings', 'set', '--posthog-api-key', 'phx_wrong_key'])).code).toBe(0);
    const result = await owner.run(['org', 'settings', 'test-posthog']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/rejected/i);
    expect(result.stdout + result.stderr).not.toContain('phx_wrong_key');
    expect((await owner.run(['org', 'settings', 'set', '--clear-posthog-api-key'])).code).toBe(0);
    expect(await settingsJson(owner)).toMatchObject({ hasPosthogPersonalKey: false });
  });
});

describe('ocore org settings validate-subscription|subscription', () => {
  it('says no validation ran yet', async () => {
    const result = await owner.run(['org', 'settings', 'subscription']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Last validation:\s+never/);
    expect(result.stdout).toMatch(/Supported Odoo versions:\s+16\.0, 17\.0, 18\.0, 19\.0/);
  });

  it('prints each check and exits 0 for a valid code', async () => {
    const result = await owner.run([
      'org',
      'settings',
      'validate-subscription',
      '--code',
      'M2407150000001',
      '--odoo-version',
      '17.0',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/CHECK\s+STATUS\s+DETAIL/);
    expect(result.stdout).toMatch(/format\s+passed/);
    expect(result.stdout).toMatch(/version\s+passed\s+Odoo 17\.0 is supported/);
    expect(result.stdout).toMatch(/remote\s+skipped/);
    expect(result.stdout).toContain('Verdict: valid for Odoo 17.0');
  });

  it('exits 1 for an invalid code or an unsupported version, saying why', async () => {
    const badCode = await owner.run([
      'org',
      'settings',
      'validate-subscription',
      '--code',
      'not a code!',
      '--odoo-version',
      '17.0',
    ]);
    expect(badCode.code).toBe(1);
    expect(badCode.stdout).toMatch(/format\s+failed/);
    expect(badCode.stdout).toContain('Verdict: NOT valid for Odoo 17.0');
    expect(badCode.stderr).toBe('error: the subscription code is not valid for Odoo 17.0\n');
    const badVersion = await owner.run([
      'org',
      'settings',
      'validate-subscription',
      '--code',
      'M2407150000001',
      '--odoo-version',
      '12.0',
      '--json',
    ]);
    expect(badVersion.code).toBe(1);
    expect(JSON.parse(badVersion.stdout)).toMatchObject({ valid: false, odooVersion: '12.0' });
  });

  it('exits 1 with the server message when there is no code at all', async () => {
    const result = await owner.run(['org', 'settings', 'validate-subscription']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no subscription code was given and none is stored');
  });

  it('validates the stored code and shows it as the last validation', async () => {
    expect((await owner.run(['org', 'settings', 'set', '--subscription-code', 'M2407150000001'])).code).toBe(0);
    expect((await owner.run(['org', 'settings', 'validate-subscription'])).stdout).toContain(
      'Verdict: valid for Odoo 18.0',
    );
    const status = await owner.run(['org', 'settings', 'subscription']);
    expect(status.stdout).toMatch(/Subscription code:\s+set/);
    expect(status.stdout).toContain('Verdict: valid for Odoo 18.0');
    expect(status.stdout).not.toContain('M2407150000001');
  });
});
