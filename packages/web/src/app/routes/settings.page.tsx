import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Alert } from '../../components/alert';
import { Loading, Page, Section } from '../../components/layout';
import { messageOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { hasPermission, useMe } from '../../lib/use-me';
import { DrSummary } from '../../features/disaster-recovery/components/dr-summary';
import { ExportButton } from '../../features/disaster-recovery/components/export-button';
import { ImportForm } from '../../features/disaster-recovery/components/import-form';
import { NotificationSettings } from '../../features/settings/components/notification-settings';
import { GeneralSettingsForm } from '../../features/settings/components/general-settings-form';
import { DefaultsSettingsForm } from '../../features/settings/components/defaults-settings-form';
import { PosthogSettingsForm } from '../../features/settings/components/posthog-settings-form';
import { PosthogTest } from '../../features/settings/components/posthog-test';
import { SubscriptionForm } from '../../features/settings/components/subscription-form';

/** Everything inside is shown but cannot be changed when `readOnly`. */
function Editable({ readOnly, children }: { readOnly: boolean; children: ReactNode }) {
  return (
    <fieldset className="plain-fieldset" disabled={readOnly}>
      {children}
    </fieldset>
  );
}

export function SettingsPage() {
  const trpc = useTRPC();
  const me = useMe();
  const settings = useQuery(trpc.settings.get.queryOptions());
  const subscription = useQuery(trpc.settings.subscriptionStatus.queryOptions());

  if (settings.isPending || subscription.isPending || me.isPending) return <Loading what="settings" />;
  const error = settings.error ?? subscription.error ?? me.error;
  if (error || !settings.data || !subscription.data || !me.data) return <Alert>{messageOf(error)}</Alert>;
  const canManage = hasPermission(me.data, 'manage:org_settings');
  // Forms start from the loaded values and results belong to one organization: a switch starts afresh.
  const orgKey = me.data.organization?.id ?? 'none';

  return (
    <Page
      key={orgKey}
      title="Settings"
      description={`Organization-wide configuration of ${me.data.organization?.name ?? 'this organization'}.`}
    >
      {canManage ? null : (
        <Alert tone="info">
          You can see these settings; changing them needs the <code>manage:org_settings</code> permission. Ask an Owner
          or Admin.
        </Alert>
      )}
      <Section title="General">
        <Editable readOnly={!canManage}>
          <GeneralSettingsForm settings={settings.data} />
        </Editable>
      </Section>
      <Section
        title="Instance defaults and DNS"
        description="What new instances get when a request leaves it out, and where DNS-01 records are published."
      >
        <Editable readOnly={!canManage}>
          <DefaultsSettingsForm settings={settings.data} />
        </Editable>
      </Section>
      <Section
        title="Notifications"
        description="Which alerts (instances, deploys and updates, backups, certificates, domains, servers) go to which email addresses, webhooks and Slack channels."
      >
        {canManage ? (
          <NotificationSettings />
        ) : (
          <p className="muted">
            Notification channels and rules need the <code>manage:org_settings</code> permission.
          </p>
        )}
      </Section>
      <Section title="PostHog" description="Product analytics for the Odoo instances of this organization.">
        <Editable readOnly={!canManage}>
          <PosthogSettingsForm settings={settings.data} />
        </Editable>
        {canManage ? <PosthogTest hasKey={settings.data.hasPosthogPersonalKey} /> : null}
      </Section>
      <Section
        title="Odoo Enterprise subscription"
        description="The code Odoo Enterprise instances are registered with."
      >
        <Editable readOnly={!canManage}>
          <SubscriptionForm
            hasCode={subscription.data.hasSubscriptionCode}
            supportedVersions={subscription.data.supportedVersions}
            lastValidation={subscription.data.lastValidation}
          />
        </Editable>
      </Section>
      {canManage ? (
        <>
          <Section
            title="Disaster recovery"
            description="A JSON file with this organization's roles, members and settings. Secrets stay encrypted under this server's master key."
          >
            <DrSummary />
            <ExportButton />
          </Section>
          <Section
            title="Restore from an export"
            description="Creates a new organization from an export file, with you as its Owner. Members are restored when they have an account on this server."
          >
            <ImportForm />
          </Section>
        </>
      ) : (
        <Section title="Disaster recovery">
          <p className="muted">
            Exporting and restoring the organization needs the <code>manage:org_settings</code> permission.
          </p>
        </Section>
      )}
    </Page>
  );
}
