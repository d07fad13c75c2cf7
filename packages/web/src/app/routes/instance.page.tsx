import type { Instance, Me } from '@ocore/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Alert } from '../../components/alert';
import { EmptyState } from '../../components/empty-state';
import { LiveIndicator } from '../../components/live-indicator';
import { Loading, Page, Section } from '../../components/layout';
import { httpStatusOf, messageOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { hasPermission, useMe } from '../../lib/use-me';
import { PermissionNote } from '../../features/auth/components/permission-note';
import { RequirePermission } from '../../features/auth/components/require-permission';
import { useInstance, useInstanceOperations, useProjects } from '../../features/instances/api/use-instances';
import { useInstanceOperationsLive, useInstanceStatusLive } from '../../features/instances/api/use-instances-live';
import { DeleteInstanceForm } from '../../features/instances/components/delete-instance-form';
import { CloneInstanceForm } from '../../features/instances/components/clone-instance-form';
import { EditInstanceForm } from '../../features/instances/components/edit-instance-form';
import { InstanceActions } from '../../features/instances/components/instance-actions';
import { InstanceDetails } from '../../features/instances/components/instance-details';
import { InstanceStatusBadge } from '../../features/instances/components/instance-status-badge';
import { InstanceTools } from '../../features/instances/components/instance-tools';
import { OperationsList } from '../../features/instances/components/operations-list';

function OperationsSection({ id }: { id: string }) {
  const operations = useInstanceOperations(id);
  const live = useInstanceOperationsLive(id);
  return (
    <Section title="Operations" description={<LiveIndicator status={live} topic="Operation log" />}>
      {operations.data ? (
        <OperationsList operations={operations.data.items} />
      ) : operations.isPending ? (
        <Loading what="operations" />
      ) : (
        <Alert>{messageOf(operations.error)}</Alert>
      )}
    </Section>
  );
}

function ManageSections({ instance, me }: { instance: Instance; me: Me }) {
  const trpc = useTRPC();
  const projects = useProjects();
  const subscription = useQuery(trpc.settings.subscriptionStatus.queryOptions());
  if (!hasPermission(me, 'manage:instances')) {
    return (
      <Section title="Actions">
        <PermissionNote action="Starting, stopping, changing and deleting instances" permission="manage:instances" />
      </Section>
    );
  }
  return (
    <>
      <Section title="Actions">
        <InstanceActions instance={instance} />
      </Section>
      <Section
        title="Edit"
        description="Workers, variables, modules and the Odoo version are applied by an update operation."
      >
        {projects.data && subscription.data ? (
          // A fresh form per instance: its fields start from that instance's values.
          <EditInstanceForm
            key={instance.id}
            instance={instance}
            projects={projects.data.items}
            supportedVersions={subscription.data.supportedVersions}
          />
        ) : (
          <Loading what="projects" />
        )}
      </Section>
      <Section
        title="Clone to staging"
        description="A copy on the same server and in the same project: database, filestore, then neutralized."
      >
        <CloneInstanceForm instance={instance} />
      </Section>
      <Section
        title="Delete instance"
        description="Removes its container, database and volumes, unless you keep the data."
      >
        <DeleteInstanceForm instance={instance} />
      </Section>
    </>
  );
}

function InstanceContent({ id }: { id: string }) {
  const me = useMe();
  const instance = useInstance(id);
  const projects = useProjects();
  const live = useInstanceStatusLive(true, id);
  if (instance.isPending || !me.data) return <Loading what="the instance" />;
  if (instance.isError) {
    if (httpStatusOf(instance.error) === 404) {
      return <EmptyState title="This instance does not exist">It may have been deleted.</EmptyState>;
    }
    return <Alert>{messageOf(instance.error)}</Alert>;
  }
  const project = projects.data?.items.find((p) => p.id === instance.data.projectId);
  return (
    <Page
      title={instance.data.name}
      description={<InstanceStatusBadge instance={instance.data} brief />}
      actions={<LiveIndicator status={live} topic="Instance status" />}
    >
      <Section title="Details">
        <InstanceDetails instance={instance.data} project={project} />
      </Section>
      <Section title="Tools" description="Logs, monitoring, files, databases, a terminal and the Odoo shell.">
        <InstanceTools instanceId={id} />
      </Section>
      <ManageSections instance={instance.data} me={me.data} />
      <OperationsSection id={id} />
    </Page>
  );
}

/** One instance: status and address live, details, actions, edit, delete, operations with their logs. */
export function InstancePage() {
  const { instanceId = '' } = useParams();
  return (
    <RequirePermission permission="view:instances" title="Instance" what="its instances">
      <p className="breadcrumb">
        <Link to="/instances">← All instances</Link>
      </p>
      <InstanceContent id={instanceId} />
    </RequirePermission>
  );
}
