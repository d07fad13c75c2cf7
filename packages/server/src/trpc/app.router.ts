import { agencyRouter } from '../agency/agency.router.js';
import { auditRouter } from '../audit/audit.router.js';
import { portalDomainRouter } from '../portal-domains/portal-domain.router.js';
import { portalRouter } from '../portal/portal.router.js';
import { serverRouter } from '../servers/server.router.js';
import { topologyRouter } from '../topologies/topology.router.js';
import { templateRouter } from '../templates/template.router.js';
import { instanceRouter } from '../instances/instance.router.js';
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
import { terminalRouter } from '../terminals/terminal.router.js';

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
  invitations: invitationRouter,
  apiKeys: apiKeyRouter,
  projects: projectRouter,
  terminals: terminalRouter,
});

export type AppRouter = typeof appRouter;
