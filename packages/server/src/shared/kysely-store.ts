import type { Repositories, Store } from '@ocore/core';
import type { Kysely } from 'kysely';
import { createUserRepository } from '../auth/kysely-user.repository.js';
import type { Database } from '../db/database.js';
import { createMemberRepository } from '../members/kysely-member.repository.js';
import { createRoleRepository } from '../members/kysely-role.repository.js';
import { createOrganizationRepository } from '../organizations/kysely-organization.repository.js';
import { createAuditLog, createEventLog } from './kysely-logs.repository.js';
import { createOrgSettingsRepository } from '../org-settings/kysely-org-settings.repository.js';
import { createAgencyRepository } from '../agency/kysely-agency.repository.js';
import { createPortalDomainRepository } from '../portal-domains/kysely-portal-domain.repository.js';
import { createServerRepository } from '../servers/kysely-server.repository.js';
import { createDeploymentRepository, createTopologyRepository } from '../topologies/kysely-topology.repository.js';
import { createChallengeRepository, createPasskeyRepository } from '../passkeys/kysely-passkey.repository.js';
import { createTemplateRepository } from '../templates/kysely-template.repository.js';
import { createInstanceRepository } from '../instances/kysely-instance.repository.js';
import { createPasswordResetRepository, createSessionRepository } from '../auth/kysely-session.repository.js';
import { createInvitationRepository } from '../invitations/kysely-invitation.repository.js';
import { createApiKeyRepository } from '../api-keys/kysely-api-key.repository.js';
import { createOperationRepository } from '../instances/kysely-operation.repository.js';
import { createProjectRepository } from '../projects/kysely-project.repository.js';
import { createBackupRepository } from '../backups/kysely-backup.repository.js';
import { createDestinationRepository } from '../backups/kysely-destination.repository.js';
import { createBackupScheduleRepository } from '../backups/kysely-schedule.repository.js';
import { createInstanceDomainRepository } from '../instance-domains/kysely-instance-domain.repository.js';
import { createHostnameCertificateRepository } from '../instance-domains/kysely-hostname-certificate.repository.js';
import { createNotificationConfigRepository } from '../notifications/kysely-notification.repository.js';

function createRepositories(db: Kysely<Database>): Repositories {
  return {
    users: createUserRepository(db),
    organizations: createOrganizationRepository(db),
    roles: createRoleRepository(db),
    members: createMemberRepository(db),
    events: createEventLog(db),
    audit: createAuditLog(db),
    settings: createOrgSettingsRepository(db),
    agencies: createAgencyRepository(db),
    portalDomains: createPortalDomainRepository(db),
    servers: createServerRepository(db),
    topologies: createTopologyRepository(db),
    deployments: createDeploymentRepository(db),
    passkeys: createPasskeyRepository(db),
    webauthnChallenges: createChallengeRepository(db),
    templates: createTemplateRepository(db),
    instances: createInstanceRepository(db),
    sessions: createSessionRepository(db),
    passwordResets: createPasswordResetRepository(db),
    emailVerifications: createPasswordResetRepository(db, 'emailVerifications'),
    invitations: createInvitationRepository(db),
    apiKeys: createApiKeyRepository(db),
    operations: createOperationRepository(db),
    projects: createProjectRepository(db),
    backups: createBackupRepository(db),
    backupDestinations: createDestinationRepository(db),
    backupSchedules: createBackupScheduleRepository(db),
    instanceDomains: createInstanceDomainRepository(db),
    hostnameCertificates: createHostnameCertificateRepository(db),
    notificationConfig: createNotificationConfigRepository(db),
  };
}

/** PostgreSQL's answers to a transaction it chose to abort for another's sake: run it again. */
const retriable = new Set(['40P01', '40001']); // deadlock detected, serialization failure
const attempts = 3;

/**
 * Runs a transaction, again (up to three times in all) when PostgreSQL aborted it for a
 * deadlock: e.g. an organization's cascading delete and one of its jobs updating a backup lock
 * the same rows in opposite orders, and one of the two is chosen to fail. The work is database
 * writes only (events are published after the commit), so running it again is safe.
 */
export async function withRetriedTransaction<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= attempts || typeof code !== 'string' || !retriable.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}

/** The Store port over Kysely: the same repositories on a connection or inside a transaction. */
export function createKyselyStore(db: Kysely<Database>): Store {
  return {
    ...createRepositories(db),
    transaction: (work) =>
      withRetriedTransaction(() => db.transaction().execute((trx) => work(createRepositories(trx)))),
  };
}
