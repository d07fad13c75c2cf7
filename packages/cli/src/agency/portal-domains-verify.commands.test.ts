import { beforeAll, describe, expect, it } from 'vitest';
import { runJson, runOk, untilWatching, useOwner } from '../testing/cli-fixtures.js';

// DNS goes to a closed port (the harness's default): every check fails at once, locally.
const { owner } = useOwner({ name: 'Vera', agency: true });
let token: string;

beforeAll(async () => {
  const created = await runJson<{ dnsVerificationToken: string }>(owner, [
    '--json',
    'agency',
    'portal-domain',
    'create',
    '--domain',
    'shop.example.com',
  ]);
  token = created.dnsVerificationToken;
  await runOk(owner, ['agency', 'portal-domain', 'create', '--subdomain', 'vera']);
});

describe('ocore agency portal-domain verify', () => {
  it('exits 1 while DNS cannot confirm the record, printing the record to add and what DNS said', async () => {
    const result = await owner.run(['agency', 'portal-domain', 'verify', 'shop.example.com']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('shop.example.com is not verified yet (status pending).');
    expect(result.stdout).toContain(`Add this DNS record: _ocore-verification.shop.example.com TXT "${token}"`);
    expect(result.stdout).toMatch(/TXT record:\s+The DNS lookup of _ocore-verification\.shop\.example\.com failed/);
    expect(result.stdout).toMatch(/Status:\s+pending/);
    expect(result.stdout).toMatch(/Next check:\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    expect(result.stderr).toBe(
      'error: shop.example.com is not verified yet (pending); run this again once DNS has the record\n',
    );
  });

  it('prints the raw result with --json and still exits 1', async () => {
    const result = await owner.run(['--json', 'agency', 'portal-domain', 'verify', 'shop.example.com']);
    expect(result.code).toBe(1);
    const body = JSON.parse(result.stdout) as {
      verified: boolean;
      status: string;
      diagnostics: { record: { name: string }; txt: { status: string }; pointing: { status: string } };
    };
    expect(body).toMatchObject({ verified: false, status: 'pending' });
    expect(body.diagnostics.record.name).toBe('_ocore-verification.shop.example.com');
    expect(['timeout', 'error']).toContain(body.diagnostics.txt.status);
  });

  it('verifies a subdomain-only domain at once', async () => {
    const result = await owner.run(['agency', 'portal-domain', 'verify', 'vera']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('vera needs no DNS record');
  });

  it('exits 1 for a domain the agency does not have', async () => {
    const result = await owner.run(['agency', 'portal-domain', 'verify', 'nowhere.example.com']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no portal domain "nowhere.example.com"');
  });
});

describe('ocore agency portal-domain watch', () => {
  it('prints the current state, then a line per change, and closes cleanly on Ctrl-C', async () => {
    const watch = owner.start(['agency', 'portal-domain', 'watch', 'shop.example.com']);
    await untilWatching(watch);
    expect(watch.output().stdout).toMatch(
      /^\S+Z {2}shop\.example\.com {2}status=pending {2}dns=pending {2}ssl=none {2}active=no/,
    );
    expect((await owner.run(['agency', 'portal-domain', 'verify', 'shop.example.com'])).code).toBe(1);
    await expect.poll(() => watch.output().stdout.trim().split('\n').length).toBe(2);
    const change = watch.output().stdout.trim().split('\n')[1];
    expect(change).toMatch(
      /^\S+Z {2}shop\.example\.com {2}status=pending .* error: The DNS lookup of _ocore-verification/,
    );
    watch.interrupt();
    expect(await watch.result).toMatchObject({ code: 0 });
  });

  it('leaves out other domains when given one', async () => {
    const watch = owner.start(['agency', 'portal-domain', 'watch', 'vera']);
    await untilWatching(watch);
    expect((await owner.run(['agency', 'portal-domain', 'verify', 'shop.example.com'])).code).toBe(1);
    // A verify of vera itself publishes nothing (there is nothing to check), so delete it.
    expect((await owner.run(['agency', 'portal-domain', 'delete', 'vera'])).code).toBe(0);
    const result = await watch.result;
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\S+Z {2}vera {2}deleted$/);
  });

  it('exits 0 at once when the domain is already where --until asks', async () => {
    expect((await owner.run(['agency', 'portal-domain', 'create', '--subdomain', 'vera2'])).code).toBe(0);
    const result = await owner.run(['agency', 'portal-domain', 'watch', 'vera2', '--until', 'verified']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/vera2 {2}status=verified/);
  });

  it('exits 1 when --timeout passes first', async () => {
    const result = await owner.run(['agency', 'portal-domain', 'watch', '--timeout', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: stopped watching after 1 s (--timeout)');
    const waiting = await owner.run([
      'agency',
      'portal-domain',
      'watch',
      'shop.example.com',
      '--until',
      'active',
      '--timeout',
      '1',
    ]);
    expect(waiting.code).toBe(1);
    expect(waiting.stderr).toContain('error: shop.example.com did not reach active within 1 s');
  });

  it('exits 2 for --until without a domain or with an unknown status', async () => {
    const noDomain = await owner.run(['agency', 'portal-domain', 'watch', '--until', 'verified']);
    expect(noDomain.code).toBe(2);
    expect(noDomain.stderr).toContain('--until needs the domain to wait for');
    const unknown = await owner.run(['agency', 'portal-domain', 'watch', 'shop.example.com', '--until', 'done']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Allowed choices are pending, verified, misconfigured, inactive');
  });

  it("exits 1 with the server's reason for a bad token, and when the server is unreachable", async () => {
    const badToken = await owner.run(['--token', 'bad', 'agency', 'portal-domain', 'watch']);
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(/invalid or has expired/);
    const away = await owner.run(['--url', 'http://127.0.0.1:9', '--token', 'x', 'agency', 'portal-domain', 'watch']);
    expect(away.code).toBe(1);
    expect(away.stderr).toContain('error: the server at ws://127.0.0.1:9/trpc is unreachable');
  });
});
