import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  passwordHash: string;
  /** When a mailed link proved the address; null until then. */
  emailVerifiedAt: Date | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  slug: string;
  logoUrl: string | null;
  parentOrganizationId: string | null;
  agencyEnabled: Generated<boolean>;
  /** Kept by triggers (migration 20261124T1900). */
  clientCount: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface RolesTable {
  id: Generated<string>;
  organizationId: string;
  name: string;
  isSystem: boolean;
  permissions: string[];
  createdAt: CreatedAt;
}

export interface MembersTable {
  organizationId: string;
  userId: string;
  roleId: string;
  createdAt: CreatedAt;
}

export interface EventsTable {
  id: Generated<string>;
  organizationId: string;
  type: string;
  payload: JSONColumnType<Record<string, unknown>>;
  createdAt: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<string>;
  organizationId: string;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  diff: JSONColumnType<Record<string, unknown>>;
  ip: string | null;
  viaOrganizationId: string | null;
  createdAt: CreatedAt;
}

export interface OrgSettingsTable {
  organizationId: string;
  auditRetentionDays: number;
  bulkBatchSize: number;
  posthogEnabled: boolean;
  posthogApiHost: string;
  posthogUiHost: string;
  requirePasskey: boolean;
  terminalTranscripts: Generated<boolean>;
  backupEncryption: Generated<boolean>;
  backupKeySealed: string | null;
  posthogPersonalApiKeySealed: string | null;
  posthogWebhookSecretSealed: string | null;
  subscriptionCodeSealed: string | null;
  lastSubscriptionValidation: JSONColumnType<Record<string, unknown>> | null;
  lastExportAt: Date | null;
  lastExportUserId: string | null;
  backupDestinationId: Generated<string | null>;
  updatedAt: UpdatedAt;
  defaultServerId: string | null;
  defaultTemplateId: string | null;
  defaultOdooVersion: string | null;
  defaultWorkers: number | null;
  dnsProvider: ColumnType<Record<string, unknown> | null, string | null, string | null>;
}

