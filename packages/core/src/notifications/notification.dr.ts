import { z } from 'zod';
import { invalidInput } from '../shared/domain-error.js';
import type { Repositories } from '../shared/store.js';
import { channelFieldRules, channelKinds, notificationKinds, type NotificationKind } from './notification.schema.js';

/**
 * A notification channel in a disaster-recovery export: `ref` (channel-1, …) stands for its id
 * in the rules. The webhook's signing secret, or the Slack URL (a secret: `url` holds only its
 * origin), is sealed as stored (`enc:v1:<keyId>:…`), never plaintext; null for an email
 * channel, or when withheld.
 */
const drChannelSchema = z.object({
  ref: z.string(),
  name: z.string(),
  kind: z.enum(channelKinds),
  enabled: z.boolean(),
  addresses: z.array(z.string()),
  url: z.string().nullable(),
  sealedSecret: z.string().max(4096).nullable(),
});

/** The kinds routed somewhere, each to channels by `ref`. */
const drRuleSchema = z.object({ kind: z.enum(notificationKinds), channels: z.array(z.string()) });

/**
 * An organization's notification channels and rules. Added within version 1: a document
 * without them (exported before they were carried) reads as having none and keeps its checksum.
 */
export const drNotificationsSchema = z.object({
  channels: z.array(drChannelSchema),
  rules: z.array(drRuleSchema),
  copyClientNotifications: z.boolean(),
});
export type DrNotifications = z.infer<typeof drNotificationsSchema>;

/** Only the fields of the channel's kind, each as the API would have stored it. */
const drImportChannelSchema = drChannelSchema.extend({ name: channelFieldRules.name }).superRefine((c, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const check = (field: 'addresses' | 'url', rule: z.ZodType) => {
    const result = rule.safeParse(c[field]);
    result.error?.issues.forEach((i) =>
      issue([field, ...i.path.map((p) => (typeof p === 'symbol' ? '' : p))], i.message),
    );
  };
  if (c.kind === 'email') check('addresses', channelFieldRules.addresses);
  else if (c.addresses.length > 0) issue(['addresses'], `is not used by a ${c.kind} channel`);
  if (c.kind === 'webhook') check('url', channelFieldRules.url);
  if (c.kind === 'slack') check('url', z.string().max(2048).nullable());
  if (c.kind === 'email' && c.url !== null) issue(['url'], 'is not used by an email channel');
  if (c.kind === 'email' && c.sealedSecret !== null) issue(['sealedSecret'], 'is not used by an email channel');
});

/** The section as an import accepts it: the API's rules, and rules naming the document's channels only. */
export const drImportNotificationsSchema = drNotificationsSchema
  .extend({
    channels: z.array(drImportChannelSchema),
    rules: z
      .array(drRuleSchema.extend({ channels: z.array(z.string()).max(20, { message: 'must be at most 20 channels' }) }))
      .max(notificationKinds.length * 2),
  })
  .superRefine((value, ctx) => {
    const refs = new Set<string>();
    value.channels.forEach((c, i) => {
      if (refs.has(c.ref))
        ctx.addIssue({ code: 'custom', path: ['channels', i, 'ref'], message: `${c.ref} names two channels` });
      refs.add(c.ref);
    });
    value.rules.forEach((rule, i) =>
      rule.channels.forEach((ref, j) => {
        if (!refs.has(ref))
          ctx.addIssue({
            code: 'custom',
            path: ['rules', i, 'channels', j],
            message: `${ref} is not a channel of this document`,
          });
      }),
    );
  });

