import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { agencyRouter } from '../agency/agency.router.js';
import { auditRouter } from '../audit/audit.router.js';
import { portalDomainRouter } from '../portal-domains/portal-domain.router.js';
import { portalRouter } from '../portal/portal.router.js';
import { serverRouter } from '../servers/server.router.js';
import { topologyRouter } from '../topologies/topology.router.js';
import { templateRouter } from '../templates/template.router.js';
import { instanceRouter } from '../instances/instance.router.js';
import { instanceFilesRouter } from '../instance-files/instance-files.router.js';
import { instanceDatabasesRouter } from '../instance-databases/instance-databases.router.js';
import { instanceDomainsRouter } from '../instance-domains/instance-domains.router.js';
import { instanceLogsRouter } from '../instance-logs/instance-logs.router.js';
import { instanceMonitoringRouter } from '../instance-monitoring/instance-monitoring.router.js';
import { projectRouter } from '../projects/project.router.js';
import { authRouter } from '../auth/auth.router.js';
import { drRouter } from '../disaster-recovery/dr.router.js';
import { orgSettingsRouter } from '../org-settings/org-settings.router.js';
import { eventsRouter } from '../events/events.router.js';
import { memberRouter } from '../members/member.router.js';
import { organizationRouter } from '../organizations/organization.router.js';
import { router } from './trpc.js';
import { invitationRouter } from '../invitations/invitation.router.js';
import { apiKeyRouter } from '../api-keys/api-key.router.js';
import { backupRouter } from '../backups/backup.router.js';
import { destinationRouter } from '../backups/destination.router.js';
import { terminalRouter } from '../terminals/terminal.router.js';
import { notificationRouter } from '../notifications/notification.router.js';

export const appRouter = router({
  auth: authRouter,
  organizations: organizationRouter,
  members: memberRouter,
  events: eventsRouter,
  settings: orgSettingsRouter,
  audit: auditRouter,
  dr: drRouter,
  agency: agencyRouter,
  portalDomains: portalDomainRouter,
  portal: portalRouter,
  servers: serverRouter,
  topologies: topologyRouter,
  templates: templateRouter,
  instances: instanceRouter,
  instanceFiles: instanceFilesRouter,
  instanceDatabases: instanceDatabasesRouter,
  instanceDomains: instanceDomainsRouter,
  instanceLogs: instanceLogsRouter,
  instanceMonitoring: instanceMonitoringRouter,
  invitations: invitationRouter,
  apiKeys: apiKeyRouter,
  projects: projectRouter,
  backups: backupRouter,
  backupDestinations: destinationRouter,
  terminals: terminalRouter,
  notifications: notificationRouter,
});

export type AppRouter = typeof appRouter;

/** Every procedure's input, as clients send it: `RouterInputs['servers']['create']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;

/** Every procedure's output, as clients receive it: `RouterOutputs['audit']['list']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
