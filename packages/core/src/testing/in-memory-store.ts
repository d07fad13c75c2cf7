import { createHostnameCertificateRepository } from './in-memory-hostname-certificates.js';
import type { UserRepository } from '../auth/auth.ports.js';
import { emailTaken } from '../shared/domain-error.js';
import type { EventLog } from '../shared/events.js';
import type { Clock } from '../shared/ports.js';
import type { Repositories, Store } from '../shared/store.js';
import { createAuditLog, createSettingsRepository } from './in-memory-settings.js';
import { createAgencyRepository, createPortalDomainRepository } from './in-memory-agency.js';
import { createServerRepository } from './in-memory-servers.js';
import { createDeploymentRepository, createTopologyRepository } from './in-memory-topologies.js';
import { createChallengeRepository, createPasskeyRepository } from './in-memory-passkeys.js';
import { createTemplateRepository } from './in-memory-templates.js';
import { createInstanceRepository, createOperationRepository, createProjectRepository } from './in-memory-instances.js';
import {
  createMemberRepository,
  createOrganizationRepository,
  createRoleRepository,
} from './in-memory-repositories.js';
import { createPeopleRepositories } from './in-memory-people.js';
import { createBackupRepository, createDestinationRepository } from './in-memory-backups.js';
import { createBackupScheduleRepository } from './in-memory-schedules.js';
import { createInstanceDomainRepository } from './in-memory-instance-domains.js';
import { createNotificationConfigRepository } from './in-memory-notifications.js';
import { createEmptyState, newId, nextSeq, type InMemoryState, type StateCell } from './in-memory-state.js';

/** Users kept in memory; emails are stored lowercased and unique, as the database keeps them. */
export function createUserRepository(cell: StateCell): UserRepository {
  return {
    async insert(user) {
      const email = user.email.toLowerCase();
      const taken = [...cell.current.users.values()].some((u) => u.email === email);
      if (taken) throw emailTaken();
      const row = {
        id: newId(),
        ...user,
        email,
        emailVerified: user.emailVerified ?? false,
        createdAt: cell.clock.now().toISOString(),
      };
      cell.current.users.set(row.id, row);
      const { passwordHash: _hidden, ...publicUser } = row;
      return publicUser;
    },
    async findByEmail(email) {
      const lower = email.toLowerCase();
      const found = [...cell.current.users.values()].find((u) => u.email === lower);
      return found && { ...found };
    },
    async findById(id) {
      const found = cell.current.users.get(id);
      if (!found) return undefined;
      const { passwordHash: _hidden, ...publicUser } = found;
      return publicUser;
    },
    async setPassword(id, passwordHash) {
      const found = cell.current.users.get(id);
      if (found) found.passwordHash = passwordHash;
    },
    async markEmailVerified(id) {
      const found = cell.current.users.get(id);
      if (found) found.emailVerified = true;
    },
  };
}

/** Event ids are zero-padded so that they compare in order as strings too. */
function eventId(seq: number): string {
  return String(seq).padStart(12, '0');
}

/** The event log kept in memory. */
export function createEventLog(cell: StateCell): EventLog {
  return {
    async append(events) {
      const stored = events.map((event) => ({
        ...structuredClone(event),
        id: eventId(nextSeq(cell.current)),
        createdAt: cell.clock.now().toISOString(),
      }));
      cell.current.events.push(...stored);
      return structuredClone(stored);
    },
    async listAfter(organizationIds, afterId, limit) {
      return cell.current.events
        .filter((e) => organizationIds.includes(e.organizationId) && (afterId === null || e.id > afterId))
        .slice(0, limit)
        .map((e) => structuredClone(e));
    },
  };
}

const writeMethods = new Set([
  'insert',
  'update',
  'delete',
  'insertMany',
  'add',
  'setRole',
  'remove',
  'append',
  'record',
  'findForUpdate',
  'purgeExpired',
  'enable',
  'updateBranding',
  'updatePortalConfig',
  'saveProbe',
  'setPassword',
  'markEmailVerified',
  'end',
  'endAllBut',
  'extend',
  'renew',
  'revoke',
  'revokeOpenFor',
  'accept',
  'appendLog',
  'failQueued',
  'saveSealedSecrets',
  'saveSharedDbSecret',
  'insertRestore',
  'updateRestore',
  'insertChannel',
  'saveRules',
]);

/**
 * The same repositories, refusing writes while a transaction is open: with a database such
 * a write would commit on its own and survive a rollback, which the snapshot cannot show.
 */
function guardWrites(repositories: Repositories, isInTransaction: () => boolean): Repositories {
  const guard = <R extends object>(name: string, repo: R): R =>
    Object.fromEntries(
      Object.entries(repo).map(([method, fn]) => [
        method,
        (...args: unknown[]) => {
          if (writeMethods.has(method) && isInTransaction()) {
            throw new Error(`${name}.${method} was called outside the open transaction; use its tx`);
          }
          return (fn as (...a: unknown[]) => unknown)(...args);
        },
      ]),
    ) as R;
  const guarded = Object.entries(repositories).map(([name, repo]) => [name, guard(name, repo as object)]);
  return Object.fromEntries(guarded) as Repositories;
}

export interface InMemoryStore extends Store {
  /** The committed state, for assertions; do not mutate it. */
  readonly state: InMemoryState;
}

/**
 * A Store in memory. Transactions run one at a time (so do not nest them); each works on the
 * live state and puts back a snapshot taken before it when the work throws, so a failure
 * leaves nothing.
 */
export function createInMemoryStore(clock: Clock): InMemoryStore {
  const cell: StateCell = { current: createEmptyState(), clock };
  const repositories: Repositories = {
    users: createUserRepository(cell),
    organizations: createOrganizationRepository(cell),
    roles: createRoleRepository(cell),
    members: createMemberRepository(cell),
    events: createEventLog(cell),
    audit: createAuditLog(cell),
    settings: createSettingsRepository(cell),
    agencies: createAgencyRepository(cell),
    portalDomains: createPortalDomainRepository(cell),
    servers: createServerRepository(cell),
    topologies: createTopologyRepository(cell),
    deployments: createDeploymentRepository(cell),
    passkeys: createPasskeyRepository(cell),
    webauthnChallenges: createChallengeRepository(cell),
    templates: createTemplateRepository(cell),
    instances: createInstanceRepository(cell),
    ...createPeopleRepositories(cell),
    operations: createOperationRepository(cell),
    projects: createProjectRepository(cell),
    backups: createBackupRepository(cell),
    backupDestinations: createDestinationRepository(cell),
    backupSchedules: createBackupScheduleRepository(cell),
    instanceDomains: createInstanceDomainRepository(cell),
    hostnameCertificates: createHostnameCertificateRepository(cell),
    notificationConfig: createNotificationConfigRepository(cell),
  };
  let queue: Promise<unknown> = Promise.resolve();
  let inTransaction = false;

  async function runAtomically<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    const snapshot = structuredClone(cell.current);
    inTransaction = true;
    try {
      return await work(repositories);
    } catch (error) {
      cell.current = snapshot;
      throw error;
    } finally {
      inTransaction = false;
    }
  }

  return {
    ...guardWrites(repositories, () => inTransaction),
    get state() {
      return cell.current;
    },
    transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
      const run = queue.then(() => runAtomically(work));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
