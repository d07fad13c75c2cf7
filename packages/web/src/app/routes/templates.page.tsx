import type { Me, Template } from '@ocore/core';
import { useQuery } from '@tanstack/react-query';
import { Alert } from '../../components/alert';
import { ButtonLink } from '../../components/button';
import { EmptyState } from '../../components/empty-state';
import { ListSection } from '../../components/list-section';
import { Loading, Page, Section } from '../../components/layout';
import { messageOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { hasPermission, useMe } from '../../lib/use-me';
import { RequirePermission } from '../../features/auth/components/require-permission';
import { usePlacementServers } from '../../lib/use-servers';
import { useInstances, useTemplates } from '../../features/templates/api/use-templates';
import { CreateTemplateForm } from '../../features/templates/components/create-template-form';
import { InstancesTable } from '../../features/templates/components/instances-table';
import { ProvisionForm } from '../../features/templates/components/provision-form';
import { TemplatesList } from '../../features/templates/components/templates-list';

function NewTemplateSection() {
  const trpc = useTRPC();
  const subscription = useQuery(trpc.settings.subscriptionStatus.queryOptions());
  return (
    <Section title="New template">
      {subscription.data ? (
        <CreateTemplateForm supportedVersions={subscription.data.supportedVersions} />
      ) : (
        <Loading what="Odoo versions" />
      )}
    </Section>
  );
}

function ProvisionSection({ me, templates }: { me: Me; templates: readonly Template[] }) {
  const needed = ['manage:templates', 'manage:instances', 'view:servers'] as const;
  const allowed = needed.every((permission) => hasPermission(me, permission));
  const servers = usePlacementServers(allowed);
  const body = () => {
    if (!allowed) {
      return (
        <p className="muted">
          Provisioning needs the <code>manage:templates</code>, <code>manage:instances</code> and{' '}
          <code>view:servers</code> permissions.
        </p>
      );
    }
    if (servers.isPending) return <Loading what="servers" />;
    if (servers.isError) return <Alert>{messageOf(servers.error)}</Alert>;
    if (templates.length === 0) return <p className="muted">Create a template first.</p>;
    if (servers.data.items.length === 0) {
      return (
        <EmptyState title="No servers to provision on" action={<ButtonLink to="/servers">Add a server</ButtonLink>}>
          An instance runs on one of your servers: register one first.
        </EmptyState>
      );
    }
    return <ProvisionForm templates={templates} servers={servers.data.items} />;
  };
  return (
    <Section
      title="Provision an instance"
      description="Provisions a new instance from a template on one of your servers; follow it on its page under Instances."
    >
      {body()}
    </Section>
  );
}

function InstancesSection({ canManage, templates }: { canManage: boolean; templates: readonly Template[] }) {
  const instances = useInstances();
  const templateNames = new Map(templates.map((t) => [t.id, t.name]));
  return (
    <ListSection title="Instances" what="instances" query={instances}>
      {(list) => <InstancesTable instances={list.items} templateNames={templateNames} canManage={canManage} />}
    </ListSection>
  );
}

function TemplatesContent() {
  const me = useMe();
  const templates = useTemplates();
  if (templates.isPending || !me.data) return <Loading what="templates" />;
  if (templates.isError) return <Alert>{messageOf(templates.error)}</Alert>;
  const canManage = hasPermission(me.data, 'manage:templates');
  const items = templates.data.items;
  return (
    <Page
      title="Templates"
      description="Standard instance settings, to start new client instances the same way every time."
    >
      <TemplatesList canManage={canManage} />
      {canManage ? <NewTemplateSection /> : null}
      <ProvisionSection me={me.data} templates={items} />
      {hasPermission(me.data, 'view:instances') ? (
        <InstancesSection canManage={hasPermission(me.data, 'manage:instances')} templates={items} />
      ) : null}
    </Page>
  );
}

export function TemplatesPage() {
  return (
    <RequirePermission permission="view:templates" title="Templates" what="its templates">
      <TemplatesContent />
    </RequirePermission>
  );
}
