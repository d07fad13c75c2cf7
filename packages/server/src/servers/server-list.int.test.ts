import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPages, expectBadCursor } from '../testing/list-pages.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** Servers made in one statement: the same created_at to the microsecond; names in pairs, statuses alternating. */
async function seed(organizationId: string, prefix: string, count: number) {
  await sql`
    insert into servers (organization_id, name, host, port, ssh_user, cpu_cores, memory_mb, max_instances, status)
    select ${organizationId}::uuid, ${prefix} || ' ' || (g / 2), '127.0.0.' || g, 22, 'deploy', 2, 2048, 5,
           case when g % 2 = 0 then 'active' else 'maintenance' end
    from generate_series(1, ${count}) g
  `.execute(t.app.deps.database.db);
}

describe('the server list', () => {
  it('searches names, filters by status and sorts each way, paging rows with equal keys once each', async () => {
    const owner = await t.signup();
    await seed(owner.organization.id, 'Berlin', 7);
    await seed(owner.organization.id, 'Paris', 2);
    const all = await allPages(t, owner.token, '/api/servers', {});
    expect(all.ids).toHaveLength(9);
    expect(all.totals).toEqual([9]);

    for (const sort of ['name', 'createdAt', 'status']) {
      for (const direction of ['asc', 'desc']) {
        const { ids, items, totals } = await allPages(t, owner.token, '/api/servers', {
          sort,
          order: direction,
          limit: 2,
        });
        expect(new Set(ids).size, `${sort} ${direction}`).toBe(9);
        expect(new Set(totals)).toEqual(new Set([9]));
        const keys = items.map((s) => String(s[sort]));
        const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        if (sort !== 'name') expect(keys).toEqual(direction === 'asc' ? sorted : sorted.reverse());
      }
    }
    const found = await allPages(t, owner.token, '/api/servers', { search: 'paRIS', limit: 1 });
    expect(found.totals).toEqual([2, 2]);
    // Both were seeded at the same instant: their order is the id tiebreak's, so compare as a set.
    expect(found.items.map((s) => s['name']).sort()).toEqual(['Paris 0', 'Paris 1']);
    const active = await allPages(t, owner.token, '/api/servers', { status: 'active', search: 'berlin' });
    expect(active.items.every((s) => s['status'] === 'active')).toBe(true);
    expect(active.ids).toHaveLength(3);
    // A wildcard is a character to look for, not a pattern.
    expect((await allPages(t, owner.token, '/api/servers', { search: '%' })).ids).toHaveLength(0);
  });

  it('refuses a bad cursor, an unknown sort and a limit over the maximum, naming the field', async () => {
    const owner = await t.signup();
    await seed(owner.organization.id, 'Node', 3);
    await expectBadCursor(t, owner.token, '/api/servers');
    const page = await t.api('GET', '/api/servers?limit=1&sort=name', { token: owner.token });
    const otherSort = await t.api('GET', `/api/servers?limit=1&sort=status&cursor=${page.body.nextCursor}`, {
      token: owner.token,
    });
    expect(otherSort.status).toBe(400);
    expect(otherSort.body.message).toMatch(/cursor/);
    const sort = await t.api('GET', '/api/servers?sort=host', { token: owner.token });
    expect(sort.status).toBe(400);
    expect(JSON.stringify(sort.body)).toMatch(/sort/);
    expect((await t.api('GET', '/api/servers?limit=201', { token: owner.token })).status).toBe(400);
  });

  it("never finds another organization's servers", async () => {
    const a = await t.signup();
    const b = await t.signup();
    await seed(a.organization.id, 'Secret', 3);
    expect((await allPages(t, b.token, '/api/servers', { search: 'secret', limit: 1 })).ids).toEqual([]);
    const own = await t.api('GET', '/api/servers?limit=1', { token: a.token });
    // A cursor of one organization's page finds nothing of it in another.
    const res = await t.api('GET', `/api/servers?limit=1&cursor=${own.body.nextCursor}`, { token: b.token });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });
});
