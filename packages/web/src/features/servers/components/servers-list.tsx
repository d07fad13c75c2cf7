import { serverStatuses, serverSorts, type ServerSort } from '@ocore/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { ListFilter } from '../../../components/list-controls';
import { PagedList } from '../../../components/paged-list';
import { listPageSize, nextCursorOf, useListParams } from '../../../lib/use-list-params';
import { useTRPC } from '../../../lib/trpc';
import { ServersTable } from './servers-table';

/** The servers, searchable by name, filtered by status, sortable and paged; the state is in the URL. */
export function ServersList({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const params = useListParams<ServerSort>(serverSorts, ['status']);
  const servers = useInfiniteQuery(
    trpc.servers.list.infiniteQueryOptions(
      { ...params.input, limit: listPageSize },
      { getNextPageParam: nextCursorOf },
    ),
  );
  return (
    <PagedList
      title="Servers"
      what="servers"
      params={params}
      query={servers}
      filters={
        <ListFilter
          label="Filter by status"
          name="status"
          any="Any status"
          value={params.filters['status']}
          options={serverStatuses}
          onChange={params.setFilter}
        />
      }
    >
      {(rows, empty) => <ServersTable servers={rows} canManage={canManage} sorting={params.sorting} empty={empty} />}
    </PagedList>
  );
}
