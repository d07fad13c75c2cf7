import type { Me } from '@ocore/core';
import { useQuery } from '@tanstack/react-query';
import { Alert } from '../../components/alert';
import { ButtonLink } from '../../components/button';
import { EmptyState } from '../../components/empty-state';
import { LiveIndicator } from '../../components/live-indicator';
import { Loading, Page, Section } from '../../components/layout';
import { messageOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { hasPermission, useMe } from '../../lib/use-me';
import { usePlacementServers } from '../../lib/use-servers';
import { PermissionNote } from '../../features/auth/components/permission-note';
import { RequirePermission } from '../../features/auth/components/require-permission';
import { useProjects } from '../../features/instances/api/use-instances';
import { useInstanceStatusLive } from '../../features/instances/api/use-instances-live';
import { CreateInstanceForm } from '../../features/instances/components/create-instance-form';
import { InstancesList } from '../../features/instances/components/instances-list';

function CreateSection({ me }: { me: Me }) {
  const trpc = useTRPC();
  const canSeeTemplates = hasPermission(me, 'view:templates');
  const servers = usePlacementServers();
  const templates = useQuery(trpc.templates.list.queryOptions(undefined, { enabled: canSeeTemplates }));
  const projects = useProjects();
  const subscription = useQuery(trpc.settings.subscriptionStatus.queryOptions());
  const body = () => {
    const failed = servers.error ?? projects.error ?? subscription.error ?? templates.error;
    if (failed) return <Alert>{messageOf(failed)}</Alert>;
    if (!servers.data || !projects.data || !subscription.data || (canSeeTemplates && !templates.data)) {
      return <Loading what="servers, templates and projects" />;
    }
    if (servers.data.items.length === 0) {
      return (
        <EmptyState title="No servers to run it on" action={<ButtonLink to="/servers">Add a server</ButtonLink>}>
          An instance runs on one of your servers: register one first.
        </EmptyState>
      );
    }
    return (
      <CreateInstanceForm
        servers={servers.data.items}
        templates={templates.data?.items ?? []}
        projects={projects.data.items}
        supportedVersions={subscription.data.supportedVersions}
      />
    );
  };
  return (
    <Section
      title="Create an instance"
      description="Provisions Odoo on a server: its database, configuration and container, then waits until it answers."
    >
      {body()}
    </Section>
  );
}

function InstancesContent() {
  const me = useMe();
  const projects = useProjects();
  const live = useInstanceStatusLive(true);
  if (!me.data) return <Loading what="instances" />;
  const canManage = hasPermission(me.data, 'manage:instances');
  return (
    <Page
      title="Instances"
      description="Your Odoo instances, their status as it changes, and where to reach them."
      actions={<LiveIndicator status={live} topic="Instance status" />}
    >
      <InstancesList projects={projects.data?.items ?? []} canManage={canManage} />
      {canManage && hasPermission(me.data, 'view:servers') ? (
        <CreateSection me={me.data} />
      ) : (
        <Section title="Create an instance">
          <PermissionNote action="Creating instances" permission="manage:instances" />
        </Section>
      )}
    </Page>
  );
}

export function InstancesPage() {
  return (
    <RequirePermission permission="view:instances" title="Instances" what="its instances">
      <InstancesContent />
    </RequirePermission>
  );
}
