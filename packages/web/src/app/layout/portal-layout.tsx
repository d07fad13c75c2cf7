import { NavLink, Outlet } from 'react-router';
import { Button } from '../../components/button';
import { useMe } from '../../lib/use-me';
import { LogoutButton } from '../../features/auth/components/logout-button';
import { useOrgEvents } from '../../features/events/api/use-org-events';
import { OrgSwitcher } from '../../features/organizations/components/org-switcher';
import { usePortalAccess } from '../../features/portal/api/use-portal-access';
import { portalLogoOf, portalNameOf } from '../../features/portal/api/use-public-portal';
import { PortalBrand, PortalFooter } from '../../features/portal/components/portal-brand';
import { PortalTheme } from '../../features/portal/components/portal-theme';
import { enabledFeatures } from '../../lib/portal-features';
import { isPortalHost } from '../../features/portal/utils/portal-host';
import { logout } from '../../lib/auth';
import { cx } from '../../lib/cx';

const linkClass = ({ isActive }: { isActive: boolean }) => cx('portal-nav-link', isActive && 'active');

/** The signed-in client portal: the brand, only the features the agency turned on, the footer. */
export function PortalLayout() {
  const me = useMe();
  const access = usePortalAccess();
  useOrgEvents(access.state === 'ready');

  if (access.state === 'pending') {
    return (
      <div className="portal portal-status" role="status">
        Loading…
      </div>
    );
  }
  if (access.state === 'denied') {
    return (
      <div className="portal portal-status">
        <h1>No access to {access.portalName}</h1>
        <p>{access.reason}</p>
        <Button variant="secondary" onClick={() => logout()}>
          Sign in with another account
        </Button>
      </div>
    );
  }

  const { context } = access;
  const name = portalNameOf(context);
  return (
    <PortalTheme branding={context.branding} title={name}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="portal-header">
        <PortalBrand name={name} logoUrl={portalLogoOf(context)} />
        <div className="header-end">
          {/* On its own host the portal is one organization's; elsewhere the user may have others. */}
          {isPortalHost ? null : <OrgSwitcher homeOnSwitch />}
          {me.data ? (
            <NavLink to="/account" className="header-user" title="Account">
              {me.data.user.name}
            </NavLink>
          ) : null}
          <LogoutButton />
        </div>
      </header>
      <nav className="portal-nav" aria-label="Main">
        <ul className="portal-nav-list">
          <li>
            <NavLink to="/" end className={linkClass}>
              Home
            </NavLink>
          </li>
          {enabledFeatures(context.config).map((feature) => (
            <li key={feature.key}>
              <NavLink to={feature.path} className={linkClass}>
                {feature.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main className="portal-main" id="main">
        <Outlet context={context} />
      </main>
      <PortalFooter text={context.branding?.footerText} />
    </PortalTheme>
  );
}
