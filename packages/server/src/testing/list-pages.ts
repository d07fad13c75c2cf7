import { expect } from 'vitest';
import type { TestApp } from './test-app.js';

type Page = { items: { id: string }[]; total: number; nextCursor: string | null };

/** Walks every page of a REST list with `query`, checking each answer; the ids in order and the totals. */
export async function allPages(
  t: TestApp,
  token: string,
  path: string,
  query: Record<string, string | number>,
): Promise<{ ids: string[]; totals: number[]; items: Record<string, unknown>[] }> {
  const ids: string[] = [];
  const totals: number[] = [];
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const params = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
    if (cursor) params.set('cursor', cursor);
    const res: { status: number; body: Page } = await t.api('GET', `${path}?${params}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(...res.body.items.map((c) => c.id));
    items.push(...(res.body.items as Record<string, unknown>[]));
    totals.push(res.body.total);
    cursor = res.body.nextCursor;
    expect(++pages).toBeLessThan(100);
  } while (cursor);
  return { ids, totals, items };
}

/** Checks that a bad cursor is a 400 naming the field. */
export async function expectBadCursor(t: TestApp, token: string, path: string): Promise<void> {
  for (const cursor of [
    'junk',
    Buffer.from('["name","asc","x","not-a-uuid"]').toString('base64url'),
    Buffer.from('{"a":1}').toString('base64url'),
  ]) {
    const res = await t.api('GET', `${path}?limit=2&cursor=${cursor}`, { token });
    expect(res.status, cursor).toBe(400);
    expect(res.body.message).toMatch(/cursor/);
  }
}
