import { useQuery } from '@tanstack/react-query';
import { Alert } from '../../../components/alert';
import { ButtonLink } from '../../../components/button';
import { Loading } from '../../../components/layout';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * The guide's "Notification settings": where the organization's alerts go, in brief, and the
 * link to the page that holds the channels and the rules (both need manage:org_settings).
 */
export function NotificationSettings() {
  const trpc = useTRPC();
  const channels = useQuery(trpc.notifications.listChannels.queryOptions());
  const rules = useQuery(trpc.notifications.getRules.queryOptions());
  if (channels.isPending || rules.isPending) return <Loading what="notification settings" />;
  if (!channels.data || !rules.data) return <Alert>{messageOf(channels.error ?? rules.error)}</Alert>;
  const routed = rules.data.rules.filter((r) => r.channelIds.length > 0).length;
  return (
    <>
      <p>
        {plural(channels.data.total, 'channel', 'channels')}
        {channels.data.total > 0 ? ` (${channels.data.items.map((c) => c.name).join(', ')})` : ''};{' '}
        {plural(routed, 'kind', 'kinds')} of {rules.data.rules.length} routed to one.
      </p>
      <ButtonLink to="/notifications" variant="secondary">
        Notification channels and rules
      </ButtonLink>
    </>
  );
}
