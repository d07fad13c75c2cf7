import { memberSorts, type Me, type MemberSort, type Role } from '@ocore/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { ListFilter } from '../../../components/list-controls';
import { PagedList } from '../../../components/paged-list';
import { useTRPC } from '../../../lib/trpc';
import { listPageSize, nextCursorOf, useListParams } from '../../../lib/use-list-params';
import { MembersTable } from './members-table';

export interface MembersListProps {
  me: Me;
  roles: readonly Role[];
  audience: 'platform' | 'client';
}

/** The members, searched by name and email, filtered by role, sortable and paged; the state is in the URL. */
export function MembersList({ me, roles, audience }: MembersListProps) {
  const trpc = useTRPC();
  const params = useListParams<MemberSort>(memberSorts, ['roleId']);
  // A role this organization does not have (an old link) is no filter.
  const role = roles.find((r) => r.id === params.filters['roleId']);
  const members = useInfiniteQuery(
    trpc.members.list.infiniteQueryOptions(
      { ...params.input, roleId: role?.id, limit: listPageSize },
      { getNextPageParam: nextCursorOf },
    ),
  );
  return (
    <PagedList
      title="Members"
      what="members"
      params={params}
      query={members}
      filters={
        <ListFilter
          label="Filter by role"
          name="roleId"
          any="Any role"
          value={role?.id}
          options={roles.map((r) => ({ value: r.id, label: r.name }))}
          onChange={params.setFilter}
        />
      }
    >
      {(rows, empty) => (
        <MembersTable members={rows} roles={roles} me={me} audience={audience} sorting={params.sorting} empty={empty} />
      )}
    </PagedList>
  );
}
