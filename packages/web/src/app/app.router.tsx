import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, useRoutes, type RouteObject } from 'react-router';
import { Loading } from '../components/layout';
import { GuestOnly, RequireAuth } from '../features/auth/components/require-auth';
import { RequireOrg } from './require-org';
import { useAppMode } from '../features/portal/api/use-portal-mode';
import { AppLayout } from './layout/app-layout';
import { navItems } from './layout/nav-items';
import { portalRoutes } from './portal.routes';
import { AgencyBrandingPage } from './routes/agency-branding.page';
import { AgencyDomainsPage } from './routes/agency-domains.page';
import { AgencyOverviewPage } from './routes/agency-overview.page';
import { AgencyPortalPage } from './routes/agency-portal.page';
import { AgencySection } from './routes/agency-section';
import { AuditLogPage } from './routes/audit-log.page';
import { ComingSoonPage } from './routes/coming-soon.page';
import { CreateOrganizationPage } from './routes/create-organization.page';
import { LoginPage } from './routes/login.page';
import { NotFoundPage } from './routes/not-found.page';
import { OrganizationPage } from './routes/organization.page';
import { SettingsPage } from './routes/settings.page';
import { SignupPage } from './routes/signup.page';
import { AccountPasskeysPage } from './routes/account-passkeys.page';
import { accountLinkRoutes } from './routes/account-links.page';
import {
  AccountPage,
  AgencyClientsPage,
  HomePage,
  InstanceDatabasesPage,
  InstanceDomainsPage,
  InstanceFilesPage,
  MembersPage,
  NotificationsPage,
  ServerEditPage,
  ServersPage,
  TemplatesPage,
  TerminalTranscriptPage,
  TopologiesPage,
} from './lazy-pages';

// The graph library is only needed here; a chunk of its own keeps the first download small.
const TopologyEditorPage = lazy(() =>
  import('./routes/topology-editor.page').then((module) => ({ default: module.TopologyEditorPage })),
);

// The instances pages bring the core schemas their forms check input with: a chunk of their own.
const InstancesPage = lazy(() => import('./routes/instances.page').then((m) => ({ default: m.InstancesPage })));
const InstancePage = lazy(() => import('./routes/instance.page').then((m) => ({ default: m.InstancePage })));
const ProjectsPage = lazy(() => import('./routes/projects.page').then((m) => ({ default: m.ProjectsPage })));

/** An instances page once its chunk is loaded. */
function lazyInstances(page: ReactNode) {
  return <Suspense fallback={<Loading what="instances" />}>{page}</Suspense>;
}
// Logs and monitoring (uPlot) load when first opened.
const InstanceLogsPage = lazy(() =>
  import('../features/instance-logs/instance-logs.page').then((module) => ({ default: module.InstanceLogsPage })),
);
const InstanceMonitoringPage = lazy(() =>
  import('../features/instance-monitoring/instance-monitoring.page').then((module) => ({
    default: module.InstanceMonitoringPage,
  })),
);

// xterm.js is only needed on the terminal pages.
const InstanceTerminalPage = lazy(() =>
  import('./routes/instance-terminal.page').then((module) => ({ default: module.InstanceTerminalPage })),
);

// The backups pages bring croner for the schedule's preview: a chunk of their own.
const InstanceBackupsPage = lazy(() =>
  import('../features/backups/backups.page').then((module) => ({ default: module.InstanceBackupsPage })),
);
const BackupDestinationsPage = lazy(() =>
  import('../features/backups/backups.page').then((module) => ({ default: module.BackupDestinationsPage })),
);

const terminalPage = (kind: 'shell' | 'odoo') => (
  <Suspense fallback={<Loading what="the terminal" />}>
    <InstanceTerminalPage kind={kind} />
  </Suspense>
);

const comingSoonRoutes: RouteObject[] = navItems.flatMap((item) =>
  item.comingSoon
    ? [{ path: item.path.slice(1), element: <ComingSoonPage title={item.label} description={item.comingSoon} /> }]
    : [],
);

/**
 * Declarative routes: TanStack Query does the data loading, so react-router's data router
 * (loaders, actions) would only add weight (about 17 kB gzipped).
 */
const dashboardRoutes: RouteObject[] = [
  {
    element: <GuestOnly />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/signup', element: <SignupPage /> },
    ],
  },
  ...accountLinkRoutes,
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      {
        element: <RequireOrg />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'org', element: <OrganizationPage /> },
          { path: 'members', element: <MembersPage /> },
          { path: 'settings', element: <SettingsPage /> },
          { path: 'notifications', element: <NotificationsPage /> },
          { path: 'audit-log', element: <AuditLogPage /> },
          { path: 'audit-log/transcripts/:id', element: <TerminalTranscriptPage /> },
          { path: 'servers', element: <ServersPage /> },
          { path: 'servers/:serverId', element: <ServerEditPage /> },
          { path: 'instances', element: lazyInstances(<InstancesPage />) },
          { path: 'instances/:instanceId', element: lazyInstances(<InstancePage />) },
          { path: 'projects', element: lazyInstances(<ProjectsPage />) },
          {
            path: 'instances/:id/logs',
            element: (
              <Suspense fallback={<Loading what="the logs" />}>
                <InstanceLogsPage />
              </Suspense>
            ),
          },
          {
            path: 'instances/:id/monitoring',
            element: (
              <Suspense fallback={<Loading what="the monitoring" />}>
                <InstanceMonitoringPage />
              </Suspense>
            ),
          },
          { path: 'templates', element: <TemplatesPage /> },
          {
            path: 'instances/:id/backups',
            element: (
              <Suspense fallback={<Loading what="the backups" />}>
                <InstanceBackupsPage />
              </Suspense>
            ),
          },
          {
            path: 'backup-destinations',
            element: (
              <Suspense fallback={<Loading what="the destinations" />}>
                <BackupDestinationsPage />
              </Suspense>
            ),
          },
          { path: 'instances/:id/files', element: <InstanceFilesPage /> },
          { path: 'instances/:id/databases', element: <InstanceDatabasesPage /> },
          { path: 'instances/:id/domains', element: <InstanceDomainsPage /> },
          { path: 'topologies', element: <TopologiesPage /> },
          { path: 'instances/:instanceId/terminal', element: terminalPage('shell') },
          { path: 'instances/:instanceId/shell', element: terminalPage('odoo') },
          {
            path: 'topologies/:topologyId',
            element: (
              <Suspense fallback={<Loading what="the topology editor" />}>
                <TopologyEditorPage />
              </Suspense>
            ),
          },
          // Where the section was announced before it moved in with the agency's other pages.
          { path: 'portal-domains', element: <Navigate to="/agency/domains" replace /> },
          {
            path: 'agency',
            element: <AgencySection />,
            children: [
              { index: true, element: <AgencyOverviewPage /> },
              { path: 'clients', element: <AgencyClientsPage /> },
              { path: 'branding', element: <AgencyBrandingPage /> },
              { path: 'portal', element: <AgencyPortalPage /> },
              { path: 'domains', element: <AgencyDomainsPage /> },
            ],
          },
        ],
      },
      { path: 'organizations/new', element: <CreateOrganizationPage /> },
      { path: 'account/passkeys', element: <AccountPasskeysPage /> },
      { path: 'account', element: <AccountPage /> },
      ...comingSoonRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

/** The dashboard, or a client's portal (see useAppMode); nothing until it is known which. */
export function AppRoutes() {
  const mode = useAppMode();
  const element = useRoutes(mode === 'portal' ? portalRoutes : dashboardRoutes);
  return mode === 'pending' ? <div className="boot" role="status" aria-label="Loading" /> : element;
}
