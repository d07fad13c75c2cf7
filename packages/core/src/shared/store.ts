import type { UserRepository } from '../auth/auth.ports.js';
import type { MemberRepository, RoleRepository } from '../members/member.ports.js';
import type { OrganizationRepository } from '../organizations/organization.ports.js';
import type { AuditLog, EventLog } from './events.js';
import type { OrgSettingsRepository } from '../org-settings/org-settings.ports.js';
import type { AgencyRepository } from '../agency/agency.ports.js';
import type { PortalDomainRepository } from '../portal-domains/portal-domain.ports.js';
import type { ServerRepository } from '../servers/server.ports.js';
import type { TemplateRepository } from '../templates/template.ports.js';
import type { InstanceRepository, OperationRepository } from '../instances/instance.ports.js';
import type { ProjectRepository } from '../projects/project.ports.js';
import type { TopologyRepository } from '../topologies/topology.ports.js';
import type { DeploymentRepository } from '../topologies/deployment.ports.js';
import type { ChallengeRepository, PasskeyRepository } from '../passkeys/passkey.ports.js';
import type { EmailVerificationRepository, PasswordResetRepository, SessionRepository } from '../auth/session.ports.js';
import type { InvitationRepository } from '../invitations/invitation.ports.js';
import type { ApiKeyRepository } from '../api-keys/api-key.ports.js';
import type { BackupRepository, DestinationRepository } from '../backups/backup.ports.js';
import type { BackupScheduleRepository } from '../backups/schedule.ports.js';
import type { InstanceDomainRepository } from '../instance-domains/instance-domain.ports.js';
import type { HostnameCertificateRepository } from '../instance-domains/hostname-certificate.ports.js';
import type { NotificationConfigRepository } from '../notifications/notification.ports.js';

/** Every repository, bound to one connection or one transaction. */
export interface Repositories {
  users: UserRepository;
  organizations: OrganizationRepository;
  roles: RoleRepository;
  members: MemberRepository;
  events: EventLog;
  audit: AuditLog;
  settings: OrgSettingsRepository;
  agencies: AgencyRepository;
  portalDomains: PortalDomainRepository;
  servers: ServerRepository;
  templates: TemplateRepository;
  instances: InstanceRepository;
  operations: OperationRepository;
  projects: ProjectRepository;
  topologies: TopologyRepository;
  deployments: DeploymentRepository;
  passkeys: PasskeyRepository;
  webauthnChallenges: ChallengeRepository;
  sessions: SessionRepository;
  passwordResets: PasswordResetRepository;
  emailVerifications: EmailVerificationRepository;
  invitations: InvitationRepository;
  apiKeys: ApiKeyRepository;
  backups: BackupRepository;
  backupDestinations: DestinationRepository;
  backupSchedules: BackupScheduleRepository;
  instanceDomains: InstanceDomainRepository;
  hostnameCertificates: HostnameCertificateRepository;
  /** Notification channels and rules (the notifier's own store holds deliveries and the rest). */
  notificationConfig: NotificationConfigRepository;
}

/** The repositories outside a transaction, and a way to run work inside one. */
export interface Store extends Repositories {
  /** Runs `work` in one transaction: all of it is stored, or none. */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
}
