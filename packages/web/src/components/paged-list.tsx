import type { ReactNode } from 'react';
import { messageOf } from '../lib/errors';
import type { ListParams } from '../lib/use-list-params';
import { Alert } from './alert';
import { Loading, Section } from './layout';
import { ListSearch, LoadMore, NoMatches } from './list-controls';

/** What a list needs of its infinite query: the pages so far and how to ask for the next. */
export interface PagedQuery<T> {
  data?: { pages: readonly { items: readonly T[]; total: number }[] } | undefined;
  error: unknown;
  isPending: boolean;
  isError: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

export interface PagedListProps<T> {
  /** The heading; the count is added once the list is loaded: "Templates (3)". */
  title: string;
  /** What the list holds, plural: "templates". */
  what: string;
  params: Pick<ListParams<string>, 'search' | 'filters' | 'setSearch'>;
  query: PagedQuery<T>;
  description?: ReactNode;
  /** The list's filters (selects), beside the search box. */
  filters?: ReactNode;
  /** The table of the rows so far; `empty` is what it says when a search or filter matches nothing. */
  children: (rows: T[], empty: ReactNode | undefined) => ReactNode;
}

/**
 * A list section kept in the URL (see useListParams): the search box and filters, the rows
 * loaded so far with the number matching in the heading, and Load more while there are more.
 */
export function PagedList<T>({ title, what, params, query, description, filters, children }: PagedListProps<T>) {
  const rows = query.data?.pages.flatMap((page) => page.items) ?? [];
  const total = query.data?.pages[0]?.total;
  const filtered = Boolean(params.search) || Object.keys(params.filters).length > 0;
  return (
    <Section title={total === undefined ? title : `${title} (${total})`} description={description}>
      <ListSearch what={what} search={params.search} onSearch={params.setSearch}>
        {filters}
      </ListSearch>
      {query.isPending ? <Loading what={what} /> : null}
      {query.isError ? <Alert>{messageOf(query.error)}</Alert> : null}
      {query.data ? children(rows, filtered ? <NoMatches what={what} filtered /> : undefined) : null}
      <LoadMore query={query} />
    </Section>
  );
}
