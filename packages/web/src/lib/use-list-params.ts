import { useSearchParams } from 'react-router';
import type { TableSorting } from '../components/table';

export type SortDirection = 'asc' | 'desc';

/** A list's sort, search and filters as the URL query string keeps them (`?q=&sort=&dir=&<filter>=`). */
export interface ListParams<S extends string> {
  search: string;
  sort: S | undefined;
  direction: SortDirection | undefined;
  filters: Record<string, string>;
  /** The API input: only what is set, so a list without any is the default order. */
  input: { search?: string; sort?: S; order?: SortDirection } & Record<string, string>;
  setSearch: (search: string) => void;
  setFilter: (name: string, value: string) => void;
  /** Sorts by `key`, ascending first; a second click turns the direction. */
  toggleSort: (key: S) => void;
  /** The table's sortable headers, wired to the same state. */
  sorting: TableSorting;
}

/** The list state in the URL, so a reload, the back button and a shared link keep it. */
export function useListParams<S extends string>(
  sorts: readonly S[],
  filterNames: readonly string[] = [],
): ListParams<S> {
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const rawSort = params.get('sort');
  const sort = sorts.find((s) => s === rawSort);
  const rawDir = params.get('dir');
  const direction: SortDirection | undefined = rawDir === 'asc' || rawDir === 'desc' ? rawDir : undefined;
  const filters = Object.fromEntries(
    filterNames.flatMap((name) => {
      const value = params.get(name);
      return value ? [[name, value]] : [];
    }),
  );
  const update = (change: (next: URLSearchParams) => void) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        change(next);
        return next;
      },
      { replace: true },
    );
  const toggleSort = (key: S) =>
    update((next) => {
      const again = sort === key && (direction ?? 'asc') === 'asc';
      next.set('sort', key);
      next.set('dir', again ? 'desc' : 'asc');
    });
  const set = (next: URLSearchParams, key: string, value: string) => (value ? next.set(key, value) : next.delete(key));
  return {
    search,
    sort,
    direction,
    filters,
    input: {
      ...filters,
      ...(search ? { search } : {}),
      ...(sort ? { sort, order: direction ?? 'asc' } : {}),
    },
    setSearch: (value) => update((next) => set(next, 'q', value.trim())),
    setFilter: (name, value) => update((next) => set(next, name, value)),
    toggleSort,
    sorting: { sort, direction, onSort: (key) => toggleSort(key as S) },
  };
}

/** How many rows a list asks for at a time; Load more asks for as many again. */
export const listPageSize = 25;

/** An infinite list query's next page: the cursor the last page answered (null at the end). */
export function nextCursorOf(page: { nextCursor: string | null }): string | null {
  return page.nextCursor;
}
