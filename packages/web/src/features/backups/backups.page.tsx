import { useState } from 'react';
import { useParams } from 'react-router';
import { InstancePicker } from '../../components/instance-picker';
import { Page } from '../../components/layout';
import { BackupsView } from './components/backups-view';
import { DestinationsView } from './components/destinations-view';

/** `/instances/:id/backups`: one instance's backups, live, and its schedule. */
export function InstanceBackupsPage() {
  const { id = '' } = useParams();
  return (
    <Page title="Instance backups" description="Back up now, download, restore in place, and the schedule.">
      <BackupsView instanceId={id} />
    </Page>
  );
}

/** The portal's Backups: the client's own instances' backups, one instance at a time. */
export function PortalBackupsPage() {
  const [instanceId, setInstanceId] = useState<string>();
  return (
    <Page title="Backups" description="The backups of your instances.">
      <InstancePicker label="Instance" value={instanceId} onChange={setInstanceId} />
      {instanceId ? <BackupsView key={instanceId} instanceId={instanceId} /> : null}
    </Page>
  );
}

/** `/backup-destinations`: where backups go. */
export function BackupDestinationsPage() {
  return (
    <Page title="Backup destinations" description="The server’s own disk, S3-compatible storage or SFTP.">
      <DestinationsView />
    </Page>
  );
}
