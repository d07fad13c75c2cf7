import { beforeEach, describe, expect, it, vi } from 'vitest';
import { updateOrgSettings } from '../org-settings/org-settings.service.js';
import type { AuditEntry } from '../shared/events.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { caught, joinAs, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import type { ListAuditLogInput } from './audit.schema.js';
import { listAuditLog, purgeExpiredAuditEntries } from './audit.service.js';

const day = 86_400_000;

let deps: SettingsTestDeps;
let owner: SignedUp;

beforeEach(async () => {
  deps = createSettingsTestDeps();
  owner = await signUpUser(deps, 'Olive Owner');
});

type SeedFields = Partial<Pick<AuditEntry, 'action' | 'targetType' | 'actorUserId'>>;

async function record(organizationId: string, fields: SeedFields = {}) {
  await deps.store.audit.record({
    organizationId,
    actorUserId: owner.user.id,
    action: 'test.recorded',
    targetType: 'test',
    targetId: null,
    diff: {},
    ip: null,
    viaOrganizationId: null,
    ...fields,
  });
}

const entriesOf = (organizationId: string) => deps.store.state.audit.filter((a) => a.organizationId === organizationId);

describe('listAuditLog', () => {
  let vera: SignedUp;
  let other: SignedUp;

  beforeEach(async () => {
    vera = await joinAs(deps, owner.actor, 'Vera', 'Viewer');
    other = await signUpUser(deps, 'Otto');
    const org = owner.organization.id;
    const seeds: SeedFields[] = [
      { action: 'member.added', targetType: 'member' },
      { action: 'org_settings.updated', targetType: 'org_settings', actorUserId: vera.user.id },
      { action: 'member.added', targetType: 'member', actorUserId: vera.user.id },
      { action: 'organization.updated', targetType: 'organization' },
      { action: 'member.removed', targetType: 'member', actorUserId: null },
    ];
    for (const seed of seeds) {
      deps.clock.advance(60_000);
      await record(org, seed);
      await record(other.organization.id, { ...seed, actorUserId: other.user.id });
    }
  });

  /** The organization's entries that `keep` selects, newest first, as the service should list them. */
  const expected = (keep: (e: AuditEntry & { createdAt: string }) => boolean = () => true) =>
    entriesOf(owner.organization.id)
      .filter(keep)
      .map((e) => e.id)
      .reverse();

  const ids = async (input: ListAuditLogInput) =>
    (await listAuditLog(deps, owner.actor, { limit: 200, ...input })).items.map((e) => e.id);

  it("lists only the organization's entries, newest first, with the actor's email", async () => {
    const { items, nextCursor } = await listAuditLog(deps, owner.actor, {});
    expect(items.map((e) => e.id)).toEqual(expected());
    expect(items.length).toBeGreaterThan(5);
    expect(nextCursor).toBeNull();
    const times = items.map((e) => e.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(items[0]).toMatchObject({ action: 'member.removed', actorUserId: null, actorEmail: null });
    expect(items[1]).toMatchObject({
      action: 'organization.updated',
      actorUserId: owner.user.id,
      actorEmail: owner.user.email,
    });
    expect(items[0]).not.toHaveProperty('organizationId');
  });

  it('filters by action, target type and actor, by email or by id', async () => {
    expect(await ids({ action: 'member.added' })).toEqual(expected((e) => e.action === 'member.added'));
    expect(await ids({ targetType: 'member' })).toEqual(expected((e) => e.targetType === 'member'));
    expect(await ids({ actor: vera.user.email })).toEqual(expected((e) => e.actorUserId === vera.user.id));
    expect(await ids({ actor: owner.user.id })).toEqual(expected((e) => e.actorUserId === owner.user.id));
    // Vera's own acceptance of her invitation, and the seeded entry.
    expect(await ids({ actor: vera.user.id, action: 'member.added' })).toHaveLength(2);
    expect(await ids({ action: 'member.added' })).toHaveLength(3);
  });

  it('answers NOT_FOUND for an email no user has', async () => {
    const error = await caught(() => listAuditLog(deps, owner.actor, { actor: 'nobody@example.com' }));
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('filters by time, since inclusive and until exclusive', async () => {
    const seeded = entriesOf(owner.organization.id).slice(-5);
    const since = seeded[1]!.createdAt;
    const until = seeded[3]!.createdAt;
    expect(await ids({ since, until })).toEqual([seeded[2]!.id, seeded[1]!.id]);
    expect(await ids({ since })).toEqual(expected((e) => e.createdAt >= since));
    expect(await ids({ until })).toEqual(expected((e) => e.createdAt < until));
  });

  it('pages with limit and cursor through every entry exactly once', async () => {
    for (const [limit, filter] of [
      [1, {}],
      [2, {}],
      [3, {}],
      [7, {}],
      [2, { targetType: 'member' }],
      [3, { targetType: 'member' }],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listAuditLog(deps, owner.actor, { ...filter, limit, cursor });
        expect(page.items.length).toBeGreaterThan(0);
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor && pages <= 100);
      const all = expected((e) => !('targetType' in filter) || e.targetType === filter.targetType);
      expect(seen).toEqual(all);
      expect(pages).toBe(Math.ceil(all.length / limit));
    }
  });

  it('answers 50 entries by default', async () => {
    for (let i = 0; i < 60; i++) await record(owner.organization.id);
    const page = await listAuditLog(deps, owner.actor, {});
    expect(page.items).toHaveLength(50);
    expect(page.nextCursor).toBe(page.items[49]?.id);
  });

  it('refuses a Viewer with PERMISSION_DENIED naming view:audit_log', async () => {
    const error = await caught(() => listAuditLog(deps, vera.actor, {}));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'view:audit_log' });
  });
});

describe('purgeExpiredAuditEntries', () => {
  it("deletes what is older than each organization's retention", async () => {
    const other = await signUpUser(deps, 'Otto');
    await updateOrgSettings(deps, owner.actor, { auditRetentionDays: 10 });
    for (let i = 0; i < 3; i++) {
      await record(owner.organization.id);
      await record(other.organization.id);
    }
    const ownCount = entriesOf(owner.organization.id).length;
    deps.clock.advance(10 * day);
    expect(await purgeExpiredAuditEntries(deps)).toBe(0);
    deps.clock.advance(1);
    expect(await purgeExpiredAuditEntries(deps)).toBe(ownCount);
    expect(entriesOf(owner.organization.id)).toHaveLength(0);
    expect(entriesOf(other.organization.id)).toHaveLength(4);
  });

  it('keeps 90 days for an organization that saved no settings', async () => {
    for (let i = 0; i < 149; i++) await record(owner.organization.id);
    deps.clock.advance(90 * day);
    expect(await purgeExpiredAuditEntries(deps)).toBe(0);
    expect(entriesOf(owner.organization.id)).toHaveLength(150);
    deps.clock.advance(1);
    const purge = vi.spyOn(deps.store.audit, 'purgeExpired');
    expect(await purgeExpiredAuditEntries(deps)).toBe(150);
    expect(purge.mock.settledResults.map((r) => r.value)).toEqual([100, 50, 0]);
    expect(purge.mock.calls[0]).toEqual([deps.clock.now(), { retentionDays: 90, batchSize: 100 }]);
    expect(deps.store.state.settings.has(owner.organization.id)).toBe(false);
  });

  it("deletes in rounds of each organization's bulkBatchSize until none is left", async () => {
    const other = await signUpUser(deps, 'Otto');
    await updateOrgSettings(deps, owner.actor, { auditRetentionDays: 1, bulkBatchSize: 3 });
    for (let i = 0; i < 8; i++) await record(owner.organization.id);
    await record(other.organization.id);
    const ownCount = entriesOf(owner.organization.id).length;
    expect(ownCount).toBe(10);
    deps.clock.advance(2 * day);
    const left: number[] = [];
    const original = deps.store.audit.purgeExpired.bind(deps.store.audit);
    const purge = vi.spyOn(deps.store.audit, 'purgeExpired').mockImplementation(async (...args) => {
      const deleted = await original(...args);
      left.push(entriesOf(owner.organization.id).length);
      return deleted;
    });
    expect(await purgeExpiredAuditEntries(deps)).toBe(10);
    expect(purge.mock.settledResults.map((r) => r.value)).toEqual([3, 3, 3, 1, 0]);
    expect(left).toEqual([7, 4, 1, 0, 0]);
    expect(entriesOf(other.organization.id)).toHaveLength(2);
  });
});
