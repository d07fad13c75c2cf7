import type { ReactNode } from 'react';
import { cx } from '../lib/cx';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned on wide screens, e.g. numbers and actions. */
  align?: 'end';
  /** Long content: on narrow screens the label goes above the value instead of beside it. */
  stacked?: boolean;
}

export interface TableProps<T> {
  /** Read by screen readers; the section heading says it to everyone else. */
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
}

/** A data table; on narrow screens each row becomes a card of label/value lines. */
export function Table<T>({ caption, columns, rows, rowKey, empty }: TableProps<T>) {
  if (rows.length === 0 && empty) return <>{empty}</>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={cx(column.align === 'end' && 'align-end')}>
                {column.header}
              </th>
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
