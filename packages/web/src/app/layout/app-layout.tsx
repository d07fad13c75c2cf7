import { Link, Outlet } from 'react-router';
import { Layout } from '../../components/layout';
import { OperatorBanner } from '../../features/agency/components/operator-banner';
import { useMe } from '../../lib/use-me';
import { LogoutButton } from '../../features/auth/components/logout-button';
import { useOrgEvents } from '../../features/events/api/use-org-events';
import { LiveIndicator } from '../../components/live-indicator';
import { OrgSwitcher } from '../../features/organizations/components/org-switcher';
import { Brand } from './brand';
import { EmailVerificationBanner } from '../../features/account/components/email-verification-banner';
import { FlashNotice } from './flash-notice';
import { MainNav } from './main-nav';
import { CommandHost } from '../command/command-host';

/** The signed-in shell: brand, organization switcher, live state, user, navigation. */
export function AppLayout() {
  const me = useMe();
  const hasOrganization = Boolean(me.data?.organization);
  const live = useOrgEvents(hasOrganization);

  return (
    <Layout
      brand={<Brand />}
      nav={<MainNav />}
      header={
        <>
          <div className="header-start">
            <OrgSwitcher />
            <Link to="/organizations/new" className="btn btn-ghost btn-sm" title="Create organization">
              + New<span className="visually-hidden"> organization</span>
            </Link>
          </div>
          <div className="header-end">
            {hasOrganization ? <LiveIndicator status={live} /> : null}
            {me.data ? (
              <Link to="/account" className="header-user" title="Account">
                {me.data.user.name}
              </Link>
            ) : null}
            <LogoutButton />
          </div>
        </>
      }
    >
      <OperatorBanner />
      <EmailVerificationBanner />
      <FlashNotice />
      <Outlet />
      <CommandHost />
    </Layout>
  );
}
