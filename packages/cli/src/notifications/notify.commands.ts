import { notificationKinds, type Channel, type NotificationRules } from '@ocore/core';
import type { Command } from 'commander';
import { usageError } from '../shared/errors.js';
import { collectList, parseOnOff } from '../shared/option-parsers.js';
import { formatTable, formatTime, type CliIo } from '../shared/output.js';
import { readSecretFromStdin } from '../shared/password.js';
import { withQuery, withRef, withSession } from '../shared/session.js';

function formatChannels(list: { items: readonly Channel[] }): string {
  return formatTable(list.items, [
    { header: 'id', value: (c) => c.id },
    { header: 'name', value: (c) => c.name },
    { header: 'kind', value: (c) => c.kind },
    { header: 'to', value: (c) => (c.kind === 'email' ? c.addresses.join(', ') : (c.url ?? '')) },
    { header: 'enabled', value: (c) => (c.enabled ? 'yes' : 'no') },
  ]);
}

function formatRules(rules: NotificationRules): string {
  const table = formatTable(rules.rules, [
    { header: 'kind', value: (r) => r.kind },
    { header: 'channels', value: (r) => r.channelIds.join(', ') || '-' },
  ]);
  return `${table}\ncopy client notifications: ${rules.copyClientNotifications ? 'on' : 'off'}; coalescing window: ${rules.coalesceMinutes} minutes`;
}

interface AddOptions {
  name: string;
  kind: string;
  address: string[];
  url?: string;
  secretStdin?: boolean;
}

/** `ocore notify channel add|list|test|remove|deliveries`, `ocore notify rules get|set`. */
export function registerNotifyCommands(program: Command, io: CliIo): void {
  const notify = program.command('notify').description('notification channels and the rules that route events to them');
  const channel = notify.command('channel').description('email, signed webhook or Slack-compatible channels');

  channel
    .command('add')
    .description('add a channel (needs manage:org_settings)')
    .requiredOption('--name <name>', 'what the channel is called')
    .requiredOption('--kind <kind>', 'email, webhook or slack')
    .option('--address <email>', 'a recipient (email; repeat for several)', collectList, [])
    .option('--url <url>', 'where to post (webhook or Slack incoming webhook URL)')
    .option('--secret-stdin', 'read the webhook signing secret from standard input')
    .action(
      withSession<AddOptions>(io, async (session, o) => {
        if (o.kind !== 'email' && o.kind !== 'webhook' && o.kind !== 'slack')
          throw usageError('--kind: must be email, webhook or slack');
        const secret = o.secretStdin ? await readSecretFromStdin(io, '--secret-stdin', 'Signing secret') : undefined;
        const created = await session.signedIn().notifications.createChannel.mutate({
          name: o.name,
          kind: o.kind,
          ...(o.address.length ? { addresses: o.address } : {}),
          ...(o.url ? { url: o.url } : {}),
          ...(secret ? { secret: secret.trim() } : {}),
        });
        session.print(created, () => `Added ${created.kind} channel ${created.name}, id ${created.id}.`);
      }),
    );

  channel
    .command('list')
    .description('list the channels (never their secrets)')
    .action(withQuery(io, (api) => api.notifications.listChannels.query(), formatChannels));

  channel
    .command('test')
    .description('send a test notification now and show how it went')
    .argument('<id>', 'the channel id')
    .action(
      withRef(io, async (session, _options, id) => {
        const delivery = await session.signedIn().notifications.testChannel.mutate({ id });
        if (delivery.status !== 'delivered') process.exitCode = 1;
        session.print(delivery, () =>
          delivery.status === 'delivered'
            ? `Delivered${delivery.responseStatus ? ` (HTTP ${delivery.responseStatus})` : ''}.`
            : `Not delivered: ${delivery.lastError ?? delivery.status}`,
        );
      }),
    );

  channel
    .command('deliveries')
    .description("a channel's delivery log, newest first")
    .argument('<id>', 'the channel id')
    .action(
      withRef(io, async (session, _options, id) => {
        const log = await session.signedIn().notifications.deliveries.query({ id });
        session.print(log, () =>
          formatTable(log.items, [
            { header: 'at', value: (d) => formatTime(d.createdAt) },
            { header: 'kind', value: (d) => d.kind },
            { header: 'status', value: (d) => d.status },
            { header: 'attempts', value: (d) => String(d.attempts) },
            { header: 'error', value: (d) => d.lastError ?? '' },
          ]),
        );
      }),
    );

  channel
    .command('remove')
    .description('remove a channel (needs manage:org_settings)')
    .argument('<id>', 'the channel id')
    .action(
      withRef(io, async (session, _options, id) => {
        await session.signedIn().notifications.deleteChannel.mutate({ id });
        session.print({ removed: id }, () => `Removed channel ${id}.`);
      }),
    );

  const rules = notify.command('rules').description('which notifications go to which channels');
  rules
    .command('get')
    .description('show every kind with its channels')
    .action(withQuery(io, (api) => api.notifications.getRules.query(), formatRules));
  rules
    .command('set')
    .description(`route one kind to channels, keeping the others (kinds: ${notificationKinds.join(', ')})`)
    .argument('[kind]', 'the kind to route')
    .argument('[channelIds...]', 'its channels (none: it goes nowhere)')
    .option(
      '--copy-client-notifications <on|off>',
      "an agency: also send clients' notifications to its channels",
      parseOnOff,
    )
    .action(
      withSession<{ copyClientNotifications?: boolean }>(io, async (session, o, operands) => {
        // commander hands the variadic operand as one array.
        const [kind, ...rest] = operands as (string | string[] | undefined)[];
        const channelIds = rest.flat().filter((id): id is string => typeof id === 'string');
        if (typeof kind !== 'string' && kind !== undefined) throw usageError('kind: give one kind');
        if (kind !== undefined && !(notificationKinds as readonly string[]).includes(kind))
          throw usageError(`kind: must be one of ${notificationKinds.join(', ')}`);
        const api = session.signedIn();
        const current = await api.notifications.getRules.query();
        const next = await api.notifications.setRules.mutate({
          rules: current.rules.map((r) => (r.kind === kind ? { kind: r.kind, channelIds } : r)),
          copyClientNotifications: o.copyClientNotifications ?? current.copyClientNotifications,
        });
        session.print(next, () => formatRules(next));
      }),
    );
}
