import type {
  ChannelRecord,
  DeliveryRecord,
  NotificationConfigRepository,
  NotificationMessage,
  NotificationRepository,
  NotificationStore,
} from '@ocore/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, NotificationChannelsTable, NotificationDeliveriesTable } from '../db/database.js';
import { iso } from '../db/pg-errors.js';
import { toEvent } from '../shared/kysely-logs.repository.js';
import { instanceDomainsForReminders, portalDomainsForReminders } from './kysely-reminder-domains.js';

function toChannel(row: Selectable<NotificationChannelsTable>): ChannelRecord {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    kind: row.kind,
    enabled: row.enabled,
    addresses: row.addresses,
    url: row.url,
    sealedSecret: row.secretSealed,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

function toDelivery(row: Selectable<NotificationDeliveriesTable>): DeliveryRecord {
  return {
    id: row.id,
    organizationId: row.organizationId,
    channelId: row.channelId,
    kind: row.kind as DeliveryRecord['kind'],
    title: row.title,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    responseStatus: row.responseStatus,
    createdAt: iso(row.createdAt),
    deliveredAt: row.deliveredAt ? iso(row.deliveredAt) : null,
    message: row.message as unknown as NotificationMessage,
  };
}

function createRepository(db: Kysely<Database>): NotificationRepository {
  return {
    async instanceNames(ids) {
      if (ids.length === 0) return new Map();
      const rows = await db
        .selectFrom('instances')
        .select(['id', 'name'])
        .where('id', 'in', [...ids])
        .execute();
      return new Map(rows.map((row) => [row.id, row.name]));
    },
    async listChannels(organizationId) {
      const rows = await db
        .selectFrom('notificationChannels')
        .selectAll()
        .where('organizationId', '=', organizationId)
        .orderBy('createdAt')
        .execute();
      return rows.map(toChannel);
    },
    async findChannel(organizationId, id) {
      const row = await db
        .selectFrom('notificationChannels')
        .selectAll()
        .where('organizationId', '=', organizationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toChannel(row);
    },
    async findChannelById(id) {
      const row = await db.selectFrom('notificationChannels').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toChannel(row);
    },
    async insertChannel(channel) {
      const row = await db
        .insertInto('notificationChannels')
        .values({ ...fields(channel), organizationId: channel.organizationId })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toChannel(row);
    },
    async updateChannel(id, channel) {
      const row = await db
        .updateTable('notificationChannels')
        .set({ ...fields(channel), updatedAt: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toChannel(row);
    },
    async deleteChannel(organizationId, id) {
      const result = await db
        .deleteFrom('notificationChannels')
        .where('organizationId', '=', organizationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async findRules(organizationId) {
      // The channels as text: the CamelCasePlugin would rename the kinds, which are keys of the
      // JSON object (`instance.deploy_failed` read back as `instance.deployFailed`, routing nothing).
      const row = await db
        .selectFrom('notificationRules')
        .select([sql<string>`channels::text`.as('channels'), 'copyClientNotifications'])
        .where('organizationId', '=', organizationId)
        .executeTakeFirst();
      return (
        row && {
          channels: JSON.parse(row.channels) as Record<string, string[]>,
          copyClientNotifications: row.copyClientNotifications,
        }
      );
    },
    async saveRules(organizationId, rules) {
      const values = {
        channels: JSON.stringify(rules.channels),
        copyClientNotifications: rules.copyClientNotifications,
      };
      await db
        .insertInto('notificationRules')
        .values({ organizationId, ...values })
        .onConflict((oc) => oc.column('organizationId').doUpdateSet({ ...values, updatedAt: new Date() }))
        .execute();
    },
    async insertDelivery(d) {
      const row = await db
        .insertInto('notificationDeliveries')
        .values({
          organizationId: d.organizationId,
          channelId: d.channelId,
          kind: d.message.kind,
          title: d.message.title,
          message: JSON.stringify(d.message),
          status: d.status,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toDelivery(row);
    },
    async findDelivery(id) {
      const row = await db.selectFrom('notificationDeliveries').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toDelivery(row);
    },
    async updateDelivery(id, patch, claimId) {
      let update = db
        .updateTable('notificationDeliveries')
        .set({
          status: patch.status,
          ...(patch.attempts !== undefined ? { attempts: patch.attempts } : {}),
          ...(patch.lastError !== undefined ? { lastError: patch.lastError } : {}),
          ...(patch.responseStatus !== undefined ? { responseStatus: patch.responseStatus } : {}),
          ...(patch.deliveredAt ? { deliveredAt: new Date(patch.deliveredAt) } : {}),
          ...(claimId ? { claimId: null, claimedUntil: null } : {}),
        })
        .where('id', '=', id);
      if (claimId) update = update.where('claimId', '=', claimId);
      const result = await update.executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async claimDelivery(id, now, until) {
      const row = await db
        .updateTable('notificationDeliveries')
        .set({ claimId: sql<string>`gen_random_uuid()`, claimedUntil: until })
        .where('id', '=', id)
        .where('status', 'in', ['queued', 'retrying'])
        .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<', now)]))
        .returning('claimId')
        .executeTakeFirst();
      return row?.claimId ?? undefined;
    },
    async listDeliveries(organizationId, channelId, limit) {
      const rows = await db
        .selectFrom('notificationDeliveries')
        .selectAll()
        .where('organizationId', '=', organizationId)
        .where('channelId', '=', channelId)
        .orderBy('createdAt', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toDelivery);
    },
    async listStaleQueued(before, now, limit) {
      const rows = await db
        .selectFrom('notificationDeliveries')
        .select('id')
        .where('status', '=', 'queued')
        .where('createdAt', '<', before)
        .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<', now)]))
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },
    async swapState(key, state) {
      const previous = await db
        .selectFrom('notificationStates')
        .select('state')
        .where('key', '=', key)
        .forUpdate()
        .executeTakeFirst();
      await db
        .insertInto('notificationStates')
        .values({ key, state })
        .onConflict((oc) => oc.column('key').doUpdateSet({ state, updatedAt: new Date() }))
        .execute();
      return previous?.state;
    },
    async coalesce(channelId, key, message, now, windowMs) {
      const until = new Date(now.getTime() + windowMs);
      // One statement: opens the window when there is none or it has closed, else holds the message back.
      const row = await db
        .insertInto('notificationWindows')
        .values({ channelId, coalesceKey: key, until, heldCount: 0, heldMessage: null })
        .onConflict((oc) =>
          oc.columns(['channelId', 'coalesceKey']).doUpdateSet({
            until: sql<Date>`case when notification_windows.until > ${now} then notification_windows.until else ${until} end`,
            heldCount: sql<number>`case when notification_windows.until > ${now} then notification_windows.held_count + 1 else 0 end`,
            heldMessage: sql<
              string | null
            >`case when notification_windows.until > ${now} then ${JSON.stringify(message)}::jsonb else null end`,
          }),
        )
        .returning(['id', 'until', 'heldCount'])
        .executeTakeFirstOrThrow();
      if (row.heldCount === 0) return { held: false };
      return { held: true, windowId: row.id, until: iso(row.until), first: row.heldCount === 1 };
    },
    async takeHeld(windowId, now, windowMs) {
      const row = await db
        .selectFrom('notificationWindows')
        .innerJoin('notificationChannels', 'notificationChannels.id', 'notificationWindows.channelId')
        .select([
          'notificationWindows.heldCount',
          'notificationWindows.heldMessage',
          'notificationWindows.channelId',
          'notificationChannels.organizationId',
        ])
        .where('notificationWindows.id', '=', windowId)
        .forUpdate()
        .executeTakeFirst();
      if (!row?.heldMessage || row.heldCount === 0) return undefined;
      await db
        .updateTable('notificationWindows')
        .set({ heldCount: 0, heldMessage: null, until: new Date(now.getTime() + windowMs) })
        .where('id', '=', windowId)
        .execute();
      return {
        channelId: row.channelId,
        organizationId: row.organizationId,
        message: row.heldMessage as unknown as NotificationMessage,
        count: row.heldCount,
      };
    },
    async agencyOf(organizationId) {
      const row = await db
        .selectFrom('organizations')
        .select('parentOrganizationId')
        .where('id', '=', organizationId)
        .executeTakeFirst();
      return row ? row.parentOrganizationId : undefined;
    },
    domainsForReminders: () => portalDomainsForReminders(db),
    instanceDomainsForReminders: () => instanceDomainsForReminders(db),
  };
}

function fields(channel: {
  name: string;
  kind: ChannelRecord['kind'];
  enabled: boolean;
  addresses: string[];
  url: string | null;
  sealedSecret: string | null;
}) {
  return {
    name: channel.name,
    kind: channel.kind,
    enabled: channel.enabled,
    addresses: JSON.stringify(channel.addresses),
    url: channel.url,
    secretSealed: channel.sealedSecret,
  };
}

/** Channels and rules on a connection or a transaction, among the store's repositories. */
export function createNotificationConfigRepository(db: Kysely<Database>): NotificationConfigRepository {
  const repository = createRepository(db);
  return {
    listChannels: (organizationId) => repository.listChannels(organizationId),
    insertChannel: (channel) => repository.insertChannel(channel),
    findRules: (organizationId) => repository.findRules(organizationId),
    saveRules: (organizationId, rules) => repository.saveRules(organizationId, rules),
  };
}

/** Notification channels, rules, deliveries and the notifier's cursor over the event log. */
export function createNotificationStore(db: Kysely<Database>): NotificationStore {
  return {
    ...createRepository(db),
    withNextEvents: (limit, work) =>
      db.transaction().execute(async (trx) => {
        const cursor = await trx
          .selectFrom('notificationCursor')
          .select('lastEventId')
          .where('id', '=', 1)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const rows = await trx
          .selectFrom('events')
          .selectAll()
          .where('id', '>', cursor.lastEventId)
          .orderBy('id')
          .limit(limit)
          .execute();
        const events = rows.map(toEvent);
        const value = await work(events, createRepository(trx));
        const last = events.at(-1);
        if (last)
          await trx.updateTable('notificationCursor').set({ lastEventId: last.id }).where('id', '=', 1).execute();
        return value;
      }),
  };
}
