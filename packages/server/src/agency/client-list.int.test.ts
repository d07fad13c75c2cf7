import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

type Page = { items: { id: string; name: string }[]; total: number; nextCursor: string | null };

async function allPages(token: string, limit: number): Promise<{ ids: string[]; totals: number[] }> {
  const ids: string[] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: Page } = await t.api(
      'GET',
      `/api/agency/clients?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      { token },
    );
    expect(res.status).toBe(200);
    ids.push(...res.body.items.map((c) => c.id));
    totals.push(res.body.total);
    cursor = res.body.nextCursor;
  } while (cursor);
  return { ids, totals };
}

describe('the client list', () => {
  it('counts clients as they are created (also in parallel) and deleted', async () => {
    const agency = await t.agency();
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.api('POST', '/api/agency/clients', { token: agency.token, body: { name: `Parallel ${i}` } }),
      ),
    );
    expect(created.every((r) => r.status === 201)).toBe(true);
    expect((await t.api('GET', '/api/agency/clients?limit=1', { token: agency.token })).body.total).toBe(8);
    const gone = created[3]!.body as { id: string; slug: string };
    expect(
      (await t.api('DELETE', `/api/agency/clients/${gone.id}`, { token: agency.token, body: { confirm: gone.slug } }))
        .status,
    ).toBeLessThan(300);
    expect((await t.api('GET', '/api/agency/clients?limit=1', { token: agency.token })).body.total).toBe(7);
    // Another agency's count is its own.
    const other = await t.agency();
    expect((await t.api('GET', '/api/agency/clients', { token: other.token })).body.total).toBe(0);
  });

  it('pages through clients created in the same instant, each once, in order', async () => {
    const agency = await t.agency();
    // One statement: every row has the same created_at, to the microsecond.
    await sql`
      insert into organizations (name, slug, parent_organization_id)
      select 'Batch ' || g, 'batch-' || g || '-' || ${agency.organization.id}::text, ${agency.organization.id}::uuid from generate_series(1, 7) g
    `.execute(t.app.deps.database.db);
    const { ids, totals } = await allPages(agency.token, 2);
    expect(new Set(ids).size).toBe(7);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(new Set(totals)).toEqual(new Set([7]));
  });

  it('pages across microseconds a millisecond cursor would lose', async () => {
    const agency = await t.agency();
    await sql`
      insert into organizations (name, slug, parent_organization_id, created_at)
      select 'Micro ' || g, 'micro-' || g || '-' || ${agency.organization.id}::text, ${agency.organization.id}::uuid,
             timestamptz '2026-11-24 10:00:00.123000+00' + g * interval '100 microseconds'
      from generate_series(1, 6) g
    `.execute(t.app.deps.database.db);
    const { ids } = await allPages(agency.token, 1);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });

  it('refuses a cursor that is not one of its own, naming the field', async () => {
    const agency = await t.agency();
    for (const cursor of [
      'junk',
      Buffer.from('2026-11-24T10:00:00.000Z|not-a-uuid').toString('base64url'),
      Buffer.from('x|00000000-0000-0000-0000-000000000000').toString('base64url'),
    ]) {
      const res = await t.api('GET', `/api/agency/clients?cursor=${cursor}`, { token: agency.token });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/cursor/);
    }
  });

  it('lets an agency with clients be deleted, its clients with it', async () => {
    const agency = await t.agency();
    await t.client(agency, 'Goes too');
    const res = await t.api('DELETE', '/api/org', { token: agency.token, body: { confirm: agency.organization.slug } });
    expect(res.status).toBeLessThan(300);
  });
});
