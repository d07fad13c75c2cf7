import type { ReactNode } from 'react';
import { messageOf } from '../lib/errors';
import { Alert } from './alert';
import { Loading, Section } from './layout';

export interface ListSectionProps<T extends { total: number }> {
  /** The heading; the count is added once the list is loaded: "Servers (3)". */
  title: string;
  /** What is being loaded, for the loading line: "servers". */
  what: string;
  query: { data?: T | undefined; error: unknown; isPending: boolean };
  description?: ReactNode;
  children: (list: T) => ReactNode;
}

/** A section showing a fetched list: loading, the failure, or the list with its count. */
export function ListSection<T extends { total: number }>({
  title,
  what,
  query,
  description,
  children,
}: ListSectionProps<T>) {
  const { data } = query;
  return (
    <Section title={data ? `${title} (${data.total})` : title} description={description}>
      {data ? children(data) : query.isPending ? <Loading what={what} /> : <Alert>{messageOf(query.error)}</Alert>}
    </Section>
  );
}