/** The organization's channels and rules, as an export carries them. */
export async function collectNotificationContent(
  store: Repositories,
  organizationId: string,
): Promise<DrNotifications> {
  const [channels, rules] = await Promise.all([
    store.notificationConfig.listChannels(organizationId),
    store.notificationConfig.findRules(organizationId),
  ]);
  // Sorted by what the document shows, so that a restore (new ids) exports in the same order.
  const key = (c: (typeof channels)[number]) => JSON.stringify([c.name, c.kind, c.url, c.addresses]);
  const sorted = [...channels].sort((a, b) => key(a).localeCompare(key(b)));
  const refs = new Map(sorted.map((c, i) => [c.id, `channel-${i + 1}`]));
  return {
    channels: sorted.map((c) => ({
      ref: refs.get(c.id) as string,
      name: c.name,
      kind: c.kind,
      enabled: c.enabled,
      addresses: c.addresses,
      url: c.url,
      sealedSecret: c.sealedSecret,
    })),
    // Every kind this server knows, in its order; a removed channel's id routes nowhere.
    rules: notificationKinds.flatMap((kind) => {
      const routed = (rules?.channels[kind] ?? []).flatMap((id) => refs.get(id) ?? []);
      return routed.length > 0 ? [{ kind, channels: routed }] : [];
    }),
    copyClientNotifications: rules?.copyClientNotifications ?? false,
  };
}

/** The channels' sealed secrets, for the export's key ids. */
export function sealedNotificationSecrets(notifications: DrNotifications | undefined): string[] {
  return (notifications?.channels ?? []).map((c) => c.sealedSecret).filter((v): v is string => v !== null);
}

/** The section without the channels' secrets, and the names of those left out (under `prefix`). */
export function withoutNotificationSecrets(
  notifications: DrNotifications,
  prefix: string,
): { notifications: DrNotifications; names: string[] } {
  return {
    notifications: { ...notifications, channels: notifications.channels.map((c) => ({ ...c, sealedSecret: null })) },
    names: notifications.channels
      .filter((c) => c.sealedSecret !== null)
      .map((c) => `${prefix}notifications.channels.${c.ref}.secret`),
  };
}

/** What an import made of an organization's channels and rules. */
export interface RestoredNotifications {
  channels: number;
  /** The kinds routed somewhere. */
  rules: number;
  /** Webhook and Slack channels restored turned off, their secret withheld: given again. */
  withoutSecret: number;
}

/**
 * Restores an export's channels (their secrets already resealed under this server's key) and
 * its rules, their channels' refs turned into the new ids. A webhook or Slack channel whose
 * secret was withheld cannot send: it comes back turned off, to be given its secret again.
 * `field` names the section in a refusal.
 */
export async function restoreNotificationContent(
  tx: Repositories,
  organization: { id: string; isAgency: boolean },
  notifications: DrNotifications | undefined,
  field: string,
): Promise<RestoredNotifications> {
  if (!notifications) return { channels: 0, rules: 0, withoutSecret: 0 };
  if (notifications.copyClientNotifications && !organization.isAgency)
    throw invalidInput(`${field}.copyClientNotifications`, 'only an agency has clients to copy');
  const ids = new Map<string, string>();
  let withoutSecret = 0;
  for (const c of notifications.channels) {
    const isMissingSecret = c.kind !== 'email' && c.sealedSecret === null;
    if (isMissingSecret) withoutSecret += 1;
    const stored = await tx.notificationConfig.insertChannel({
      organizationId: organization.id,
      name: c.name,
      kind: c.kind,
      enabled: c.enabled && !isMissingSecret,
      addresses: c.addresses,
      url: c.url,
      sealedSecret: c.sealedSecret,
    });
    ids.set(c.ref, stored.id);
  }
  const channels: Partial<Record<NotificationKind, string[]>> = {};
  for (const rule of notifications.rules) {
    const routed = rule.channels.flatMap((ref) => ids.get(ref) ?? []);
    channels[rule.kind] = [...new Set([...(channels[rule.kind] ?? []), ...routed])];
  }
  if (notifications.rules.length > 0 || notifications.copyClientNotifications)
    await tx.notificationConfig.saveRules(organization.id, {
      channels,
      copyClientNotifications: notifications.copyClientNotifications,
    });
  return { channels: ids.size, rules: Object.keys(channels).length, withoutSecret };
}
