import { requirePermission, type Actor } from '../auth/actor.js';
import { commitAndPublish } from '../shared/change.js';
import type { DomainEventType } from '../shared/domain-events.js';
import { invalidInput, notFound } from '../shared/domain-error.js';
import type { CoreDeps } from '../shared/deps.js';
import type { Mailer } from '../mail/mail.ports.js';
import type {
  ChannelRecord,
  DeliveryRecord,
  NewChannel,
  NotificationQueue,
  NotificationStore,
  OutboundHttp,
  WebhookSigner,
} from './notification.ports.js';
import {
  notificationKinds,
  type Channel,
  type CreateChannelInput,
  type Delivery,
  type NotificationRules,
  type UpdateChannelInput,
  type UpdateRulesInput,
} from './notification.schema.js';
import type { SecretBox } from '../shared/secret-box.js';

export interface NotificationDeps extends CoreDeps {
  secrets: SecretBox;
  mailer: Mailer;
  notifications: NotificationStore;
  notificationQueue: NotificationQueue;
  outboundHttp: OutboundHttp;
  signWebhook: WebhookSigner;
  /** The dashboard's address, for links to what a notification is about. */
  publicUrl?: string;
}

/** Notifications about one thing within this window after one was sent are held back (see coalescing). */
export const coalesceWindowMs = 15 * 60_000;

/** The channel as answered: whether a secret is stored, never what it is. */
export function toChannel(record: ChannelRecord): Channel {
  const { sealedSecret, ...rest } = record;
  return { ...rest, hasSecret: record.kind === 'webhook' && sealedSecret !== null };
}

/** The delivery as answered. */
export function toDelivery(record: DeliveryRecord): Delivery {
  const { organizationId: _organizationId, message: _message, ...rest } = record;
  return rest;
}

/** A Slack URL is a secret: only its origin is shown. */
function slackHint(url: string): string {
  return `${new URL(url).origin}/…`;
}

function fieldsOf(
  deps: Pick<NotificationDeps, 'secrets'>,
  input: CreateChannelInput | UpdateChannelInput,
  before: ChannelRecord | undefined,
): Omit<NewChannel, 'organizationId'> {
  const keep = before?.kind === input.kind ? before.sealedSecret : null;
  const base = { name: input.name, kind: input.kind, enabled: input.enabled };
  if (input.kind === 'email') return { ...base, addresses: input.addresses ?? [], url: null, sealedSecret: null };
  if (input.kind === 'slack') {
    const sealed = input.url ? deps.secrets.seal(input.url) : keep;
    if (!sealed) throw invalidInput('url', 'is required for a slack channel');
    return {
      ...base,
      addresses: [],
      url: input.url ? slackHint(input.url) : (before?.url ?? null),
      sealedSecret: sealed,
    };
  }
  const sealed = input.secret ? deps.secrets.seal(input.secret) : keep;
  if (!sealed) throw invalidInput('secret', 'is required for a webhook channel');
  return { ...base, addresses: [], url: input.url ?? null, sealedSecret: sealed };
}

/** The organization's notification channels (manage:org_settings). */
export async function listChannels(deps: NotificationDeps, actor: Actor): Promise<{ items: Channel[]; total: number }> {
  requirePermission(actor, 'manage:org_settings');
  const items = (await deps.notifications.listChannels(actor.organizationId)).map(toChannel);
  return { items, total: items.length };
}

/** Adds a channel (manage:org_settings); a webhook secret or Slack URL is sealed. */
export async function createChannel(deps: NotificationDeps, actor: Actor, input: CreateChannelInput): Promise<Channel> {
  requirePermission(actor, 'manage:org_settings');
  const fields = fieldsOf(deps, input, undefined);
  const created = await deps.notifications.insertChannel({ organizationId: actor.organizationId, ...fields });
  await audit(deps, actor, 'notification_channel.created', created);
  return toChannel(created);
}

