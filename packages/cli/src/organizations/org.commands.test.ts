import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runJson, useOwner } from '../testing/cli-fixtures.js';
import type { TestUser } from '../testing/cli-harness.js';

const { owner } = useOwner();
const suffix = Date.now().toString(36);
const slug = `acme-${suffix}`;

interface OrgRow {
  id: string;
  slug: string;
  name: string;
  logoUrl: string | null;
  role: string;
}

async function savedToken(user: TestUser): Promise<string> {
  return (JSON.parse(await readFile(user.configPath, 'utf8')) as { token: string }).token;
}

async function listOrgs(user: TestUser): Promise<OrgRow[]> {
  return (await runJson<{ items: OrgRow[] }>(user, ['org', 'list', '--json'])).items;
}

describe('ocore org', () => {
  it('creates an organization with a slug', async () => {
    const result = await owner.run(['org', 'create', '--name', 'Acme Corp', '--slug', slug]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Created organization Acme Corp (${slug})`);
  });

  it('refuses a taken slug and an invalid one with exit 1, naming the field', async () => {
    const taken = await owner.run(['org', 'create', '--name', 'Other', '--slug', slug]);
    expect(taken).toMatchObject({ code: 1, stderr: 'error: slug: this slug is already taken; choose another\n' });
    const invalid = await owner.run(['org', 'create', '--name', 'Other', '--slug', 'Bad-Slug']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('slug: must be lowercase');
  });

  it('lists both organizations as a table, the current one marked', async () => {
    const result = await owner.run(['org', 'list']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/NAME\s+SLUG\s+ROLE\s+ID/);
    expect(lines.find((l) => l.startsWith('*'))).toContain("Olga's Organization");
    expect(lines.find((l) => l.includes(slug))).toMatch(/^\s+Acme Corp\s+\S+\s+Owner\s+[0-9a-f-]{36}$/);
  });

  it('switches by slug and saves the new token', async () => {
    const before = await savedToken(owner);
    const result = await owner.run(['org', 'switch', slug]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Switched to Acme Corp (${slug}) as Owner.`);
    expect(await savedToken(owner)).not.toBe(before);
    expect((await owner.run(['org', 'show'])).stdout).toMatch(new RegExp(`Slug:\\s+${slug}`));
    const list = await owner.run(['org', 'list']);
    expect(list.stdout.split('\n').find((l) => l.startsWith('*'))).toContain(slug);
  });

  it('refuses to switch to an organization you do not belong to', async () => {
    const result = await owner.run(['org', 'switch', 'no-such-org']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no organization "no-such-org"');
  });

  it('updates name, slug and logo, and "" clears the logo', async () => {
    const renamed = `acme-corporation-${suffix}`;
    const update = await owner.run([
      'org',
      'update',
      '--name',
      'Acme Corporation',
      '--slug',
      renamed,
      '--logo-url',
      'https://cdn.example.com/logo.png',
    ]);
    expect(update.code).toBe(0);
    expect(update.stdout).toContain(`Updated organization Acme Corporation (${renamed})`);
    const cleared = await owner.run(['org', 'update', '--logo-url', '', '--json']);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ name: 'Acme Corporation', slug: renamed, logoUrl: null });
  });

  it('exits 2 for an update without anything to change', async () => {
    const result = await owner.run(['org', 'update']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nothing to update');
  });

  it('refuses to delete without --yes (exit 2) and deletes with it', async () => {
    const refused = await owner.run(['org', 'delete']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(await listOrgs(owner)).toHaveLength(2);

    const deleted = await owner.run(['org', 'delete', '--yes']);
    expect(deleted.stderr).toBe('');
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain("Now in Olga's Organization");
    const remaining = await listOrgs(owner);
    expect(remaining.map((o) => o.name)).toEqual(["Olga's Organization"]);
  });

  it('prints --json that parses, wherever the flag is placed', async () => {
    const before = await owner.run(['--json', 'org', 'show']);
    const after = await owner.run(['org', 'show', '--json']);
    expect(JSON.parse(before.stdout)).toEqual(JSON.parse(after.stdout));
    expect(JSON.parse(before.stdout)).toMatchObject({ name: "Olga's Organization" });
  });
});
