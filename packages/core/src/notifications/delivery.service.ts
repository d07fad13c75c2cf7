import { requirePermission, type Actor } from '../auth/actor.js';
import { notFound } from '../shared/domain-error.js';
import { mailBrandFor } from '../mail/mail-brand.service.js';
import { mailSender, renderMail } from '../mail/mail.render.js';
import type { ChannelRecord, DeliveryPatch, DeliveryRecord, NotificationMessage } from './notification.ports.js';
import type { Delivery } from './notification.schema.js';
import { toDelivery, type NotificationDeps } from './notification.service.js';

/** The headers of a signed webhook: `X-Ocore-Signature: sha256=<hex>` over `<timestamp>.<body>`. */
export const webhookHeaders = {
  signature: 'x-ocore-signature',
  timestamp: 'x-ocore-timestamp',
  event: 'x-ocore-event',
  delivery: 'x-ocore-delivery',
} as const;

/** The message's target in the dashboard, as a link (when the platform's address is known). */
export function messageLink(publicUrl: string | undefined, message: NotificationMessage): string | null {
  return publicUrl && message.path ? `${publicUrl.replace(/\/+$/, '')}${message.path}` : null;
}

/** The JSON a webhook receives. */
export function webhookBody(
  delivery: Pick<DeliveryRecord, 'id'>,
  message: NotificationMessage,
  link: string | null = null,
): string {
  return JSON.stringify({
    id: delivery.id,
    kind: message.kind,
    organizationId: message.organizationId,
    title: message.title,
    text: message.text,
    target: message.target,
    occurredAt: message.occurredAt,
    eventId: message.eventId,
    link,
  });
}

/** Answers the status, or throws what went wrong (a status outside 2xx included). */
async function post(deps: NotificationDeps, url: string, body: string, headers: Record<string, string>) {
  const answer = await deps.outboundHttp.post(url, body, { 'content-type': 'application/json', ...headers });
  if (answer.status < 200 || answer.status > 299)
    throw Object.assign(new Error(`the receiver answered HTTP ${answer.status}`), { status: answer.status });
  return answer.status;
}

/** Sends one delivery over its channel; answers the HTTP status for webhooks. */
async function send(deps: NotificationDeps, channel: ChannelRecord, delivery: DeliveryRecord): Promise<number | null> {
  const { message } = delivery;
  const link = messageLink(deps.publicUrl, message);
  if (channel.kind === 'email') {
    // A client's mail is in its agency's brand; the agency's copy in its own.
    const brand = await mailBrandFor(deps, delivery.organizationId);
    const rendered = renderMail(brand, {
      subject: message.title,
      paragraphs: message.text.split('\n\n'),
      ...(link ? { action: { label: `Open ${message.target.name ?? 'it'}`, url: link } } : {}),
    });
    for (const to of channel.addresses) await deps.mailer.send({ to, from: mailSender(brand), ...rendered });
    return null;
  }
  if (!channel.sealedSecret) throw new Error('the channel has no stored secret');
  const secret = deps.secrets.open(channel.sealedSecret);
  if (channel.kind === 'slack')
    return post(
      deps,
      secret,
      JSON.stringify({ text: `*${message.title}*\n${message.text}${link ? `\n${link}` : ''}` }),
      {},
    );
  const body = webhookBody(delivery, message, link);
  const timestamp = String(Math.floor(deps.clock.now().getTime() / 1000));
  return post(deps, channel.url ?? '', body, {
    [webhookHeaders.signature]: `sha256=${deps.signWebhook(secret, `${timestamp}.${body}`)}`,
    [webhookHeaders.timestamp]: timestamp,
    [webhookHeaders.event]: message.kind,
    [webhookHeaders.delivery]: delivery.id,
  });
}

/** How long one attempt holds its delivery: far longer than a send may take (webhooks time out in 10 s). */
export const deliveryLeaseMs = 5 * 60_000;

/** Another attempt holds the delivery: the job retries later, and finds it settled or free. */
export class DeliveryHeldError extends Error {
  constructor(deliveryId: string) {
    super(`delivery ${deliveryId} is being sent by another attempt`);
  }
}

/**
 * One attempt at a delivery (the job's): takes the delivery with a leased claim, so a second
 * job for it (a requeue, a retry of a job thought lost) never sends it again while this one
 * works; records the outcome in the delivery log only while the claim holds, and throws on
 * failure so that the queue retries with backoff. `last` marks the attempt after which it
 * gives up. A delivery already settled is left alone.
 */
export async function attemptDelivery(
  deps: NotificationDeps,
  deliveryId: string,
  last: boolean,
): Promise<Delivery | undefined> {
  const delivery = await deps.notifications.findDelivery(deliveryId);
  if (!delivery || delivery.status === 'delivered' || delivery.status === 'failed')
    return delivery && toDelivery(delivery);
  const now = deps.clock.now();
  const claim = await deps.notifications.claimDelivery(deliveryId, now, new Date(now.getTime() + deliveryLeaseMs));
  if (!claim) {
    const after = await deps.notifications.findDelivery(deliveryId);
    if (after?.status === 'delivered' || after?.status === 'failed') return toDelivery(after);
    throw new DeliveryHeldError(deliveryId);
  }
  const attempts = delivery.attempts + 1;
  const settle = (patch: DeliveryPatch) => deps.notifications.updateDelivery(deliveryId, patch, claim);
  const channel = await deps.notifications.findChannelById(delivery.channelId);
  if (!channel) {
    await settle({ status: 'failed', attempts, lastError: 'the channel was removed' });
    return undefined;
  }
  try {
    const responseStatus = await send(deps, channel, delivery);
    const patch = {
      status: 'delivered' as const,
      attempts,
      lastError: null,
      responseStatus,
      deliveredAt: deps.clock.now().toISOString(),
    };
    await settle(patch);
    return toDelivery({ ...delivery, ...patch });
  } catch (err) {
    const lastError = err instanceof Error ? err.message : String(err);
    const responseStatus = (err as { status?: number }).status ?? null;
    await settle({ status: last ? 'failed' : 'retrying', attempts, lastError, responseStatus });
    throw err;
  }
}

/** Sends a test notification through the channel now and answers how it went (manage:org_settings). */
export async function testChannel(deps: NotificationDeps, actor: Actor, channelId: string): Promise<Delivery> {
  requirePermission(actor, 'manage:org_settings');
  const channel = await deps.notifications.findChannel(actor.organizationId, channelId);
  if (!channel) throw notFound('Notification channel');
  const now = deps.clock.now().toISOString();
  const delivery = await deps.notifications.insertDelivery({
    organizationId: actor.organizationId,
    channelId,
    status: 'queued',
    message: {
      kind: 'test',
      organizationId: actor.organizationId,
      title: `Test notification for ${channel.name}`,
      text: `This is a test of the notification channel ${channel.name}. If it arrived, the channel works.`,
      target: { type: 'notification_channel', id: channel.id, name: channel.name },
      occurredAt: now,
      coalesceKey: `test:${channel.id}:${now}`,
      eventId: null,
    },
  });
  try {
    return (await attemptDelivery(deps, delivery.id, true)) ?? toDelivery(delivery);
  } catch {
    const after = await deps.notifications.findDelivery(delivery.id);
    return toDelivery(after ?? delivery);
  }
}