/** Replaces a channel's definition (manage:org_settings); a secret left out is kept. */
export async function updateChannel(deps: NotificationDeps, actor: Actor, input: UpdateChannelInput): Promise<Channel> {
  requirePermission(actor, 'manage:org_settings');
  const before = await deps.notifications.findChannel(actor.organizationId, input.id);
  if (!before) throw notFound('Notification channel');
  const updated = await deps.notifications.updateChannel(input.id, fieldsOf(deps, input, before));
  await audit(deps, actor, 'notification_channel.updated', updated);
  return toChannel(updated);
}

/** Removes a channel and its routes (manage:org_settings). */
export async function deleteChannel(deps: NotificationDeps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'manage:org_settings');
  const before = await deps.notifications.findChannel(actor.organizationId, id);
  if (!before || !(await deps.notifications.deleteChannel(actor.organizationId, id)))
    throw notFound('Notification channel');
  await audit(deps, actor, 'notification_channel.deleted', before);
}

async function audit(
  deps: CoreDeps,
  actor: Actor,
  action: Extract<DomainEventType, `notification_channel.${string}`>,
  channel: ChannelRecord,
): Promise<void> {
  await commitAndPublish(deps, async (_tx, record) => {
    await record(actor, {
      organizationId: actor.organizationId,
      action,
      targetType: 'notification_channel',
      targetId: channel.id,
      diff: { name: channel.name, kind: channel.kind },
    });
  });
}

/** A channel's latest deliveries, newest first (manage:org_settings). */
export async function listDeliveries(
  deps: NotificationDeps,
  actor: Actor,
  channelId: string,
): Promise<{ items: Delivery[]; total: number }> {
  requirePermission(actor, 'manage:org_settings');
  if (!(await deps.notifications.findChannel(actor.organizationId, channelId))) throw notFound('Notification channel');
  const items = (await deps.notifications.listDeliveries(actor.organizationId, channelId, 100)).map(toDelivery);
  return { items, total: items.length };
}

/** The organization's rules: every kind with its channels. */
export async function getRules(deps: NotificationDeps, actor: Actor): Promise<NotificationRules> {
  requirePermission(actor, 'manage:org_settings');
  const stored = await deps.notifications.findRules(actor.organizationId);
  return {
    rules: notificationKinds.map((kind) => ({ kind, channelIds: stored?.channels[kind] ?? [] })),
    copyClientNotifications: stored?.copyClientNotifications ?? false,
    coalesceMinutes: coalesceWindowMs / 60_000,
  };
}

/** Replaces the rules (manage:org_settings); kinds left out go nowhere. Channels must be the organization's. */
export async function setRules(
  deps: NotificationDeps,
  actor: Actor,
  input: UpdateRulesInput,
): Promise<NotificationRules> {
  requirePermission(actor, 'manage:org_settings');
  const own = new Set((await deps.notifications.listChannels(actor.organizationId)).map((c) => c.id));
  const channels: Record<string, string[]> = {};
  input.rules.forEach((rule, i) => {
    const unknown = rule.channelIds.find((id) => !own.has(id));
    if (unknown) throw invalidInput(`rules.${i}.channelIds`, `${unknown} is not a channel of this organization`);
    channels[rule.kind] = [...new Set([...(channels[rule.kind] ?? []), ...rule.channelIds])];
  });
  const organization = await deps.store.organizations.findById(actor.organizationId);
  if (input.copyClientNotifications && !organization?.agencyEnabled)
    throw invalidInput('copyClientNotifications', 'only an agency has clients to copy');
  await deps.notifications.saveRules(actor.organizationId, {
    channels,
    copyClientNotifications: input.copyClientNotifications,
  });
  await commitAndPublish(deps, async (_tx, record) => {
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'notification_rules.updated',
      targetType: 'notification_rules',
      targetId: null,
      // A list, not the channels by kind: the database layer renames the keys of stored objects.
      diff: {
        rules: Object.entries(channels).map(([kind, channelIds]) => ({ kind, channelIds })),
        copyClientNotifications: input.copyClientNotifications,
      },
    });
  });
  return getRules(deps, actor);
}
