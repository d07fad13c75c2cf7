import { z } from 'zod';
import { DomainError } from './domain-error.js';

/**
 * One mechanism for every list: a search text, filters of the list's own, a sort from the
 * list's closed set, a direction, a bounded limit and an opaque keyset cursor. Without a limit a
 * list answers all its rows, as it did before it had pages.
 */
export const listLimits = { maxLimit: 200, maxSearch: 100 } as const;

export const sortDirections = ['asc', 'desc'] as const;
export type SortDirection = (typeof sortDirections)[number];

/** How a sort key travels in a cursor and is compared: text, an ISO instant, or an integer. */
export type SortKind = 'text' | 'time' | 'int';

export interface ListQuery<S extends string = string> {
  search?: string | undefined;
  sort: S;
  direction: SortDirection;
  limit?: number | undefined;
  cursor?: string | undefined;
}

const cursorMessage = 'must be the nextCursor of a previous page';

/** The input of a list: `sorts` is its closed set of sort keys, `filters` its own fields. */
export function listQueryInput<
  const S extends readonly [string, ...string[]],
  F extends z.ZodRawShape = Record<never, never>,
>(sorts: S, filters?: F) {
  return z
    .object({
      search: z
        .string()
        .trim()
        .max(listLimits.maxSearch, `must be at most ${listLimits.maxSearch} characters`)
        .optional()
        .describe('Text to look for (case-insensitive)'),
      sort: z.enum(sorts, { message: `must be one of ${sorts.join(', ')}` }).optional(),
      // Not `direction`: tRPC's infinite queries send their own (`forward`) under that name.
      order: z.enum(sortDirections, { message: 'must be asc or desc' }).optional(),
      limit: z.coerce
        .number()
        .int('must be a whole number')
        .min(1, `must be 1-${listLimits.maxLimit}`)
        .max(listLimits.maxLimit, `must be 1-${listLimits.maxLimit}`)
        .optional(),
      cursor: z
        .string()
        .max(1000, cursorMessage)
        .regex(/^[A-Za-z0-9_-]+$/, cursorMessage)
        .optional()
        .describe('nextCursor of the previous page'),
      ...(filters ?? ({} as F)),
    })
    .optional();
}

/** A page of a list: its rows, how many match in all, and the cursor of the next page (null at the end). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), nextCursor: z.string().nullable() });
}

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/** The query with its defaults filled in. */
export function withListDefaults<S extends string>(
  input:
    | {
        search?: string | undefined;
        sort?: S | undefined;
        order?: SortDirection | undefined;
        limit?: number | undefined;
        cursor?: string | undefined;
      }
    | undefined,
  defaults: { sort: S; direction: SortDirection },
): ListQuery<S> {
  return {
    search: input?.search || undefined,
    sort: input?.sort ?? defaults.sort,
    direction: input?.order ?? (input?.sort ? 'asc' : defaults.direction),
    limit: input?.limit,
    cursor: input?.cursor,
  };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const valuePatterns: Record<SortKind, RegExp> = {
  text: /^[\s\S]{0,400}$/,
  time: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/,
  int: /^-?\d{1,18}$/,
};

/** The cursor after a row: the sort it belongs to, the row's sort key and its id (the tiebreak). */
export function encodeCursor(query: Pick<ListQuery, 'sort' | 'direction'>, value: string, id: string): string {
  return Buffer.from(JSON.stringify([query.sort, query.direction, value, id])).toString('base64url');
}

/** The sort key and id a cursor holds; a cursor that is not one of this sort's is a 400 on `cursor`. */
export function decodeCursor(cursor: string, query: Pick<ListQuery, 'sort' | 'direction'>, kind: SortKind) {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    parts = undefined;
  }
  const bad = () => new DomainError('INVALID_INPUT', `cursor: ${cursorMessage}`, { field: 'cursor' });
  if (!Array.isArray(parts) || parts.length !== 4 || !parts.every((p) => typeof p === 'string')) throw bad();
  const [sort, direction, value, id] = parts as [string, string, string, string];
  if (!uuid.test(id) || !valuePatterns[kind].test(value)) throw bad();
  if (sort !== query.sort || direction !== query.direction)
    throw new DomainError('INVALID_INPUT', 'cursor: belongs to another sort order; start again without it', {
      field: 'cursor',
    });
  if (kind === 'time' && Number.isNaN(Date.parse(value))) throw bad();
  return { value, id };
}

/** A search text as a LIKE pattern that matches it anywhere, its wildcards taken literally. */
export function containsPattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
