import { z } from 'zod';
import type { Repositories } from '../shared/store.js';
import { emptyScheduleState } from './schedule.service.js';
import { destinationKinds, s3DestinationSettings, sftpDestinationSettings } from './destination.schema.js';

/** A backup destination in a disaster-recovery export: `ref` for its id, its server by `ref`. */
export const drBackupDestinationSchema = z.object({
  ref: z.string(),
  name: z.string(),
  kind: z.enum(destinationKinds),
  server: z.object({ serverRef: z.string(), directory: z.string() }).optional(),
  s3: s3DestinationSettings.optional(),
  sftp: sftpDestinationSettings.optional(),
  /** The organization's default destination (setting backupDestinationId). */
  isDefault: z.boolean(),
  /** Sealed as stored (`enc:v1:<keyId>:…`), never plaintext; null when none or withheld. */
  sealedCredentials: z.string().max(65_536).nullable(),
});

/** A backup schedule in a disaster-recovery export: its instance by name, its destination by `ref`. */
export const drBackupScheduleSchema = z.object({
  instance: z.string(),
  cron: z.string(),
  timeZone: z.string(),
  destinationRef: z.string().nullable(),
  enabled: z.boolean(),
  keepDaily: z.number().int(),
  keepWeekly: z.number().int(),
  keepMonthly: z.number().int(),
  minimumKeep: z.number().int(),
  /**
   * Absent from exports made before scheduled drills: none. Optional, not defaulted, so that
   * such a document parses to the content it was checksummed as.
   */
  drillCron: z.string().nullable().optional(),
});

type DrBackupContent = {
  backupDestinations: z.infer<typeof drBackupDestinationSchema>[];
  backupSchedules: z.infer<typeof drBackupScheduleSchema>[];
};

/** The organization's backup destinations and schedules, as an export carries them. */
export async function collectBackupContent(
  store: Repositories,
  organizationId: string,
  serverRef: (serverId: string) => string,
): Promise<DrBackupContent> {
  const [destinations, schedules, instances, settings] = await Promise.all([
    store.backupDestinations.list(organizationId),
    store.backupSchedules.listForOrganization(organizationId),
    store.instances.list(organizationId),
    store.settings.find(organizationId),
  ]);
  const sorted = [...destinations].sort((a, b) => `${a.name}\0${a.kind}`.localeCompare(`${b.name}\0${b.kind}`));
  const refs = new Map(sorted.map((d, i) => [d.id, `destination-${i + 1}`]));
  const names = new Map(instances.map((i) => [i.id, i.name]));
  return {
    backupDestinations: sorted.map((d) => ({
      ref: refs.get(d.id) as string,
      name: d.name,
      kind: d.kind,
      ...(d.server ? { server: { serverRef: serverRef(d.server.serverId), directory: d.server.directory } } : {}),
      ...(d.s3 ? { s3: d.s3 } : {}),
      ...(d.sftp ? { sftp: d.sftp } : {}),
      isDefault: settings?.backupDestinationId === d.id,
      sealedCredentials: d.sealedCredentials,
    })),
    backupSchedules: schedules
      .map((s) => ({
        instance: names.get(s.instanceId) ?? s.instanceId,
        cron: s.cron,
        timeZone: s.timeZone,
        destinationRef: s.destinationId ? (refs.get(s.destinationId) ?? null) : null,
        enabled: s.enabled,
        keepDaily: s.keepDaily,
        keepWeekly: s.keepWeekly,
        keepMonthly: s.keepMonthly,
        minimumKeep: s.minimumKeep,
        drillCron: s.drillCron,
      }))
      .sort((a, b) => a.instance.localeCompare(b.instance)),
  };
}

/** The destinations' sealed credentials, for the export's key ids. */
export function sealedBackupCredentials(content: Partial<DrBackupContent>): string[] {
  return (content.backupDestinations ?? []).map((d) => d.sealedCredentials).filter((v): v is string => v !== null);
}

/** The destinations without their credentials, and the names of those left out. */
export function withoutBackupCredentials(content: Partial<DrBackupContent>): {
  backupDestinations: DrBackupContent['backupDestinations'];
  names: string[];
} {
  const destinations = content.backupDestinations ?? [];
  return {
    backupDestinations: destinations.map((d) => ({ ...d, sealedCredentials: null })),
    names: destinations
      .filter((d) => d.sealedCredentials !== null)
      .map((d) => `backupDestinations.${d.ref}.credentials`),
  };
}

/** What an import made of an export's destinations and schedules, and what it could not. */
export interface RestoredBackupContent {
  destinations: number;
  schedules: number;
  skipped: { item: string; reason: string }[];
}

/**
 * Restores an export's destinations (their credentials resealed by `reseal`; null when withheld
 * or unreadable, to be given again) and schedules, onto the import's new servers and instances.
 * The schedules come back turned off: their instances are definitions until redeployed and
 * their data restored; each is turned on again then. The default destination is set again.
 */
export async function restoreBackupContent(
  tx: Repositories,
  organizationId: string,
  content: Partial<DrBackupContent>,
  ids: { servers: Map<string, string>; instances: Map<string, string> },
  reseal: (sealed: string) => string | null,
): Promise<RestoredBackupContent> {
  const skipped: RestoredBackupContent['skipped'] = [];
  const destinationIds = new Map<string, string>();
  for (const d of content.backupDestinations ?? []) {
    const serverId = d.server ? ids.servers.get(d.server.serverRef) : undefined;
    if (d.server && !serverId) {
      skipped.push({ item: `backupDestinations.${d.name}`, reason: 'its server is not in this export: add it again' });
      continue;
    }
    const stored = await tx.backupDestinations.insert({
      organizationId,
      name: d.name,
      kind: d.kind,
      ...(d.server && serverId ? { server: { serverId, directory: d.server.directory } } : {}),
      ...(d.s3 ? { s3: d.s3 } : {}),
      ...(d.sftp ? { sftp: d.sftp } : {}),
      sealedCredentials: d.sealedCredentials ? reseal(d.sealedCredentials) : null,
    });
    destinationIds.set(d.ref, stored.id);
    if (d.isDefault) await tx.settings.update(organizationId, { backupDestinationId: stored.id });
  }
  let schedules = 0;
  for (const s of content.backupSchedules ?? []) {
    const instanceId = ids.instances.get(s.instance);
    if (!instanceId) {
      skipped.push({ item: `backupSchedules.${s.instance}`, reason: 'its instance was not restored: set it again' });
      continue;
    }
    const { instance: _name, destinationRef, drillCron, ...settings } = s;
    await tx.backupSchedules.save({
      ...settings,
      drillCron: drillCron ?? null,
      instanceId,
      organizationId,
      destinationId: destinationRef ? (destinationIds.get(destinationRef) ?? null) : null,
      enabled: false,
      ...emptyScheduleState,
    });
    schedules += 1;
  }
  return { destinations: destinationIds.size, schedules, skipped };
}
