import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { InstancePicker } from '../../components/instance-picker';
import { Page } from '../../components/layout';
import { useTRPC } from '../../lib/trpc';
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

/**
 * The portal's Backups: the client's own instances' backups, one instance at a time. The portal
 * has no instance page: a restore as a new instance picks the new one here, its restore followed live.
 */
export function PortalBackupsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [instanceId, setInstanceId] = useState<string>();
  const pickNew = (id: string) => {
    void queryClient.invalidateQueries({ queryKey: trpc.instances.list.queryKey() });
    setInstanceId(id);
  };
  return (
    <Page title="Backups" description="The backups of your instances.">
      <InstancePicker label="Instance" value={instanceId} onChange={setInstanceId} />
      {instanceId ? <BackupsView key={instanceId} instanceId={instanceId} onRestoredAsNew={pickNew} /> : null}
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
