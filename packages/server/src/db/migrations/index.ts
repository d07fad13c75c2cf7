import type { Migration, MigrationProvider } from 'kysely/migration';
import * as foundation from './20261124T0900-foundation.js';
import * as orgSettings from './20261124T1000-org-settings.js';
import * as agency from './20261124T1100-agency.js';
import * as domainChecks from './20261124T1200-domain-checks.js';
import * as instanceDomains from './20261207T0130-instance-domains.js';
import * as servers from './20261124T1300-servers.js';
import * as sslRetry from './20261124T1600-ssl-retry.js';
import * as templates from './20261124T1400-templates.js';
import * as topologies from './20261124T1500-topologies.js';
import * as deployments from './20261124T1700-deployments.js';
import * as passkeys from './20261124T1800-passkeys.js';
import * as clientCounts from './20261124T1900-client-counts.js';
import * as people from './20261206T1200-people.js';
import * as instanceLifecycle from './20261206T1400-instance-lifecycle.js';
import * as instanceMetrics from './20261206T2130-instance-metrics.js';
import * as backups from './20261206T2120-backups.js';
import * as terminalTickets from './20261206T2140-terminal-tickets.js';
import * as backupSchedules from './20261207T0110-backup-schedules.js';
import * as scheduledDrills from './20261210T0400-scheduled-drills.js';
import * as backupDrills from './20261207T0120-backup-drills.js';
import * as emailVerification from './20261207T0150-email-verification.js';
import * as notifications from './20261207T0140-notifications.js';
import * as orgDefaults from './20261207T0141-org-defaults.js';
import * as notificationDeliveryClaims from './20261208T0700-notification-delivery-claims.js';
import * as serverDockerSocket from './20261208T0600-server-docker-socket.js';
import * as serverPending from './20261207T0200-server-pending.js';
import * as terminalTranscripts from './20261208T0400-terminal-transcripts.js';
import * as hostnameCertificates from './20261210T0300-hostname-certificates.js';
import * as backupEncryption from './20261210T0200-backup-encryption.js';
import * as backupPurpose from './20261211T1300-backup-purpose.js';
import * as notificationUpdateFailed from './20261212T0100-notification-update-failed.js';
import * as instanceDomainReminders from './20261213T0100-instance-domain-reminders.js';
import * as templateLimits from './20261210T0410-template-limits.js';

/**
 * Every migration, named by timestamp. Listed in code rather than read from a folder so
 * the built server needs no file-system lookup. Forward-only: there are no `down`s.
 */
const migrations: Record<string, Migration> = {
  '20261124T0900-foundation': foundation,
  '20261124T1000-org-settings': orgSettings,
  '20261124T1100-agency': agency,
  '20261124T1200-domain-checks': domainChecks,
  '20261124T1300-servers': servers,
  '20261124T1600-ssl-retry': sslRetry,
  '20261124T1500-topologies': topologies,
  '20261124T1400-templates': templates,
  '20261124T1700-deployments': deployments,
  '20261124T1800-passkeys': passkeys,
  '20261124T1900-client-counts': clientCounts,
  '20261206T1200-people': people,
  '20261206T1400-instance-lifecycle': instanceLifecycle,
  '20261206T2130-instance-metrics': instanceMetrics,
  '20261206T2120-backups': backups,
  '20261206T2140-terminal-tickets': terminalTickets,
  '20261207T0110-backup-schedules': backupSchedules,
  '20261207T0120-backup-drills': backupDrills,
  '20261207T0150-email-verification': emailVerification,
  '20261207T0130-instance-domains': instanceDomains,
  '20261207T0140-notifications': notifications,
  '20261207T0141-org-defaults': orgDefaults,
  '20261208T0700-notification-delivery-claims': notificationDeliveryClaims,
  '20261208T0600-server-docker-socket': serverDockerSocket,
  '20261207T0200-server-pending': serverPending,
  '20261208T0400-terminal-transcripts': terminalTranscripts,
  '20261210T0300-hostname-certificates': hostnameCertificates,
  '20261210T0200-backup-encryption': backupEncryption,
  '20261211T1300-backup-purpose': backupPurpose,
  '20261212T0100-notification-update-failed': notificationUpdateFailed,
  '20261213T0100-instance-domain-reminders': instanceDomainReminders,
  '20261210T0410-template-limits': templateLimits,
  '20261210T0400-scheduled-drills': scheduledDrills,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
