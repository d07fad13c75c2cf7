import type { ReactNode } from 'react';
import { cx } from '../lib/cx';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned on wide screens, e.g. numbers and actions. */
  align?: 'end';
  /** Long content: on narrow screens the label goes above the value instead of beside it. */
  stacked?: boolean;
  /** The list's sort key this column sorts by; its header becomes a button. */
  sortKey?: string;
}

/** The sort a table shows and how to change it (a list kept in the URL: see useListParams). */
export interface TableSorting {
  sort: string | undefined;
  direction: 'asc' | 'desc' | undefined;
  onSort: (key: string) => void;
}

function HeaderCell<T>({ column, sorting }: { column: Column<T>; sorting: TableSorting | undefined }) {
  const className = cx(column.align === 'end' && 'align-end');
  if (!column.sortKey || !sorting) {
    return (
      <th scope="col" className={className}>
        {column.header}
      </th>
    );
  }
  const active = sorting.sort === column.sortKey;
  const direction = active ? (sorting.direction ?? 'asc') : undefined;
  const key = column.sortKey;
  return (
    <th
      scope="col"
      className={className}
      aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : undefined}
    >
      <button type="button" className="sort-button" onClick={() => sorting.onSort(key)}>
        {column.header}
        <span aria-hidden="true" className="sort-mark">
          {direction === 'asc' ? ' ▲' : direction === 'desc' ? ' ▼' : ' ↕'}
        </span>
      </button>
    </th>
  );
}

export interface TableProps<T> {
  /** Read by screen readers; the section heading says it to everyone else. */
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  sorting?: TableSorting;
}

/** A data table; on narrow screens each row becomes a card of label/value lines. */
export function Table<T>({ caption, columns, rows, rowKey, empty, sorting }: TableProps<T>) {
  if (rows.length === 0 && empty) return <>{empty}</>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <HeaderCell key={column.header} column={column} sorting={sorting} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td
                  key={column.header}
                  data-label={column.header}
                  className={cx(column.align === 'end' && 'align-end', column.stacked && 'cell-stacked')}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
