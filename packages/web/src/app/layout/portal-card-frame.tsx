import type { ReactNode } from 'react';
import { portalLogoOf, portalNameOf, usePublicPortal } from '../../features/portal/api/use-public-portal';
import { PortalBrand, PortalFooter } from '../../features/portal/components/portal-brand';
import { PortalTheme } from '../../features/portal/components/portal-theme';
import { messageOf } from '../../lib/errors';

/**
 * A portal page for visitors (sign-in, invitation, password reset): the portal's logo, login
 * background and footer around one card, and nothing of the platform. `title` gets the name.
 */
export function PortalCardFrame({ title, children }: { title: (name: string) => string; children: ReactNode }) {
  const visitor = usePublicPortal();

  if (visitor.isPending) {
    return (
      <div className="portal portal-status" role="status">
        Loading…
      </div>
    );
  }
  if (visitor.isError) {
    return (
      <div className="portal portal-status">
        <h1>This portal is not available</h1>
        <p>{messageOf(visitor.error)}</p>
      </div>
    );
  }

  const portal = visitor.data;
  const name = portalNameOf(portal);
  return (
    <PortalTheme branding={portal.branding} title={name} className="portal-login">
      <main className="portal-login-main">
        <div className="card portal-login-card">
          <div className="portal-login-brand">
            <PortalBrand name={name} logoUrl={portalLogoOf(portal)} />
          </div>
          <h1>{title(name)}</h1>
          {children}
        </div>
      </main>
      <PortalFooter text={portal.branding?.footerText} />
    </PortalTheme>
  );
}
