import { describe, expect, it } from 'vitest';
import { runJson, runOk, useOwner } from '../testing/cli-fixtures.js';

const { owner } = useOwner({ name: 'Nora' });

describe('ocore notify', () => {
  it('adds, lists, tests and removes a channel, and routes a kind to it', async () => {
    const added = await runJson<{ id: string; kind: string }>(owner, [
      'notify',
      'channel',
      'add',
      '--name',
      'Ops',
      '--kind',
      'email',
      '--address',
      'ops@example.com',
      '--json',
    ]);
    expect(added.kind).toBe('email');
    expect((await runOk(owner, ['notify', 'channel', 'list'])).stdout).toContain('ops@example.com');
    const tested = await runJson<{ status: string }>(owner, ['notify', 'channel', 'test', added.id, '--json']);
    expect(tested.status).toBe('delivered');
    const rules = await runJson<{ rules: { kind: string; channelIds: string[] }[] }>(owner, [
      'notify',
      'rules',
      'set',
      'backup.failed',
      added.id,
      '--json',
    ]);
    expect(rules.rules.find((r) => r.kind === 'backup.failed')?.channelIds).toEqual([added.id]);
    expect((await runOk(owner, ['notify', 'rules', 'get'])).stdout).toContain(added.id);
    // Failed updates are routed apart from failed deploys, the other rules kept.
    const updates = await runJson<{ rules: { kind: string; channelIds: string[] }[] }>(owner, [
      'notify',
      'rules',
      'set',
      'instance.update_failed',
      added.id,
      '--json',
    ]);
    const channelsOf = (kind: string) => updates.rules.find((r) => r.kind === kind)?.channelIds;
    expect(channelsOf('instance.update_failed')).toEqual([added.id]);
    expect(channelsOf('instance.deploy_failed')).toEqual([]);
    expect(channelsOf('backup.failed')).toEqual([added.id]);
    const listed = (await runOk(owner, ['notify', 'rules', 'get'])).stdout;
    expect(listed).toMatch(new RegExp(`instance\\.update_failed +${added.id}`));
    const bad = await owner.run(['notify', 'rules', 'set', 'nothing.happened']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('kind');
    await runOk(owner, ['notify', 'channel', 'remove', added.id]);
    expect((await runOk(owner, ['notify', 'channel', 'list'])).stdout).not.toContain('ops@example.com');
  }, 60_000);
});
