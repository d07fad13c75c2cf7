import { readFile, stat, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { runOk, useOwner } from '../testing/cli-fixtures.js';
import { uniqueEmail } from '../testing/cli-harness.js';

const ownerEmail = uniqueEmail('olga');
const restoredSlug = `restored-${Date.now().toString(36)}`;
const { server, owner } = useOwner({ email: ownerEmail });
let exportPath: string;

beforeAll(async () => {
  exportPath = server.path('acme-dr.json');
  await runOk(owner, ['org', 'settings', 'set', '--bulk-batch-size', '250', '--subscription-code', 'M2407150000001']);
});

interface OrgRow {
  id: string;
  slug: string;
  name: string;
}

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe('ocore org dr info|export', () => {
  it('says what an export would hold, and that none was made yet', async () => {
    const result = await owner.run(['org', 'dr', 'info']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Format:\s+ocore-disaster-recovery v1/);
    expect(result.stdout).toMatch(/Contents:\s+roles: 4, members: 1, settings: 1, secrets: 1/);
    expect(result.stdout).toMatch(/Last export:\s+never/);
  });

  it('writes the document readable by the owner only, and prints counts and checksum', async () => {
    const result = await owner.run(['org', 'dr', 'export', '--out', exportPath]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(await modeOf(exportPath)).toBe(0o600);
    const document = JSON.parse(await readFile(exportPath, 'utf8')) as {
      format: string;
      checksum: string;
      content: { settings: { bulkBatchSize: number } };
    };
    expect(document).toMatchObject({
      format: 'ocore-disaster-recovery',
      content: { settings: { bulkBatchSize: 250 } },
    });
    expect(result.stdout).toContain('(roles: 4, members: 1, secrets: 1)');
    expect(result.stdout).toContain(`Checksum: sha256:${document.checksum}`);
    expect(await readFile(exportPath, 'utf8')).not.toContain('M2407150000001');
  });

  it('refuses to overwrite without --force (exit 2), and keeps the file', async () => {
    const before = await readFile(exportPath, 'utf8');
    const refused = await owner.run(['org', 'dr', 'export', '--out', exportPath]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists; pass --force');
    expect(await readFile(exportPath, 'utf8')).toBe(before);
    const forced = await owner.run(['org', 'dr', 'export', '--out', exportPath, '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ file: exportPath, counts: { roles: 4, members: 1, secrets: 1 } });
    expect(await modeOf(exportPath)).toBe(0o600);
  });

  it('exits 2 for a folder that does not exist', async () => {
    const result = await owner.run(['org', 'dr', 'export', '--out', server.path('missing', 'dr.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('does not exist');
  });

  it('shows who exported last', async () => {
    const result = await owner.run(['org', 'dr', 'info']);
    expect(result.stdout).toMatch(new RegExp(`Last export:\\s+\\S+ by ${ownerEmail}`));
  });
});

describe('ocore org dr import', () => {
  it('restores the export into a new organization that org list then shows', async () => {
    const result = await owner.run([
      'org',
      'dr',
      'import',
      '--file',
      exportPath,
      '--name',
      'Restored Org',
      '--slug',
      restoredSlug,
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`Restored Restored Org (${restoredSlug}) as a new organization`);
    expect(result.stdout).toContain(
      '(restored roles: 4, members: 1, secrets: 1, servers: 0, topologies: 0, templates: 0, projects: 0, instances: 0, clients: 0, portalDomains: 0, backupDestinations: 0, backupSchedules: 0, notificationChannels: 0, notificationRules: 0)',
    );
    expect(result.stdout).toContain(`ocore org switch ${restoredSlug}`);
    const list = await owner.run(['org', 'list', '--json']);
    const orgs = (JSON.parse(list.stdout) as { items: OrgRow[] }).items;
    expect(orgs.find((o) => o.slug === restoredSlug)).toMatchObject({ name: 'Restored Org' });
    expect((await owner.run(['org', 'switch', restoredSlug])).code).toBe(0);
    const settings = await owner.run(['org', 'settings', 'get', '--json']);
    expect(JSON.parse(settings.stdout)).toMatchObject({ bulkBatchSize: 250, hasSubscriptionCode: true });
  });

  it('prints --json with the new organization and a slug of its own when none is given', async () => {
    const result = await owner.run(['org', 'dr', 'import', '--file', exportPath, '--json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { organization: OrgRow; skippedMembers: unknown[] };
    expect(parsed.skippedMembers).toEqual([]);
    expect(parsed.organization.slug).toMatch(/^olgas-organization-\d+$/);
  });

  it('exits 2 for a file it cannot read, that is not JSON, or that is not an export', async () => {
    const notJson = server.path('not-json.json');
    const notExport = server.path('not-export.json');
    await writeFile(notJson, '{"format": ');
    await writeFile(notExport, '{"hello": "world"}');
    const cases = [
      [server.path('missing.json'), 'cannot read'],
      [notJson, 'is not valid JSON'],
      [notExport, 'is not an oCore disaster-recovery export: format'],
    ] as const;
    for (const [file, message] of cases) {
      const result = await owner.run(['org', 'dr', 'import', '--file', file]);
      expect(result.code, file).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });

  it('exits 1 with the server message for an altered document', async () => {
    const document = JSON.parse(await readFile(exportPath, 'utf8')) as { content: { organization: { name: string } } };
    document.content.organization.name = 'Tampered';
    const altered = server.path('altered.json');
    await writeFile(altered, JSON.stringify(document));
    const result = await owner.run(['org', 'dr', 'import', '--file', altered]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not match the content');
  });
});