export interface AgencyBrandingTable {
  id: Generated<string>;
  organizationId: string;
  logoUrl: string | null;
  primaryColor: string | null;
  accentColor: string | null;
  fontFamily: string | null;
  customCss: string | null;
  faviconUrl: string | null;
  loginBgUrl: string | null;
  fromEmail: string | null;
  footerText: string | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface PortalConfigTable {
  id: Generated<string>;
  organizationId: string;
  featureTerminal: Generated<boolean>;
  featureFileEditor: Generated<boolean>;
  featureOdooShell: Generated<boolean>;
  featureMonitoring: Generated<boolean>;
  featureBackups: Generated<boolean>;
  featureDomains: Generated<boolean>;
  featureLogs: Generated<boolean>;
  featureDatabases: Generated<boolean>;
  teamManagementEnabled: Generated<boolean>;
  infrastructureVisibility: Generated<string>;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface PortalDomainsTable {
  id: Generated<string>;
  organizationId: string;
  clientOrganizationId: string | null;
  subdomain: string | null;
  customDomain: string | null;
  dnsVerificationToken: string;
  dnsVerified: Generated<boolean>;
  dnsVerifiedAt: Date | null;
  sslStatus: Generated<string>;
  isActive: Generated<boolean>;
  status: Generated<string>;
  checkFailures: Generated<number>;
  failingSince: Date | null;
  lastCheckedAt: Date | null;
  nextCheckAt: Date | null;
  checkLeaseUntil: Date | null;
  lastError: string | null;
  diagnostics: JSONColumnType<Record<string, unknown>> | null;
  sslError: string | null;
  sslFailures: Generated<number>;
  sslRetryAt: Date | null;
  certificateExpiresAt: Date | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface PortalDomainCertificatesTable {
  portalDomainId: string;
  certPem: string;
  keySealed: string;
  expiresAt: Date;
  issuedAt: ColumnType<Date, Date | undefined, Date>;
}

export interface AcmeChallengesTable {
  token: string;
  keyAuthorization: string;
  createdAt: CreatedAt;
}

export interface AcmeAccountsTable {
  directoryUrl: string;
  accountKeySealed: string;
  accountUrl: string | null;
  createdAt: CreatedAt;
}

export interface ServersTable {
  id: Generated<string>;
  organizationId: string;
  name: string;
  host: string;
  port: number;
  sshUser: string;
  sshPrivateKeySealed: string | null;
  sshPasswordSealed: string | null;
  sshHostKey: ColumnType<string | null, string | null | undefined, string | null>;
  dockerSocket: Generated<string>;
  cpuCores: number;
  memoryMb: number;
  maxInstances: number;
  status: Generated<string>;
  lastProbeAt: Date | null;
  lastProbeError: string | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface TemplatesTable {
  id: Generated<string>;
  organizationId: string;
  name: string;
  description: string;
  odooVersion: string;
  odooEdition: string;
  defaultWorkers: number;
  /** [name, value] pairs, so the camel-case mapping leaves the upper-case names alone. */
  defaultEnvVars: JSONColumnType<[string, string][]>;
  moduleList: string[];
  /** Cores (real) and MB the instances' containers get; null: no limit. */
  cpuLimit: number | null;
  memoryLimitMb: number | null;
  isPublic: boolean;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface InstancesTable {
  id: Generated<string>;
  organizationId: string;
  templateId: string | null;
  serverId: string;
  name: string;
  odooVersion: string;
  odooEdition: string;
  workers: number;
  /** [name, value] pairs, as in templates. */
  envVars: JSONColumnType<[string, string][]>;
  moduleList: string[];
  status: Generated<string>;
  projectId: string | null;
  stage: Generated<string>;
  slug: string;
  cpuLimit: number | null;
  memoryLimitMb: number | null;
  failedStep: string | null;
  failureReason: string | null;
  secretsSealed: string | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface ProjectsTable {
  id: Generated<string>;
  organizationId: string;
  name: string;
  description: string;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface InstanceOperationsTable {
  id: Generated<string>;
  organizationId: string;
  instanceId: string | null;
  kind: string;
  status: string;
  step: string | null;
  error: string | null;
  keepData: boolean;
  createdAt: CreatedAt;
  startedAt: Date | null;
  finishedAt: Date | null;
  heartbeatAt: Date | null;
}

export interface InstanceOperationLogsTable {
  id: Generated<string>;
  operationId: string;
  at: Date;
  level: string;
  step: string;
  text: string;
}

export interface ServerDatabasesTable {
  serverId: string;
  passwordSealed: string;
}

export interface TopologiesTable {
  id: Generated<string>;
  organizationId: string;
  name: string;
  description: string | null;
  topologyData: JSONColumnType<Record<string, unknown>>;
  haConfig: JSONColumnType<Record<string, unknown>>;
  secretsSealed: ColumnType<string | null, string | null | undefined, string | null>;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface PasskeysTable {
  id: Generated<string>;
  userId: string;
  credentialId: string;
  publicKey: string;
  counter: ColumnType<string, number | undefined, number>;
  transports: JSONColumnType<string[]>;
  name: string;
  createdAt: CreatedAt;
  lastUsedAt: Date | null;
}

export interface WebauthnChallengesTable {
  id: Generated<string>;
  userId: string | null;
  purpose: string;
  challenge: string;
  expiresAt: Date;
}

export interface DeploymentsTable {
  id: Generated<string>;
  organizationId: string;
  topologyId: string;
  status: string;
  error: string | null;
  createdAt: CreatedAt;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface DeploymentNodesTable {
  deploymentId: string;
  nodeId: string;
  position: number;
  kind: string;
  serverId: string;
  status: string;
  reason: string | null;
  files: JSONColumnType<string[]>;
  updatedAt: UpdatedAt;
}

export interface SessionsTable {
  id: Generated<string>;
  userId: string;
  ip: string | null;
  passkey: boolean;
  createdAt: CreatedAt;
  lastUsedAt: ColumnType<Date, Date | undefined, Date>;
  expiresAt: Date;
  endedAt: Date | null;
}

export interface PasswordResetsTable {
  tokenHash: string;
  userId: string;
  createdAt: CreatedAt;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface InvitationsTable {
  id: Generated<string>;
  organizationId: string;
  email: string;
  roleId: string;
  tokenHash: string;
  invitedByUserId: string | null;
  createdAt: CreatedAt;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedUserId: string | null;
  revokedAt: Date | null;
}

export interface ApiKeysTable {
  id: Generated<string>;
  organizationId: string;
  name: string;
  roleId: string;
  prefix: string;
  keyHash: string;
  createdByUserId: string;
  createdAt: CreatedAt;
  lastUsedAt: Date | null;
}

/** An instance's metric point, raw ('10s') or rolled up ('5m'). */
export interface InstanceMetricsTable {
  instanceId: string;
  organizationId: string;
  resolution: '10s' | '5m';
  at: Date;
  cpuPercent: number | null;
  memoryBytes: number | null;
  memoryLimitBytes: number | null;
  networkRxBytes: number | null;
  networkTxBytes: number | null;
  blockReadBytes: number | null;
  blockWriteBytes: number | null;
  healthChecks: number;
  healthPassed: number;
  responseMs: number | null;
}

/** The whole schema, in camelCase; the CamelCasePlugin maps it to snake_case columns. */
export interface BackupDestinationsTable {
  id: Generated<string>;
  organizationId: string;
  name: string;
  kind: string;
  settings: JSONColumnType<Record<string, unknown>>;
  credentialsSealed: string | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface BackupsTable {
  id: Generated<string>;
  organizationId: string;
  instanceId: string | null;
  destinationId: string | null;
  status: string;
  format: string;
  encrypted: Generated<boolean>;
  trigger: string;
  purpose: string | null;
  database: string | null;
  storageKey: string;
  /** bigint: the driver answers it as a string. */
  sizeBytes: ColumnType<string | null, number | null | undefined, number | null>;
  sha256: string | null;
  durationMs: number | null;
  reason: string | null;
  verifyStatus: string | null;
  verifyReason: string | null;
  createdBy: string | null;
  createdAt: CreatedAt;
  completedAt: Date | null;
  verifiedAt: Date | null;
}

export interface BackupSchedulesTable {
  instanceId: string;
  organizationId: string;
  cron: string;
  timeZone: string;
  destinationId: string | null;
  enabled: boolean;
  keepDaily: number;
  keepWeekly: number;
  keepMonthly: number;
  minimumKeep: number;
  drillCron: string | null;
  nextDrillAt: Date | null;
  nextRunAt: Date | null;
  owedSince: Date | null;
  pendingSlot: Date | null;
  backupId: string | null;
  attempt: number;
  retryAt: Date | null;
  overdueNotifiedFor: Date | null;
  lastFailure: string | null;
  updatedAt: UpdatedAt;
}

export interface BackupRestoresTable {
  id: Generated<string>;
  organizationId: string;
  backupId: string;
  instanceId: string;
  status: string;
  step: string | null;
  safetyBackupId: string | null;
  target: Generated<string>;
  error: string | null;
  createdBy: string | null;
  createdAt: CreatedAt;
  finishedAt: Date | null;
}

export interface TerminalTicketsTable {
  hash: string;
  organizationId: string;
  userId: string;
  instanceId: string;
  kind: 'shell' | 'odoo';
  columns: number;
  rows: number;
  createdAt: CreatedAt;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface HostnameCertificatesTable {
  instanceId: string;
  organizationId: string;
  hostname: string;
  sslStatus: Generated<string>;
  sslError: string | null;
  sslFailures: Generated<number>;
  sslRetryAt: Date | null;
  certPem: string | null;
  keySealed: string | null;
  certificateExpiresAt: Date | null;
  updatedAt: UpdatedAt;
}

export interface InstanceDomainsTable {
  id: Generated<string>;
  organizationId: string;
  instanceId: string;
  domain: string;
  dnsVerificationToken: string;
  dnsVerified: Generated<boolean>;
  dnsVerifiedAt: Date | null;
  isActive: Generated<boolean>;
  status: Generated<string>;
  checkFailures: Generated<number>;
  failingSince: Date | null;
  lastCheckedAt: Date | null;
  nextCheckAt: Date | null;
  lastError: string | null;
  diagnostics: JSONColumnType<Record<string, unknown>> | null;
  sslStatus: Generated<string>;
  sslError: string | null;
  sslFailures: Generated<number>;
  sslRetryAt: Date | null;
  certPem: string | null;
  keySealed: string | null;
  certificateExpiresAt: Date | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface TerminalTranscriptsTable {
  id: Generated<string>;
  organizationId: string;
  instanceId: string;
  userId: string | null;
  kind: string;
  startedAt: Date;
  endedAt: Date;
  outputBytes: number;
  inputBytes: number;
  truncated: boolean;
  contentSealed: string;
}

export interface Database {
  terminalTranscripts: TerminalTranscriptsTable;
  users: UsersTable;
  organizations: OrganizationsTable;
  roles: RolesTable;
  members: MembersTable;
  events: EventsTable;
  auditLog: AuditLogTable;
  orgSettings: OrgSettingsTable;
  agencyBranding: AgencyBrandingTable;
  portalConfig: PortalConfigTable;
  portalDomains: PortalDomainsTable;
  portalDomainCertificates: PortalDomainCertificatesTable;
  acmeChallenges: AcmeChallengesTable;
  acmeAccounts: AcmeAccountsTable;
  servers: ServersTable;
  templates: TemplatesTable;
  instances: InstancesTable;
  projects: ProjectsTable;
  instanceOperations: InstanceOperationsTable;
  instanceMetrics: InstanceMetricsTable;
  instanceOperationLogs: InstanceOperationLogsTable;
  serverDatabases: ServerDatabasesTable;
  topologies: TopologiesTable;
  deployments: DeploymentsTable;
  deploymentNodes: DeploymentNodesTable;
  passkeys: PasskeysTable;
  webauthnChallenges: WebauthnChallengesTable;
  sessions: SessionsTable;
  passwordResets: PasswordResetsTable;
  emailVerifications: PasswordResetsTable;
  invitations: InvitationsTable;
  apiKeys: ApiKeysTable;
  backupDestinations: BackupDestinationsTable;
  backups: BackupsTable;
  backupRestores: BackupRestoresTable;
  backupSchedules: BackupSchedulesTable;
  terminalTickets: TerminalTicketsTable;
  instanceDomains: InstanceDomainsTable;
  hostnameCertificates: HostnameCertificatesTable;
  notificationChannels: NotificationChannelsTable;
  notificationRules: NotificationRulesTable;
  notificationDeliveries: NotificationDeliveriesTable;
  notificationCursor: { id: number; lastEventId: string };
  notificationStates: { key: string; state: string; updatedAt: UpdatedAt };
  notificationWindows: NotificationWindowsTable;
}

export interface NotificationChannelsTable {
  id: Generated<string>;
  organizationId: string;
  name: string;
  kind: 'email' | 'webhook' | 'slack';
  enabled: boolean;
  addresses: JSONColumnType<string[]>;
  url: string | null;
  secretSealed: string | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface NotificationRulesTable {
  organizationId: string;
  channels: JSONColumnType<Record<string, string[]>>;
  copyClientNotifications: boolean;
  updatedAt: UpdatedAt;
}

export interface NotificationDeliveriesTable {
  id: Generated<string>;
  organizationId: string;
  channelId: string;
  kind: string;
  title: string;
  message: JSONColumnType<Record<string, unknown>>;
  status: 'queued' | 'retrying' | 'delivered' | 'failed' | 'coalesced';
  attempts: Generated<number>;
  lastError: string | null;
  responseStatus: number | null;
  createdAt: CreatedAt;
  deliveredAt: Date | null;
  /** The attempt that holds the delivery, until `claimedUntil` (see attemptDelivery). */
  claimId: string | null;
  claimedUntil: Date | null;
}

export interface NotificationWindowsTable {
  id: Generated<string>;
  channelId: string;
  coalesceKey: string;
  until: Date;
  heldCount: Generated<number>;
  heldMessage: ColumnType<Record<string, unknown> | null, string | null, string | null>;
}
