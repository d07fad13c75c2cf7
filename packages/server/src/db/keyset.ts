import { containsPattern, decodeCursor, encodeCursor, type ListQuery, type SortKind } from '@ocore/core';
import { sql, type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';

/** One sort key of a list: the column or expression it orders by and how its value travels. */
export interface KeysetSort {
  expr: RawBuilder<unknown>;
  kind: SortKind;
}

/** The sort key as text for a cursor: an instant to the microsecond in UTC (a Date keeps milliseconds only). */
function keyText(sort: KeysetSort): RawBuilder<string> {
  if (sort.kind === 'time')
    return sql<string>`to_char(${sort.expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  return sql<string>`(${sort.expr})::text`;
}

function keyValue(kind: SortKind, value: string): RawBuilder<unknown> {
  if (kind === 'time') return sql`${value}::timestamptz`;
  if (kind === 'int') return sql`${value}::bigint`;
  return sql`${value}::text`;
}

/** `expr ILIKE %search%` over any of the columns, the search's wildcards taken literally. */
export function matchesAny(search: string, columns: RawBuilder<unknown>[]): RawBuilder<SqlBool> {
  const pattern = containsPattern(search);
  return sql<SqlBool>`(${sql.join(
    columns.map((c) => sql`${c} ilike ${pattern}`),
    sql` or `,
  )})`;
}

/**
 * One keyset page of `base` (already narrowed to the organization, search and filters): ordered by
 * the sort key with the id as a stable tiebreak, after the cursor's row, at most `limit` rows (all
 * without one), with the number of matching rows and the cursor of the next page.
 */
export async function keysetPage<DB, TB extends keyof DB, O>(
  base: SelectQueryBuilder<DB, TB, O>,
  /** `count: false` leaves the total to the caller (0 here): a kept count is cheaper than counting. */
  options: { query: ListQuery; sort: KeysetSort; id: RawBuilder<unknown>; count?: boolean },
): Promise<{ rows: O[]; total: number; nextCursor: string | null }> {
  const { query, sort, id, count: counted = true } = options;
  let page = base.select(keyText(sort).as('keysetValue')).select(sql<string>`(${id})::text`.as('keysetId'));
  if (query.cursor) {
    const after = decodeCursor(query.cursor, query, sort.kind);
    const op = sql.raw(query.direction === 'asc' ? '>' : '<');
    page = page.where(
      sql<SqlBool>`(${sort.expr}, ${id}) ${op} (${keyValue(sort.kind, after.value)}, ${after.id}::uuid)` as Expression<SqlBool> as never,
    );
  }
  const direction = sql.raw(query.direction);
  page = page.orderBy(sql`${sort.expr} ${direction}` as never).orderBy(sql`${id} ${direction}` as never);
  if (query.limit) page = page.limit(query.limit + 1);
  const [rows, count] = await Promise.all([
    page.execute(),
    counted
      ? (base
          .clearSelect()
          .select(sql<string>`count(*)`.as('n'))
          .executeTakeFirst() as Promise<{ n: string } | undefined>)
      : undefined,
  ]);
  const limit = query.limit ?? rows.length;
  const more = rows.length > limit;
  const kept = rows.slice(0, limit) as (O & { keysetValue: string; keysetId: string })[];
  const last = kept.at(-1);
  return {
    rows: kept.map(({ keysetValue: _v, keysetId: _i, ...row }) => row as unknown as O),
    total: Number(count?.n ?? 0),
    nextCursor: more && last ? encodeCursor(query, last.keysetValue, last.keysetId) : null,
  };
}
