import { instanceSorts, instanceStatuses, type InstanceSort, type Project } from '@ocore/core';
import { ListFilter } from '../../../components/list-controls';
import { PagedList } from '../../../components/paged-list';
import { useListParams } from '../../../lib/use-list-params';
import { useInstancePages } from '../api/use-instances';
import { InstancesTable } from './instances-table';

export interface InstancesListProps {
  projects: readonly Project[];
  canManage: boolean;
}

/** The instances, searched by their and their server's names, filtered by status, sortable and paged; the state is in the URL. */
export function InstancesList({ projects, canManage }: InstancesListProps) {
  const params = useListParams<InstanceSort>(instanceSorts, ['status']);
  const status = instanceStatuses.find((s) => s === params.filters['status']);
  const instances = useInstancePages({ ...params.input, status });
  return (
    <PagedList
      title="Instances"
      what="instances"
      params={params}
      query={instances}
      filters={
        <ListFilter
          label="Filter by status"
          name="status"
          any="Any status"
          value={status}
          options={instanceStatuses}
          onChange={params.setFilter}
        />
      }
    >
      {(rows, empty) => (
        <InstancesTable
          instances={rows}
          projects={projects}
          canManage={canManage}
          sorting={params.sorting}
          empty={empty}
        />
      )}
    </PagedList>
  );
}
