import type { ReactNode } from 'react';
import { Button } from './button';
import { EmptyState } from './empty-state';
import { Field, SelectField } from './field';

export interface ListSearchProps {
  /** What the list holds, plural: "servers". */
  what: string;
  search: string;
  onSearch: (search: string) => void;
  /** Filters of the list (selects), beside the search box. */
  children?: ReactNode;
}

/** The search box of a list, applied on submit; filters beside it apply as they change. */
export function ListSearch({ what, search, onSearch, children }: ListSearchProps) {
  return (
    <form
      // A new search in the URL (back button, a link) shows in the box.
      key={search}
      role="search"
      className="form form-inline list-search"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const value = new FormData(event.currentTarget).get('q');
        onSearch(typeof value === 'string' ? value : '');
      }}
    >
      <div className="filter-row">
        <Field label={`Search ${what}`} name="q" type="search" defaultValue={search} autoComplete="off" />
        {children}
      </div>
      <div className="form-actions">
        <Button type="submit" variant="secondary">
          Search
        </Button>
        {search ? (
          <Button variant="ghost" onClick={() => onSearch('')}>
            Clear search
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** The next page's button, while there is one. */
export function LoadMore({
  query,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  if (!query.hasNextPage) return null;
  return (
    <div className="form-actions">
      <Button
        variant="secondary"
        pending={query.isFetchingNextPage}
        pendingLabel="Loading…"
        onClick={() => void query.fetchNextPage()}
      >
        Load more
      </Button>
    </div>
  );
}

/** What an empty list says: nothing matches the search or filters, or there is nothing yet. */
export function NoMatches({ what, filtered, children }: { what: string; filtered: boolean; children?: ReactNode }) {
  return filtered ? (
    <EmptyState title={`No ${what} match`}>Try other words, or clear the search and filters.</EmptyState>
  ) : (
    <EmptyState title={`No ${what} yet`}>{children}</EmptyState>
  );
}

export interface ListFilterProps {
  label: string;
  /** The filter's name in the URL and the API: "status". */
  name: string;
  /** The first choice, which filters nothing: "Any status". */
  any: string;
  /** The filter the list applies now; undefined for none. */
  value: string | undefined;
  /** Each choice, its value shown as it is or with a label of its own. */
  options: readonly (string | { value: string; label: string })[];
  /** Sets the filter: ListParams' setFilter. */
  onChange: (name: string, value: string) => void;
}

/** A filter of a list beside its search box: a select that applies as it changes. */
export function ListFilter({ label, name, any, value, options, onChange }: ListFilterProps) {
  return (
    <SelectField label={label} value={value ?? ''} onChange={(event) => onChange(name, event.target.value)}>
      <option value="">{any}</option>
      {options.map((option) => {
        const choice = typeof option === 'string' ? { value: option, label: option } : option;
        return (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        );
      })}
    </SelectField>
  );
}
