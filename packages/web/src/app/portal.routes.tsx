import type { PortalFeature } from '@ocore/core';
import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { GuestOnly, RequireAuth } from '../features/auth/components/require-auth';
import { PortalFeatureGate } from '../features/portal/components/portal-feature-gate';
import { PortalNotFound } from '../features/portal/components/portal-not-found';
import { portalFeatureList } from '../lib/portal-features';
import { PortalLayout } from './layout/portal-layout';
import { AuditLogPage } from './routes/audit-log.page';
import { MembersPage } from './routes/members.page';
import { PortalFeaturePage } from './routes/portal-feature.page';
import { PortalHomePage } from './routes/portal-home.page';
import { PortalLoginPage } from './routes/portal-login.page';
import { PortalTerminalPage } from './routes/portal-terminal.page';

/** Features with a page of their own; the others show a placeholder until theirs exists. */
const featurePages: Partial<Record<PortalFeature, ReactNode>> = {
  teamManagementEnabled: <MembersPage />,
  featureLogs: <AuditLogPage />,
  featureTerminal: <PortalTerminalPage kind="shell" />,
  featureOdooShell: <PortalTerminalPage kind="odoo" />,
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
