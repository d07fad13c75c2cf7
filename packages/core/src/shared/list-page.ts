import { decodeCursor, encodeCursor, type ListQuery, type Page, type SortKind } from './list-query.js';

/** How to read one sort key of a row, for lists kept in memory (the test store). */
export interface MemorySort<T> {
  kind: SortKind;
  value: (row: T) => string;
}

function compare(kind: SortKind, a: string, b: string): number {
  if (kind === 'int') return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The same page the database answers, over rows in memory: search in `searchable`, ordered by the
 * sort key then the id, after the cursor's row, at most `limit` rows.
 */
export function pageInMemory<T extends { id: string }>(
  rows: T[],
  query: ListQuery,
  sort: MemorySort<T>,
  searchable: (row: T) => (string | null)[],
): Page<T> {
  const needle = query.search?.toLowerCase();
  const matching = needle
    ? rows.filter((r) => searchable(r).some((text) => text?.toLowerCase().includes(needle)))
    : rows;
  const sign = query.direction === 'asc' ? 1 : -1;
  const byKey = (a: T, b: T) =>
    sign * (compare(sort.kind, sort.value(a), sort.value(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ordered = [...matching].sort(byKey);
  let start = 0;
  if (query.cursor) {
    const after = decodeCursor(query.cursor, query, sort.kind);
    const probe = { value: after.value, id: after.id };
    start = ordered.findIndex(
      (r) =>
        sign * (compare(sort.kind, sort.value(r), probe.value) || (r.id < probe.id ? -1 : r.id > probe.id ? 1 : 0)) > 0,
    );
    if (start < 0) start = ordered.length;
  }
  const limit = query.limit ?? ordered.length;
  const items = ordered.slice(start, start + limit);
  const last = items.at(-1);
  const more = start + limit < ordered.length;
  return {
    items,
    total: matching.length,
    nextCursor: more && last ? encodeCursor(query, sort.value(last), last.id) : null,
  };
}
