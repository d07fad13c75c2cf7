import type { PortalFeature } from '@ocore/core';
import { lazy, Suspense, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { Loading } from '../components/layout';
import { GuestOnly, RequireAuth } from '../features/auth/components/require-auth';
import { PortalFeatureGate } from '../features/portal/components/portal-feature-gate';
import { PortalNotFound } from '../features/portal/components/portal-not-found';
import { portalFeatureList } from '../lib/portal-features';
import { PortalLayout } from './layout/portal-layout';
import { PortalHomePage } from './routes/portal-home.page';
import { PortalLoginPage } from './routes/portal-login.page';
import { accountLinkRoutes } from './routes/account-links.page';
import { AccountPage, InstanceDatabasesPage, InstanceDomainsPage, InstanceFilesPage, MembersPage } from './lazy-pages';

// Logs and monitoring (uPlot) load when first opened.
const PortalLogsPage = lazy(() =>
  import('../features/instance-logs/instance-logs.page').then((module) => ({ default: module.PortalLogsPage })),
);
const PortalMonitoringPage = lazy(() =>
  import('../features/instance-monitoring/instance-monitoring.page').then((module) => ({
    default: module.PortalMonitoringPage,
  })),
);

const PortalBackupsPage = lazy(() =>
  import('../features/backups/backups.page').then((module) => ({ default: module.PortalBackupsPage })),
);

// xterm.js is only needed on the terminal pages.
const PortalTerminalPage = lazy(() =>
  import('./routes/portal-terminal.page').then((module) => ({ default: module.PortalTerminalPage })),
);

const terminalPage = (kind: 'shell' | 'odoo') => (
  <Suspense fallback={<Loading what="the terminal" />}>
    <PortalTerminalPage kind={kind} />
  </Suspense>
);

/** Each portal feature's page. */
const featurePages: Record<PortalFeature, ReactNode> = {
  teamManagementEnabled: <MembersPage />,
  featureLogs: (
    <Suspense fallback={<Loading what="the logs" />}>
      <PortalLogsPage />
    </Suspense>
  ),
  featureMonitoring: (
    <Suspense fallback={<Loading what="the monitoring" />}>
      <PortalMonitoringPage />
    </Suspense>
  ),
  featureFileEditor: <InstanceFilesPage />,
  featureDatabases: <InstanceDatabasesPage />,
  featureBackups: (
    <Suspense fallback={<Loading what="the backups" />}>
      <PortalBackupsPage />
    </Suspense>
  ),
  featureDomains: <InstanceDomainsPage />,
  featureTerminal: terminalPage('shell'),
  featureOdooShell: terminalPage('odoo'),
};

const featureRoutes: RouteObject[] = portalFeatureList.map((feature) => ({
  path: feature.path.slice(1),
  element: <PortalFeatureGate feature={feature.key}>{featurePages[feature.key]}</PortalFeatureGate>,
}));

/**
 * The client portal. Its sign-in page is reached on a portal host only: elsewhere the portal
 * shows to members of a client organization, who are signed in already.
 */
export const portalRoutes: RouteObject[] = [
  {
    element: <GuestOnly home="/" />,
    children: [{ path: '/login', element: <PortalLoginPage /> }],
  },
  ...accountLinkRoutes,
  {
    path: '/',
    element: (
      <RequireAuth>
        <PortalLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <PortalHomePage /> },
      ...featureRoutes,
      { path: 'account', element: <AccountPage /> },
      { path: '*', element: <PortalNotFound /> },
    ],
  },
];
