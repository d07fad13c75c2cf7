import { Link } from 'react-router';
import { EmptyState } from '../../components/empty-state';
import { Page, Section } from '../../components/layout';
import { hasPermission, useMe } from '../../lib/use-me';
import { usePortal } from '../../features/portal/components/portal-feature-gate';
import { portalNameOf } from '../../features/portal/api/use-public-portal';
import { enabledFeatures } from '../../lib/portal-features';
import { PortalInstances } from '../../features/instances/components/portal-instances';
import { LastBackupCell } from '../../features/backups/components/last-backup-cell';
import type { Column } from '../../components/table';
import type { Instance } from '@ocore/core';

/** Where the agency opened backups to the client, the home says when each instance was last backed up. */
const lastBackupColumn: Column<Instance> = {
  header: 'Last backup',
  cell: (i) => <LastBackupCell instanceId={i.id} />,
};

/** The portal's start page: the client's name, their Odoo instances, and the sections the agency opened to them. */
export function PortalHomePage() {
  const portal = usePortal();
  const me = useMe();
  const features = enabledFeatures(portal.config);
  return (
    <Page title={portalNameOf(portal)} description={me.data ? `Welcome, ${me.data.user.name}.` : undefined}>
      {hasPermission(me.data, 'view:instances') ? (
        <PortalInstances more={(portal.config?.featureBackups ?? true) ? [lastBackupColumn] : []} />
      ) : null}
      <Section title="What you can do here">
        {features.length === 0 ? (
          <EmptyState title="Nothing to manage here yet">Your provider takes care of everything for you.</EmptyState>
        ) : (
          <ul className="portal-tiles">
            {features.map((feature) => (
              <li key={feature.key}>
                <Link to={feature.path} className="portal-tile">
                  {feature.label}
                  <span className="portal-tile-description">{feature.clientDescription}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </Page>
  );
}
