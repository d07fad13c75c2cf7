import { ListSection } from '../../components/list-section';
import { Page, Section } from '../../components/layout';
import { hasPermission, useMe } from '../../lib/use-me';
import { PermissionNote } from '../../features/auth/components/permission-note';
import { RequirePermission } from '../../features/auth/components/require-permission';
import { useTopologies } from '../../features/topologies/api/use-topologies';
import { CreateTopologyForm } from '../../features/topologies/components/create-topology-form';
import { TopologiesTable } from '../../features/topologies/components/topologies-table';

function TopologiesContent() {
  const me = useMe();
  const topologies = useTopologies();
  const canManage = hasPermission(me.data, 'manage:topologies');
  return (
    <Page
      title="Topologies"
      description="How Odoo is laid out across your servers, from a single box to a highly available setup."
    >
      <ListSection title="Topologies" what="topologies" query={topologies}>
        {(list) => <TopologiesTable topologies={list.items} canManage={canManage} />}
      </ListSection>
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
