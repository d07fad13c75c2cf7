import { topologySorts, type TopologySort } from '@ocore/core';
import { Page, Section } from '../../components/layout';
import { PagedList } from '../../components/paged-list';
import { useListParams } from '../../lib/use-list-params';
import { hasPermission, useMe } from '../../lib/use-me';
import { PermissionNote } from '../../features/auth/components/permission-note';
import { RequirePermission } from '../../features/auth/components/require-permission';
import { useTopologyPages } from '../../features/topologies/api/use-topologies';
import { CreateTopologyForm } from '../../features/topologies/components/create-topology-form';
import { TopologiesTable } from '../../features/topologies/components/topologies-table';

function TopologiesContent() {
  const me = useMe();
  const params = useListParams<TopologySort>(topologySorts);
  const topologies = useTopologyPages(params.input);
  const canManage = hasPermission(me.data, 'manage:topologies');
  return (
    <Page
      title="Topologies"
      description="How Odoo is laid out across your servers, from a single box to a highly available setup."
    >
      <PagedList title="Topologies" what="topologies" params={params} query={topologies}>
        {(rows, empty) => (
          <TopologiesTable topologies={rows} canManage={canManage} sorting={params.sorting} empty={empty} />
        )}
      </PagedList>
      <Section title="New topology">
        {canManage ? (
          <CreateTopologyForm />
        ) : (
          <PermissionNote action="Designing topologies" permission="manage:topologies" />
        )}
      </Section>
    </Page>
  );
}

export function TopologiesPage() {
  return (
    <RequirePermission permission="view:topologies" title="Topologies" what="its topologies">
      <TopologiesContent />
    </RequirePermission>
  );
}
