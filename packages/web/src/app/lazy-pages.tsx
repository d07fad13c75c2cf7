import { lazy, Suspense, type ComponentType } from 'react';
import { Loading } from '../components/layout';

/** A page whose code loads when it is first opened, with a loading notice meanwhile. */
function lazyPage(load: () => Promise<ComponentType>, what: string): ComponentType {
  const Page = lazy(async () => ({ default: await load() }));
  return function LazyPage() {
    return (
      <Suspense fallback={<Loading what={what} />}>
        <Page />
      </Suspense>
    );
  };
}

// Pages a visit rarely starts on, shared by the dashboard and the client portal: chunks of their
// own keep the first download under its budget.
export const NotificationsPage = lazyPage(
  () => import('./routes/notifications.page').then((m) => m.NotificationsPage),
  'notifications',
);
export const AccountPage = lazyPage(() => import('./routes/account.page').then((m) => m.AccountPage), 'your account');
export const InstanceFilesPage = lazyPage(
  () => import('./routes/instance-files.page').then((m) => m.InstanceFilesPage),
  'the files',
);
export const InstanceDatabasesPage = lazyPage(
  () => import('./routes/instance-databases.page').then((m) => m.InstanceDatabasesPage),
  'the databases',
);
export const InstanceDomainsPage = lazyPage(
  () => import('./routes/instance-domains.page').then((m) => m.InstanceDomainsPage),
  'the domains',
);
export const TerminalTranscriptPage = lazyPage(
  () => import('./routes/terminal-transcript.page').then((m) => m.TerminalTranscriptPage),
  'the transcript',
);
export const HomePage = lazyPage(() => import('./routes/home.page').then((m) => m.HomePage), 'the overview');

// Lists with search, sort and pages take their sort keys from core's schemas.
export const ServersPage = lazyPage(() => import('./routes/servers.page').then((m) => m.ServersPage), 'the servers');
// Its form checks the Docker socket with core's server schema before sending.
export const ServerEditPage = lazyPage(
  () => import('./routes/server-edit.page').then((m) => m.ServerEditPage),
  'the server',
);
export const AgencyClientsPage = lazyPage(
  () => import('./routes/agency-clients.page').then((m) => m.AgencyClientsPage),
  'the clients',
);
export const TemplatesPage = lazyPage(
  () => import('./routes/templates.page').then((m) => m.TemplatesPage),
  'the templates',
);
export const TopologiesPage = lazyPage(
  () => import('./routes/topologies.page').then((m) => m.TopologiesPage),
  'the topologies',
);
export const MembersPage = lazyPage(() => import('./routes/members.page').then((m) => m.MembersPage), 'the members');
