import { Link, useParams } from 'react-router';
import { Alert } from '../../components/alert';
import { Loading, Page, Section } from '../../components/layout';
import { messageOf } from '../../lib/errors';
import { hasPermission, useMe } from '../../lib/use-me';
import { PermissionNote } from '../../features/auth/components/permission-note';
import { RequirePermission } from '../../features/auth/components/require-permission';
import { useServer } from '../../lib/use-servers';
import { EditServerForm } from '../../features/servers/components/edit-server-form';
import { HostKeyPanel } from '../../features/servers/components/host-key-panel';
import { ServerStatusBadge } from '../../features/servers/components/server-status-badge';
import { CheckServerButton } from '../../features/servers/components/check-server-button';

function ServerContent({ id }: { id: string }) {
  const me = useMe();
  const server = useServer(id);
  const canManage = hasPermission(me.data, 'manage:servers');
  if (server.isPending) return <Loading what="the server" />;
  if (server.isError) return <Alert>{messageOf(server.error)}</Alert>;
  return (
    <Page
      title={server.data.name}
      description={<ServerStatusBadge server={server.data} />}
      actions={canManage ? <CheckServerButton server={server.data} size="md" /> : undefined}
    >
      <Section title="Edit server">
        {canManage ? (
          // A fresh form per server: its fields start from that server's values.
          <EditServerForm key={server.data.id} server={server.data} />
        ) : (
          <PermissionNote action="Changing servers" permission="manage:servers" />
        )}
      </Section>
      <Section title="SSH host key">
        <HostKeyPanel server={server.data} canManage={canManage} />
      </Section>
    </Page>
  );
}

/** One server: its settings, SSH access and pinned host key (deploy failures send users here). */
export function ServerEditPage() {
  const { serverId = '' } = useParams();
  return (
    <RequirePermission permission="view:servers" title="Server" what="its servers">
      <p className="breadcrumb">
        <Link to="/servers">← All servers</Link>
      </p>
      <ServerContent id={serverId} />
    </RequirePermission>
  );
}
