import {
  generalSettingFields,
  pickFields,
  settingsOrDefaults,
  type OrgSettingsPatch,
  type OrgSettingsRecord,
  type OrgSettingsRepository,
  type StoredDnsProvider,
  type SubscriptionValidation,
} from '@ocore/core';
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, OrgSettingsTable } from '../db/database.js';

function toRecord(row: Selectable<OrgSettingsTable>): OrgSettingsRecord {
  return {
    organizationId: row.organizationId,
    ...pickFields(row, generalSettingFields),
    backupDestinationId: row.backupDestinationId,
    sealed: {
      posthogPersonalApiKey: row.posthogPersonalApiKeySealed,
      posthogWebhookSecret: row.posthogWebhookSecretSealed,
      subscriptionCode: row.subscriptionCodeSealed,
      backupKey: row.backupKeySealed,
    },
    lastSubscriptionValidation: row.lastSubscriptionValidation as SubscriptionValidation | null,
    defaultServerId: row.defaultServerId,
    defaultTemplateId: row.defaultTemplateId,
    defaultOdooVersion: row.defaultOdooVersion,
    defaultWorkers: row.defaultWorkers,
    dnsProvider: row.dnsProvider as StoredDnsProvider | null,
    lastExport:
      row.lastExportAt && row.lastExportUserId
        ? { at: row.lastExportAt.toISOString(), userId: row.lastExportUserId }
        : null,
  };
}

/** Only the columns a patch names, so that concurrent updates of other fields are kept. */
function toColumns(patch: OrgSettingsPatch): Updateable<OrgSettingsTable> {
  const { sealed, lastSubscriptionValidation, lastExport, dnsProvider, ...plain } = patch;
  const columns: Updateable<OrgSettingsTable> = { ...plain };
  if (dnsProvider !== undefined) columns.dnsProvider = dnsProvider === null ? null : JSON.stringify(dnsProvider);
  if (sealed?.posthogPersonalApiKey !== undefined) columns.posthogPersonalApiKeySealed = sealed.posthogPersonalApiKey;
  if (sealed?.posthogWebhookSecret !== undefined) columns.posthogWebhookSecretSealed = sealed.posthogWebhookSecret;
  if (sealed?.subscriptionCode !== undefined) columns.subscriptionCodeSealed = sealed.subscriptionCode;
  if (sealed?.backupKey !== undefined) columns.backupKeySealed = sealed.backupKey;
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
    ...pickFields(d, generalSettingFields),
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
