import type { PortalFeature } from '@ocore/core';
import { lazy, Suspense, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { Loading } from '../components/layout';
import { GuestOnly, RequireAuth } from '../features/auth/components/require-auth';
import { PortalFeatureGate } from '../features/portal/components/portal-feature-gate';
import { PortalNotFound } from '../features/portal/components/portal-not-found';
import { portalFeatureList } from '../lib/portal-features';
import { PortalLayout } from './layout/portal-layout';
import { InstanceDatabasesPage } from './routes/instance-databases.page';
import { InstanceFilesPage } from './routes/instance-files.page';
import { MembersPage } from './routes/members.page';
import { PortalFeaturePage } from './routes/portal-feature.page';
import { PortalHomePage } from './routes/portal-home.page';
import { PortalLoginPage } from './routes/portal-login.page';

// Logs and monitoring (uPlot) load when first opened.
const PortalLogsPage = lazy(() =>
  import('../features/instance-logs/instance-logs.page').then((module) => ({ default: module.PortalLogsPage })),
);
const PortalMonitoringPage = lazy(() =>
  import('../features/instance-monitoring/instance-monitoring.page').then((module) => ({
    default: module.PortalMonitoringPage,
  })),
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

/** Features with a page of their own; the others show a placeholder until theirs exists. */
const featurePages: Partial<Record<PortalFeature, ReactNode>> = {
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
  featureTerminal: terminalPage('shell'),
  featureOdooShell: terminalPage('odoo'),
};

const featureRoutes: RouteObject[] = portalFeatureList.map((feature) => ({
  path: feature.path.slice(1),
  element: (
    <PortalFeatureGate feature={feature.key}>
      {featurePages[feature.key] ?? <PortalFeaturePage title={feature.label} />}
    </PortalFeatureGate>
  ),
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
      { path: '*', element: <PortalNotFound /> },
    ],
  },
];
