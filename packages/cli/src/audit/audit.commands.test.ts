import { beforeAll, describe, expect, it } from 'vitest';
import { runOk, useOwner } from '../testing/cli-fixtures.js';
import { uniqueEmail } from '../testing/cli-harness.js';

const ownerEmail = uniqueEmail('olga');
const webhookSecret = 'whsec_do_not_print_me';
const { owner } = useOwner({ email: ownerEmail });

// Three changes, so three audit entries.
beforeAll(async () => {
  await runOk(owner, ['org', 'settings', 'set', '--bulk-batch-size', '250']);
  await runOk(owner, ['org', 'settings', 'set', '--posthog-webhook-secret', webhookSecret]);
  await runOk(owner, ['org', 'settings', 'set', '--audit-retention-days', '30']);
});

interface AuditRow {
  id: string;
  action: string;
  actorEmail: string | null;
  targetType: string;
  diff: Record<string, unknown>;
}

async function auditJson(args: string[] = []): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
  const result = await owner.run(['org', 'audit-log', '--json', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as { items: AuditRow[]; nextCursor: string | null };
}

describe('ocore org audit-log', () => {
  it('shows the settings changes as a table, newest first, secrets only as set', async () => {
    const result = await owner.run(['org', 'audit-log']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+ACTOR\s+ACTION\s+TARGET\s+DIFF$/);
    expect(lines[1]).toMatch(
      new RegExp(
        `^\\d{4}-\\d{2}-\\d{2}T\\S+Z\\s+${ownerEmail}\\s+org_settings\\.updated\\s+org_settings \\S+\\s+auditRetentionDays: 90→30$`,
      ),
    );
    expect(result.stdout).toMatch(/org_settings\.updated\s+.*bulkBatchSize: 100→250/);
    expect(result.stdout).toMatch(/posthogWebhookSecret: not set→set/);
    expect(result.stdout).not.toContain(webhookSecret);
  });

  it('prints --json that parses', async () => {
    const page = await auditJson();
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toMatchObject({
      action: 'org_settings.updated',
      actorEmail: ownerEmail,
      diff: { auditRetentionDays: { from: 90, to: 30 } },
    });
  });

  it('filters by action, actor and time', async () => {
    const updates = await auditJson(['--action', 'org_settings.updated']);
    expect(updates.items).toHaveLength(3);
    expect(new Set(updates.items.map((e) => e.action))).toEqual(new Set(['org_settings.updated']));
    expect((await auditJson(['--actor', ownerEmail])).items.length).toBeGreaterThanOrEqual(3);
    expect((await auditJson(['--since', '2999-01-01'])).items).toEqual([]);
    const none = await owner.run(['org', 'audit-log', '--action', 'no.such_action']);
    expect(none).toMatchObject({ code: 0, stdout: 'No audit entries match.\n' });
  });

  it('pages with --limit, hints at the rest, and --all follows the cursor to the end', async () => {
    const everything = (await auditJson()).items;
    expect(everything.length).toBeGreaterThan(3);
    const first = await owner.run(['org', 'audit-log', '--limit', '1']);
    expect(first.stdout.trim().split('\n')).toHaveLength(4);
    expect(first.stdout).toMatch(/More entries: add --all, or --cursor \d+ for the next page\./);
    const all = await auditJson(['--limit', '1', '--all']);
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((e) => e.id)).toEqual(everything.map((e) => e.id));
    const cursor = (await auditJson(['--limit', '1'])).nextCursor!;
    expect((await auditJson(['--limit', '1', '--cursor', cursor])).items[0]?.id).toBe(everything[1]?.id);
  });

  it('exits 2 for a limit or a time it cannot read, naming the flag', async () => {
    for (const args of [
      ['--limit', 'ten'],
      ['--limit', '0'],
      ['--limit', '201'],
      ['--since', 'yesterday'],
      ['--until', '31/01/2026'],
    ]) {
      const result = await owner.run(['org', 'audit-log', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(args[0]);
    }
  });
});
