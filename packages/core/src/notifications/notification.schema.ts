import { z } from 'zod';
import { idSchema, isoDateSchema } from '../shared/common.schema.js';

/** Where a notification goes: mail addresses, a signed JSON webhook, or a Slack-compatible incoming webhook. */
export const channelKinds = ['email', 'webhook', 'slack'] as const;
export type ChannelKind = (typeof channelKinds)[number];

/** What can be notified; rules route each kind to channels. */
export const notificationKinds = [
  'instance.down',
  'instance.recovered',
  'instance.deploy_failed',
  'instance.update_failed',
  'instance.threshold',
  'backup.failed',
  'backup.overdue',
  'backup.restore_drill_failed',
  'certificate.failed',
  'certificate.expiring',
  'domain.misconfigured',
  'domain.unverified',
  'server.unreachable',
  'server.recovered',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

const channelName = z
  .string()
  .trim()
  .min(1, { message: 'is required' })
  .max(100, { message: 'must be at most 100 characters' });

const httpsUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http or https URL' })
  .max(2048, { message: 'must be at most 2048 characters' });

const emailAddresses = z
  .array(z.email({ message: 'must be an email address' }))
  .min(1, { message: 'needs at least one address' })
  .max(20, { message: 'must be at most 20 addresses' });

/** The rules a channel's fields pass, for what stores channels other than the API (a disaster-recovery import). */
export const channelFieldRules = { name: channelName, url: httpsUrl, addresses: emailAddresses };

/** Write-only: sealed, never answered. */
const webhookSecret = z
  .string()
  .min(16, { message: 'must be at least 16 characters' })
  .max(256, { message: 'must be at most 256 characters' });

export const channelSchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  name: z.string(),
  kind: z.enum(channelKinds),
  enabled: z.boolean(),
  /** Email: the recipients. */
  addresses: z.array(z.string()),
  /** Webhook: where the signed JSON is posted. Slack: the host only (the URL is a secret). */
  url: z.string().nullable(),
  /** Webhook: whether a signing secret is stored (it is never answered). */
  hasSecret: z.boolean(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Channel = z.infer<typeof channelSchema>;
export const channelListSchema = z.object({ items: z.array(channelSchema), total: z.number().int() });

const channelFields = {
  name: channelName,
  kind: z.enum(channelKinds),
  enabled: z.boolean().default(true),
  addresses: emailAddresses.optional(),
  url: httpsUrl.optional(),
  secret: webhookSecret.optional(),
};

/** Each kind takes its own fields, and only those. */
function checkKind(
  value: { kind: ChannelKind; addresses?: unknown; url?: unknown; secret?: unknown },
  ctx: z.RefinementCtx,
  creating: boolean,
): void {
  const check = (field: 'addresses' | 'url' | 'secret', rule: 'required' | 'optional' | 'unused') => {
    const given = value[field] !== undefined;
    if (rule === 'required' && !given)
      ctx.addIssue({ code: 'custom', path: [field], message: `is required for a ${value.kind} channel` });
    if (rule === 'unused' && given)
      ctx.addIssue({ code: 'custom', path: [field], message: `is not used by a ${value.kind} channel` });
  };
  // On update a webhook's secret and a Slack URL left out are kept: they are write-only.
  const kept = creating ? 'required' : 'optional';
  check('addresses', value.kind === 'email' ? 'required' : 'unused');
  check('url', value.kind === 'webhook' ? 'required' : value.kind === 'slack' ? kept : 'unused');
  check('secret', value.kind === 'webhook' ? kept : 'unused');
}

export const createChannelInput = z.object(channelFields).superRefine((value, ctx) => checkKind(value, ctx, true));
export type CreateChannelInput = z.infer<typeof createChannelInput>;

export const updateChannelInput = z
  .object({ id: idSchema, ...channelFields })
  .superRefine((value, ctx) => checkKind(value, ctx, false));
export type UpdateChannelInput = z.infer<typeof updateChannelInput>;

export const channelIdInput = z.object({ id: idSchema });

export const deliveryStatuses = ['queued', 'retrying', 'delivered', 'failed', 'coalesced'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const deliverySchema = z.object({
  id: idSchema,
  channelId: idSchema,
  kind: z.union([z.enum(notificationKinds), z.literal('test')]),
  title: z.string(),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  /** The last attempt's error (an HTTP status or what went wrong). */
  lastError: z.string().nullable(),
  /** The HTTP status the receiver answered, for webhooks. */
  responseStatus: z.number().int().nullable(),
  createdAt: isoDateSchema,
  deliveredAt: isoDateSchema.nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;
export const deliveryListSchema = z.object({ items: z.array(deliverySchema), total: z.number().int() });

export const rulesSchema = z.object({
  /** For each kind, the channels it goes to (every kind is listed; none routes nowhere). */
  rules: z.array(z.object({ kind: z.enum(notificationKinds), channelIds: z.array(idSchema) })),
  /** For an agency: also send its clients' notifications to its own channels (by its own rules). */
  copyClientNotifications: z.boolean(),
  /** How long notifications about the same thing are held back after one is sent (see coalescing). */
  coalesceMinutes: z.number().int(),
});
export type NotificationRules = z.infer<typeof rulesSchema>;

export const updateRulesInput = z.strictObject({
  rules: z
    .array(
      z.strictObject({
        kind: z.enum(notificationKinds),
        channelIds: z.array(idSchema).max(20, { message: 'must be at most 20 channels' }),
      }),
    )
    .max(notificationKinds.length * 2),
  copyClientNotifications: z.boolean().default(false),
});
export type UpdateRulesInput = z.infer<typeof updateRulesInput>;
