import { Page, Section } from '../../components/layout';
import { hasPermission, useMe } from '../../lib/use-me';
import { PermissionNote } from '../../features/auth/components/permission-note';
import { RequirePermission } from '../../features/auth/components/require-permission';
import { CreateServerForm } from '../../features/servers/components/create-server-form';
import { ServersList } from '../../features/servers/components/servers-list';

function ServersContent() {
  const me = useMe();
  const canManage = hasPermission(me.data, 'manage:servers');
  return (
    <Page title="Servers" description="The machines your instances and topologies run on, and whether they answer.">
      <ServersList canManage={canManage} />
      <Section title="Add a server">
        {canManage ? (
          <CreateServerForm />
        ) : (
          <PermissionNote action="Adding and deleting servers" permission="manage:servers" />
        )}
      </Section>
    </Page>
  );
}

export function ServersPage() {
  return (
    <RequirePermission permission="view:servers" title="Servers" what="its servers">
      <ServersContent />
    </RequirePermission>
  );
}
