import type { DomainEvent } from '../shared/events.js';
import type { Channel, ChannelKind, Delivery, DeliveryStatus, NotificationKind } from './notification.schema.js';

/** A channel as stored: the webhook secret, or the Slack URL, sealed. */
export interface ChannelRecord extends Omit<Channel, 'hasSecret'> {
  sealedSecret: string | null;
}

export interface NewChannel {
  organizationId: string;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  addresses: string[];
  url: string | null;
  sealedSecret: string | null;
}

/** What a notification says, the same for every channel it goes to. */
export interface NotificationMessage {
  kind: NotificationKind | 'test';
  /** The organization it concerns (a client's, for a client's instance or portal domain). */
  organizationId: string;
  title: string;
  text: string;
  target: { type: string; id: string | null; name: string | null };
  occurredAt: string;
  /** The same thing happening again: notifications with one key are coalesced per channel. */
  coalesceKey: string;
  /** The event's id, when an event caused it. */
  eventId: string | null;
  /** Where the target is in the dashboard (`/instances/<id>/monitoring`), made a link when sent. */
  path?: string;
}

export interface DeliveryRecord extends Delivery {
  organizationId: string;
  message: NotificationMessage;
}

export interface DeliveryPatch {
  status: DeliveryStatus;
  attempts?: number;
  lastError?: string | null;
  responseStatus?: number | null;
  deliveredAt?: string | null;
}

/** Per channel and coalesce key: until when further notifications are held back. */
export type CoalesceDecision =
  | { held: false }
  | {
      held: true;
      windowId: string;
      until: string;
      /** Whether this is the first held back in the window. */ first: boolean;
    };

/** Where a domain stands, for the reminder job (certificate expiry, unverified for long). */
export interface DomainForReminder {
  id: string;
  organizationId: string;
  name: string;
  dnsVerified: boolean;
  certificateExpiresAt: string | null;
  createdAt: string;
}

/** A portal's custom domain: the client it serves is told. */
export interface PortalDomainForReminder extends DomainForReminder {
  clientOrgId: string | null;
  status: string;
}

/**
 * An instance's custom domain, or its own hostname with a certificate (`hostname`: its id is
 * the instance's, and it is always verified), named with its instance and organization.
 */
export interface InstanceDomainForReminder extends DomainForReminder {
  hostname: boolean;
  instanceId: string;
  instanceName: string;
  organizationName: string;
}

/** Rules as stored: the channels of each kind. */
export interface StoredRules {
  channels: Partial<Record<NotificationKind, string[]>>;
  copyClientNotifications: boolean;
}

/**
 * An organization's channels and rules, the part of the notifications a transaction's
 * repositories hold: the disaster-recovery export reads them and its import writes them with
 * the rest of the organization, all or nothing.
 */
export interface NotificationConfigRepository {
  listChannels(organizationId: string): Promise<ChannelRecord[]>;
  insertChannel(channel: NewChannel): Promise<ChannelRecord>;
  findRules(organizationId: string): Promise<StoredRules | undefined>;
  saveRules(organizationId: string, rules: StoredRules): Promise<void>;
}

export interface NotificationRepository extends NotificationConfigRepository {
  /** The names of the instances among `ids` that still exist. */
  instanceNames(ids: readonly string[]): Promise<Map<string, string>>;
  findChannel(organizationId: string, id: string): Promise<ChannelRecord | undefined>;
  findChannelById(id: string): Promise<ChannelRecord | undefined>;
  updateChannel(id: string, channel: Omit<NewChannel, 'organizationId'>): Promise<ChannelRecord>;
  deleteChannel(organizationId: string, id: string): Promise<boolean>;
  insertDelivery(delivery: {
    organizationId: string;
    channelId: string;
    message: NotificationMessage;
    status: DeliveryStatus;
  }): Promise<DeliveryRecord>;
  findDelivery(id: string): Promise<DeliveryRecord | undefined>;
  /**
   * Settles an attempt. With `claimId`, only while that claim still holds the delivery (it is
   * then released); answers whether the delivery was updated.
   */
  updateDelivery(id: string, patch: DeliveryPatch, claimId?: string): Promise<boolean>;
  /**
   * Takes a queued or retrying delivery for one attempt until `until` (its lease), unless
   * another attempt holds an unexpired claim; answers the claim's id, or undefined.
   */
  claimDelivery(id: string, now: Date, until: Date): Promise<string | undefined>;
  listDeliveries(organizationId: string, channelId: string, limit: number): Promise<DeliveryRecord[]>;
  /** Deliveries still queued whose job may have been lost (a crash between commit and send). */
  listStaleQueued(before: Date, now: Date, limit: number): Promise<string[]>;
  /** Stores a state, answering the one it replaces (undefined the first time). */
  swapState(key: string, state: string): Promise<string | undefined>;
  /** Opens a window (answering not held) or holds `message` back in the open one. */
  coalesce(
    channelId: string,
    key: string,
    message: NotificationMessage,
    now: Date,
    windowMs: number,
  ): Promise<CoalesceDecision>;
  /** Closes a window: what it held back (the last message and how many), and opens a new one when any. */
  takeHeld(
    windowId: string,
    now: Date,
    windowMs: number,
  ): Promise<{ channelId: string; organizationId: string; message: NotificationMessage; count: number } | undefined>;
  /** Portal custom domains unverified or with a certificate. */
  domainsForReminders(): Promise<PortalDomainForReminder[]>;
  /** Instances' custom domains unverified or with a certificate, and their hostnames with one. */
  instanceDomainsForReminders(): Promise<InstanceDomainForReminder[]>;
  /** The organization's agency (null for none), or undefined when it no longer exists. */
  agencyOf(organizationId: string): Promise<string | null | undefined>;
}

/** The repository, and the event log read past a cursor kept by the notifier itself. */
export interface NotificationStore extends NotificationRepository {
  /**
   * Runs `work` on the events after the notifier's cursor in one transaction that holds the
   * cursor (another process waits); the cursor moves past them when `work` succeeds.
   */
  withNextEvents<T>(
    limit: number,
    work: (events: DomainEvent[], repo: NotificationRepository) => Promise<T>,
  ): Promise<T>;
}

/** Durable jobs: one per delivery (retried with backoff), one per window to flush. */
export interface NotificationQueue {
  deliver(deliveryId: string): Promise<void>;
  flushAt(windowId: string, at: Date): Promise<void>;
}

/** Outbound HTTP for webhooks (the server guards the addresses it may reach). */
export interface OutboundHttp {
  /** Posts `body`; answers the status, throws when nothing answered. */
  post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number }>;
}

/** HMAC-SHA256 of `payload` with `secret`, in hex. */
export type WebhookSigner = (secret: string, payload: string) => string;
