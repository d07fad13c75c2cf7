import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /api/org/audit-log', () => {
  it('records actor, action, target, diff and address for every mutation, newest first', async () => {
    const owner = await t.signup();
    const dev = await t.joinAs(owner, 'Developer');
    await t.api('PUT', '/api/org', { token: owner.token, body: { name: 'Audited Org' } });
    const res = await t.api('GET', '/api/org/audit-log', { token: owner.token });
    expect(res.status).toBe(200);
    // The owner invites; the Developer joins by accepting (their own act, with the invitation).
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual([
      'organization.updated',
      'member.added',
      'invitation.created',
      'organization.created',
    ]);
    expect(res.body.items[1]).toMatchObject({
      actorUserId: dev.userId,
      actorEmail: dev.email,
      targetType: 'member',
      targetId: dev.userId,
      diff: { after: { email: dev.email, role: 'Developer' }, invitationId: expect.any(String) },
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(res.body.items[2]).toMatchObject({
      actorUserId: owner.user.id,
      targetType: 'invitation',
      diff: { after: { email: dev.email, role: 'Developer' } },
    });
  });

  it('filters by action, actor (email or id), target and time, and pages by cursor', async () => {
    const owner = await t.signup();
    const admin = await t.joinAs(owner, 'Admin');
    for (const n of [1, 2, 3]) await t.api('PUT', '/api/org', { token: admin.token, body: { name: `Name ${n}` } });
    const q = (query: string) => t.api('GET', `/api/org/audit-log?${query}`, { token: owner.token });

    expect((await q('action=organization.updated')).body.items).toHaveLength(3);
    // Three renames, and joining (accepting the invitation is the Admin's own act).
    expect((await q(`actor=${encodeURIComponent(admin.email)}`)).body.items).toHaveLength(4);
    expect((await q(`actor=${owner.user.id}`)).body.items.map((e: { action: string }) => e.action)).toEqual([
      'invitation.created',
      'organization.created',
    ]);
    expect((await q('targetType=member')).body.items).toHaveLength(1);
    expect(
      (await q(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).body.items,
    ).toHaveLength(0);
    expect(
      (await q(`until=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).body.items,
    ).toHaveLength(6);

    const first = await q('limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await q(`limit=2&cursor=${first.body.nextCursor}`);
    const third = await q(`limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items, ...third.body.items].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(6);
  });

  it('refuses bad filters with 400 naming them, and other roles without view:audit_log', async () => {
    const owner = await t.signup();
    const viewer = await t.joinAs(owner, 'Viewer');
    expect((await t.api('GET', '/api/org/audit-log?since=yesterday', { token: owner.token })).body.field).toBe('since');
    expect((await t.api('GET', '/api/org/audit-log?actor=not-a-uuid', { token: owner.token })).body).toMatchObject({
      error: 'NOT_FOUND',
      field: 'actor',
    });
    const upper = await t.api('GET', `/api/org/audit-log?actor=${encodeURIComponent(owner.user.email.toUpperCase())}`, {
      token: owner.token,
    });
    expect(upper.body.items.length).toBeGreaterThan(0);
    expect((await t.api('GET', '/api/org/audit-log?limit=1000', { token: owner.token })).body.field).toBe('limit');
    const denied = await t.api('GET', '/api/org/audit-log', { token: viewer.token });
    expect(denied.status).toBe(403);
    expect(denied.body.permission).toBe('view:audit_log');
  });

  it('shows nothing of another organization', async () => {
    const a = await t.signup();
    const b = await t.signup();
    await t.api('PUT', '/api/org', { token: b.token, body: { name: 'B secret rename' } });
    const res = await t.api('GET', '/api/org/audit-log', { token: a.token });
    expect(JSON.stringify(res.body)).not.toContain('B secret rename');
  });
});

describe('retention', () => {
  it('purges entries older than each organization’s auditRetentionDays through the durable job', async () => {
    const short = await t.signup();
    const long = await t.signup();
    await t.api('PUT', '/api/org/settings', { token: short.token, body: { auditRetentionDays: 30 } });
    const db = t.app.deps.database.db;
    for (const org of [short.organization.id, long.organization.id]) {
      await sql`insert into audit_log (organization_id, action, target_type, diff, created_at)
                values (${org}, 'old.thing', 'test', '{}', now() - interval '45 days')`.execute(db);
    }
    const jobs = t.app.jobs!;
    const jobId = await jobs.runNow('audit-log-purge');
    await expect
      .poll(async () => (await jobs.boss.getJobById('audit-log-purge', jobId!))?.state, {
        timeout: 20_000,
        interval: 200,
      })
      .toBe('completed');
    const left = await sql<{
      organizationId: string;
    }>`select organization_id from audit_log where action = 'old.thing'`.execute(db);
    expect(left.rows.map((r) => r.organizationId)).toEqual([long.organization.id]);
  });

  it('deletes at most each organization’s bulkBatchSize per round', async () => {
    const owner = await t.signup();
    await t.api('PUT', '/api/org/settings', { token: owner.token, body: { auditRetentionDays: 1, bulkBatchSize: 2 } });
    const db = t.app.deps.database.db;
    for (let i = 0; i < 5; i++) {
      await sql`insert into audit_log (organization_id, action, target_type, diff, created_at)
                values (${owner.organization.id}, 'batch.thing', 'test', '{}', now() - interval '3 days')`.execute(db);
    }
    const count = async () =>
      Number(
        (await sql<{ n: string }>`select count(*) as n from audit_log where action = 'batch.thing'`.execute(db))
          .rows[0]!.n,
      );
    await t.app.deps.store.audit.purgeExpired(new Date(), { retentionDays: 90, batchSize: 100 });
    expect(await count()).toBe(3);
    await t.app.deps.store.audit.purgeExpired(new Date(), { retentionDays: 90, batchSize: 100 });
    expect(await count()).toBe(1);
  });
});
