import type { ReactNode } from 'react';
import { CenteredLayout } from '../../components/layout';
import { isPortalHost } from '../../features/portal/utils/portal-host';
import { Brand } from './brand';
import { PortalCardFrame } from './portal-card-frame';

/** A page reached from a mailed link or before signing in: in the portal's brand on a portal host. */
export function PublicFrame({ title, children }: { title: (portal: string | null) => string; children: ReactNode }) {
  if (isPortalHost) return <PortalCardFrame title={title}>{children}</PortalCardFrame>;
  return (
    <CenteredLayout brand={<Brand />}>
      <h1>{title(null)}</h1>
      {children}
    </CenteredLayout>
  );
}
