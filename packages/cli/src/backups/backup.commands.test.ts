import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runJson, runOk, useOwner } from '../testing/cli-fixtures.js';

// The server cannot be reached (nothing listens on port 1): a backup fails at once, saying why.
const { server, owner } = useOwner({ name: 'Bea' });

async function addDestination(): Promise<void> {
  const { token } = JSON.parse(await readFile(owner.configPath, 'utf8')) as { token: string };
  const servers = await runJson<{ items: { id: string }[] }>(owner, ['--json', 'server', 'list']);
  const res = await fetch(`${server.app.url}/api/backup-destinations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      name: 'Disk',
      kind: 'server',
      server: { serverId: servers.items[0]?.id, directory: '/var/backups/ocore' },
    }),
  });
  expect(res.status).toBe(201);
}

describe('ocore backup', () => {
  it('sets and shows a schedule, makes a backup that fails with the reason, lists and deletes it', async () => {
    await runOk(owner, ['server', 'add', '--name', 'box', '--host', '127.0.0.1', '--port', '1']);
    await runOk(owner, ['instance', 'create', '--name', 'shop', '--server', 'box', '--odoo-version', '18.0']);
    await addDestination();

    expect((await runOk(owner, ['backup', 'schedule', 'get', 'shop'])).stdout).toContain('No backup schedule');
    const bad = await owner.run(['backup', 'schedule', 'set', 'shop', '--cron', '61 * * * *']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('cron');
    const set = await runOk(owner, [
      'backup',
      'schedule',
      'set',
      'shop',
      '--cron',
      '0 2 * * *',
      '--time-zone',
      'Europe/Brussels',
      '--destination',
      'Disk',
      '--keep-daily',
      '3',
      '--drill-cron',
      '0 5 * * 0',
    ]);
    expect(set.stdout).toMatch(/Schedule:\s+0 2 \* \* \* \(Europe\/Brussels\)/);
    expect(set.stdout).toMatch(/Restore drill:\s+0 5 \* \* 0, next \S/);
    const badDrill = await owner.run([
      'backup',
      'schedule',
      'set',
      'shop',
      '--cron',
      '0 2 * * *',
      '--drill-cron',
      'weekly',
    ]);
    expect(badDrill.code).toBe(1);
    expect(badDrill.stderr).toContain('drillCron');
    expect(set.stdout).toMatch(/Retention:\s+3 daily, 4 weekly, 12 monthly, never fewer than 3/);

    const wrong = await owner.run(['backup', 'create', 'shop', '--format', 'tar']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('--format: must be zip or dump');
    const made = await owner.run(['backup', 'create', 'shop', '--destination', 'Disk', '--format', 'dump', '--follow']);
    expect(made.code).toBe(1);
    expect(made.stderr).toContain('the backup failed: ');
    const list = await runOk(owner, ['backup', 'list', 'shop']);
    expect(list.stdout).toMatch(/^CREATED\s+TRIGGER\s+SIZE\s+ID\s+STATUS/);
    expect(list.stdout).toContain('Last successful backup: never');
    const json = await runJson<{ items: { id: string; status: string }[] }>(owner, [
      '--json',
      'backup',
      'list',
      'shop',
    ]);
    const id = json.items[0]?.id ?? '';
    expect(json.items[0]?.status).toBe('failed');
    expect(json.items[0]).toMatchObject({ format: 'dump', encrypted: false });
    expect((await runOk(owner, ['backup', 'get', id])).stdout).toMatch(/Format:\s+dump\n/);

    const download = await owner.run(['backup', 'download', id, '-o', server.path('b.zip')]);
    expect(download.code).toBe(1);
    expect(download.stderr).toContain('the download was refused (400)');
    expect((await runOk(owner, ['backup', 'delete', id])).stdout).toBe(`Deleted backup ${id}.\n`);
  });
});
