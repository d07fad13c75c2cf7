import {
  settingsOrDefaults,
  type OrgSettingsPatch,
  type OrgSettingsRecord,
  type OrgSettingsRepository,
  type SubscriptionValidation,
} from '@ocore/core';
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, OrgSettingsTable } from '../db/database.js';

function toRecord(row: Selectable<OrgSettingsTable>): OrgSettingsRecord {
  return {
    organizationId: row.organizationId,
    auditRetentionDays: row.auditRetentionDays,
    bulkBatchSize: row.bulkBatchSize,
    posthogEnabled: row.posthogEnabled,
    posthogApiHost: row.posthogApiHost,
    posthogUiHost: row.posthogUiHost,
    requirePasskey: row.requirePasskey,
    sealed: {
      posthogPersonalApiKey: row.posthogPersonalApiKeySealed,
      posthogWebhookSecret: row.posthogWebhookSecretSealed,
      subscriptionCode: row.subscriptionCodeSealed,
    },
    lastSubscriptionValidation: row.lastSubscriptionValidation as SubscriptionValidation | null,
    lastExport:
      row.lastExportAt && row.lastExportUserId
        ? { at: row.lastExportAt.toISOString(), userId: row.lastExportUserId }
        : null,
  };
}

/** Only the columns a patch names, so that concurrent updates of other fields are kept. */
function toColumns(patch: OrgSettingsPatch): Updateable<OrgSettingsTable> {
  const { sealed, lastSubscriptionValidation, lastExport, ...plain } = patch;
  const columns: Updateable<OrgSettingsTable> = { ...plain };
  if (sealed?.posthogPersonalApiKey !== undefined) columns.posthogPersonalApiKeySealed = sealed.posthogPersonalApiKey;
  if (sealed?.posthogWebhookSecret !== undefined) columns.posthogWebhookSecretSealed = sealed.posthogWebhookSecret;
  if (sealed?.subscriptionCode !== undefined) columns.subscriptionCodeSealed = sealed.subscriptionCode;
  if (lastSubscriptionValidation !== undefined) {
    columns.lastSubscriptionValidation =
      lastSubscriptionValidation === null ? null : JSON.stringify(lastSubscriptionValidation);
  }
  if (lastExport !== undefined) {
    columns.lastExportAt = lastExport ? new Date(lastExport.at) : null;
    columns.lastExportUserId = lastExport?.userId ?? null;
  }
  return columns;
}

function defaultsRow(organizationId: string): Insertable<OrgSettingsTable> {
  const d = settingsOrDefaults(organizationId, undefined);
  return {
    organizationId,
    auditRetentionDays: d.auditRetentionDays,
    bulkBatchSize: d.bulkBatchSize,
    posthogEnabled: d.posthogEnabled,
    posthogApiHost: d.posthogApiHost,
    posthogUiHost: d.posthogUiHost,
    requirePasskey: d.requirePasskey,
  };
}

/** Settings, one row per organization, created with the defaults on first write. */
export function createOrgSettingsRepository(db: Kysely<Database>): OrgSettingsRepository {
  return {
    async find(organizationId) {
      const row = await db
        .selectFrom('orgSettings')
        .selectAll()
        .where('organizationId', '=', organizationId)
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async findForUpdate(organizationId) {
      await db
        .insertInto('orgSettings')
        .values(defaultsRow(organizationId))
        .onConflict((oc) => oc.column('organizationId').doNothing())
        .execute();
      const row = await db
        .selectFrom('orgSettings')
        .selectAll()
        .where('organizationId', '=', organizationId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async update(organizationId, patch) {
      const row = await db
        .updateTable('orgSettings')
        .set({ ...toColumns(patch), updatedAt: sql<Date>`now()` })
        .where('organizationId', '=', organizationId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
  };
}
