import { beforeAll, describe, expect, it } from 'vitest';
import { runJson, runOk, useOwner } from '../testing/cli-fixtures.js';
import { documentedArgs } from '../testing/cli-harness.js';

const { owner } = useOwner({ agency: true });

beforeAll(async () => {
  await runOk(owner, ['agency', 'client', 'create', '--name', 'Globex', '--slug', 'globex']);
});

interface DomainRow {
  id: string;
  subdomain: string | null;
  customDomain: string | null;
  clientOrgId: string | null;
  dnsVerificationToken: string;
  lastError: string | null;
}

async function listDomains(): Promise<DomainRow[]> {
  return (await runJson<{ items: DomainRow[] }>(owner, ['agency', 'portal-domain', 'list', '--json'])).items;
}

describe('ocore agency portal-domain create|list|delete', () => {
  it('runs the documented example and prints the TXT record to add', async () => {
    const result = await owner.run(
      documentedArgs('ocore agency portal-domain create --subdomain acme --domain erp.acme.com'),
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const [created] = await listDomains();
    expect(created).toMatchObject({ subdomain: 'acme', customDomain: 'erp.acme.com', clientOrgId: null });
    expect(result.stdout).toContain(
      `Add this DNS record: _ocore-verification.erp.acme.com TXT "${created!.dnsVerificationToken}"`,
    );
  });

  it('creates a subdomain for a client by slug, active at once and without a DNS record', async () => {
    const result = await owner.run([
      'agency',
      'portal-domain',
      'create',
      '--subdomain',
      'globex',
      '--client',
      'globex',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/Client:\s+globex/);
    expect(result.stdout).toMatch(/Active:\s+yes/);
    expect(result.stdout).not.toContain('Add this DNS record');
  });

  it('lists the domains with their client, status, SSL state and checks', async () => {
    const result = await owner.run(['agency', 'portal-domain', 'list']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^SUBDOMAIN\s+CUSTOM DOMAIN\s+CLIENT\s+STATUS\s+SSL\s+ACTIVE\s+LAST CHECKED\s+NEXT CHECK\s+LAST ERROR\s+ID$/,
    );
    expect(lines.find((l) => l.startsWith('acme '))).toMatch(
      /^acme\s+erp\.acme\.com\s+-\s+pending\s+none\s+no\s+\S+\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+.+\s+[0-9a-f-]{36}$/,
    );
    expect(lines.find((l) => l.startsWith('globex '))).toMatch(
      /^globex\s+-\s+globex\s+verified\s+none\s+yes\s+-\s+-\s+-\s/,
    );
  });

  it('shortens the last error in the list; --json has it whole', async () => {
    expect((await owner.run(['agency', 'portal-domain', 'verify', 'erp.acme.com'])).code).toBe(1);
    const line = (await owner.run(['agency', 'portal-domain', 'list'])).stdout
      .split('\n')
      .find((l) => l.startsWith('acme '));
    expect(line).toMatch(/\s\d{4}-\S+Z\s+\d{4}-\S+Z\s+The DNS lookup of \S*…\s+[0-9a-f-]{36}$/);
    const [acme] = await listDomains();
    expect(acme!.lastError).toMatch(/^The DNS lookup of _ocore-verification\.erp\.acme\.com failed: .*ECONNREFUSED/);
  });

  it('exits 2 without a subdomain or domain, and 1 for an unknown client', async () => {
    const nothing = await owner.run(['agency', 'portal-domain', 'create']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('--subdomain');
    const unknown = await owner.run(['agency', 'portal-domain', 'create', '--subdomain', 'x1', '--client', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no client "nobody"');
  });

  it('deletes a domain by id', async () => {
    const acme = (await listDomains()).find((d) => d.subdomain === 'acme')!;
    const result = await owner.run(['agency', 'portal-domain', 'delete', acme.id]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`Deleted portal domain erp.acme.com (${acme.id}).`);
    expect((await listDomains()).map((d) => d.subdomain)).toEqual(['globex']);
    const again = await owner.run(['agency', 'portal-domain', 'delete', acme.id]);
    expect(again.code).toBe(1);
  });
});
