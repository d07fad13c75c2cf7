import { useQuery } from '@tanstack/react-query';
import { Alert } from '../../components/alert';
import { Loading, Page, Section } from '../../components/layout';
import { messageOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { useMe } from '../../lib/use-me';
import { ChannelForm } from '../../features/notifications/components/channel-form';
import { ChannelsTable } from '../../features/notifications/components/channels-table';
import { RulesForm } from '../../features/notifications/components/rules-form';

/** Notification channels (with "Send test") and the rules that route events to them. */
export function NotificationsPage() {
  const trpc = useTRPC();
  const me = useMe();
  const channels = useQuery(trpc.notifications.listChannels.queryOptions());
  const rules = useQuery(trpc.notifications.getRules.queryOptions());
  if (channels.isPending || rules.isPending || me.isPending) return <Loading what="notifications" />;
  const error = channels.error ?? rules.error ?? me.error;
  if (error || !channels.data || !rules.data || !me.data) return <Alert>{messageOf(error)}</Alert>;
  return (
    <Page
      key={me.data.organization?.id ?? 'none'}
      title="Notifications"
      description="Where alerts about instances, backups, certificates, domains and servers are sent."
    >
      <Section title="Channels">
        <ChannelsTable channels={channels.data.items} />
      </Section>
      <Section title="Add a channel">
        <ChannelForm />
      </Section>
      <Section title="Rules" description="Which notifications go to which channels.">
        <RulesForm
          rules={rules.data}
          channels={channels.data.items}
          isAgency={Boolean(me.data.organization?.agencyEnabled)}
        />
      </Section>
    </Page>
  );
}
