import { describe, expect, it } from 'vitest';
import { canMockDns } from '../testing/challtestsrv.js';
import { runJson, useMockDns, useOwner } from '../testing/cli-fixtures.js';

interface StatusEvent {
  id: string;
  type: string;
  createdAt: string;
  payload: { targetId: string; domain?: { status: string; dnsVerified: boolean } };
}

// Real look-ups against a mock DNS server whose records the tests set.
describe.skipIf(!canMockDns)('ocore agency portal-domain verify|watch against DNS', () => {
  const mock = useMockDns();
  const { owner } = useOwner({ name: 'Dina', agency: true, env: mock.serverEnv });

  function createDomain(host: string): Promise<{ id: string; dnsVerificationToken: string }> {
    return runJson(owner, ['--json', 'agency', 'portal-domain', 'create', '--domain', host]);
  }

  it('exits 1 for a fresh domain, naming the record to add, and 0 once DNS has it', async () => {
    const host = 'erp.dina.test';
    const { dnsVerificationToken } = await createDomain(host);
    const before = await owner.run(['agency', 'portal-domain', 'verify', host]);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain(`Add this DNS record: _ocore-verification.${host} TXT "${dnsVerificationToken}"`);
    expect(before.stdout).toContain(`No TXT record at _ocore-verification.${host} yet`);
    expect(before.stdout).toContain(`${host} does not point at this platform`);

    await mock.dns.setTxt(`_ocore-verification.${host}`, dnsVerificationToken);
    await mock.dns.addA(host, ['127.0.0.1']);
    const after = await owner.run(['agency', 'portal-domain', 'verify', host]);
    expect(after).toMatchObject({ code: 0, stderr: '' });
    expect(after.stdout).toContain(`${host} is verified.`);
    expect(after.stdout).toMatch(
      /TXT record:\s+TXT record _ocore-verification\.erp\.dina\.test holds the expected value/,
    );
    expect(after.stdout).toMatch(/Pointing:\s+erp\.dina\.test resolves to 127\.0\.0\.1/);
    expect(after.stdout).not.toContain('Add this DNS record');
  });

  it('watch --json --until verified prints the status events as NDJSON and exits 0 once verified', async () => {
    const host = 'shop.dina.test';
    const { id, dnsVerificationToken } = await createDomain(host);
    const watch = owner.start(['--json', 'agency', 'portal-domain', 'watch', host, '--until', 'verified']);
    await expect.poll(() => watch.output().stderr, { timeout: 10_000 }).toContain('press Ctrl-C to stop');
    expect((await owner.run(['agency', 'portal-domain', 'verify', host])).code).toBe(1);
    await mock.dns.setTxt(`_ocore-verification.${host}`, dnsVerificationToken);
    await mock.dns.addA(host, ['127.0.0.1']);
    expect((await owner.run(['agency', 'portal-domain', 'verify', host])).code).toBe(0);

    const result = await watch.result;
    expect(result.code).toBe(0);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as StatusEvent);
    expect(events.every((e) => e.payload.targetId === id && /^\d+$/.test(e.id))).toBe(true);
    const statuses = events.filter((e) => e.type === 'portal_domain.status').map((e) => e.payload.domain?.status);
    expect(statuses.at(0)).toBe('pending');
    expect(statuses.at(-1)).toBe('verified');
    expect(events.at(-1)).toMatchObject({ type: 'portal_domain.status', payload: { domain: { dnsVerified: true } } });
  });
});
