import type { HostnameCertificateRow } from './in-memory-hostname-certificates.js';
import type { InstanceDomainRow } from './in-memory-instance-domains.js';
import { randomUUID } from 'node:crypto';
import type { UserWithSecret } from '../auth/auth.ports.js';
import type { Organization } from '../organizations/organization.schema.js';
import type { OrgSettingsRecord } from '../org-settings/org-settings.ports.js';
import type { Branding, PortalConfig } from '../agency/agency.schema.js';
import type { PortalDomain } from '../portal-domains/portal-domain.schema.js';
import type { ServerRecord } from '../servers/server.ports.js';
import type { Topology } from '../topologies/topology.schema.js';
import type { Deployment } from '../topologies/deployment.schema.js';
import type { TemplateRecord } from '../templates/template.ports.js';
import type { InstanceRow, OperationRow, ProjectRow } from './in-memory-instances.js';
import type { AuditEntry, DomainEvent } from '../shared/events.js';
import type { Clock } from '../shared/ports.js';
import type { ChallengePurpose, StoredPasskey } from '../passkeys/passkey.ports.js';
import type { PeopleState } from './in-memory-people.js';
import type { BackupState } from './in-memory-backups.js';
import type { BackupScheduleRecord } from '../backups/schedule.ports.js';
import type { ChannelRecord, StoredRules } from '../notifications/notification.ports.js';

export interface RoleRow {
  id: string;
  organizationId: string;
  name: string;
  isSystem: boolean;
  permissions: string[];
}

export interface MemberRow {
  organizationId: string;
  userId: string;
  roleId: string;
  joinedAt: string;
  /** Breaks ties between members who joined at the same instant, keeping join order. */
  seq: number;
}

/** Everything the in-memory store holds; plain data so a transaction can snapshot it. */
export interface InMemoryState {
  users: Map<string, UserWithSecret>;
  organizations: Map<string, Organization>;
  roles: Map<string, RoleRow>;
  members: MemberRow[];
  events: DomainEvent[];
  audit: (AuditEntry & { id: string; createdAt: string })[];
  settings: Map<string, OrgSettingsRecord>;
  branding: Map<string, Branding>;
  portalConfig: Map<string, PortalConfig>;
  portalDomains: (PortalDomain & {
    checkFailures: number;
    failingSince: string | null;
    leaseUntil: string | null;
    sslFailures: number;
  })[];
  servers: ServerRecord[];
  topologies: (Topology & { sealedSecrets?: string })[];
  deployments: Deployment[];
  passkeys: StoredPasskey[];
  webauthnChallenges: {
    id: string;
    userId: string | null;
    purpose: ChallengePurpose;
    challenge: string;
    expiresAt: string;
  }[];
  templates: TemplateRecord[];
  instances: InstanceRow[];
  operations: OperationRow[];
  projects: ProjectRow[];
  sharedDbSecrets: Map<string, string>;
  certificates: Map<string, { certPem: string; keySealed: string; expiresAt: string }>;
  people: PeopleState;
  backups: BackupState;
  backupSchedules: BackupScheduleRecord[];
  instanceDomains: InstanceDomainRow[];
  hostnameCertificates: HostnameCertificateRow[];
  notificationChannels: ChannelRecord[];
  notificationRules: Map<string, StoredRules>;
  seq: number;
}

/** A mutable handle on the current state, so that a rollback can swap the whole of it. */
export interface StateCell {
  current: InMemoryState;
  clock: Clock;
}

/** An empty state. */
export function createEmptyState(): InMemoryState {
  return {
    users: new Map(),
    organizations: new Map(),
    roles: new Map(),
    members: [],
    events: [],
    audit: [],
    settings: new Map(),
    branding: new Map(),
    portalConfig: new Map(),
    portalDomains: [],
    certificates: new Map(),
    servers: [],
    topologies: [],
    deployments: [],
    passkeys: [],
    webauthnChallenges: [],
    templates: [],
    instances: [],
    people: { sessions: [], resets: [], verifications: [], invitations: [], apiKeys: [] },
    backups: { backups: [], destinations: [], restores: [] },
    backupSchedules: [],
    instanceDomains: [],
    hostnameCertificates: [],
    notificationChannels: [],
    notificationRules: new Map(),
    operations: [],
    projects: [],
    sharedDbSecrets: new Map(),
    seq: 0,
  };
}

/** A new UUID, as the database would generate. */
export function newId(): string {
  return randomUUID();
}

/** The next value of the state's sequence, used for ordering and event ids. */
export function nextSeq(state: InMemoryState): number {
  state.seq += 1;
  return state.seq;
}
