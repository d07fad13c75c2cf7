import { useState } from 'react';
import { useParams } from 'react-router';
import { InstancePicker } from '../../components/instance-picker';
import { Page } from '../../components/layout';
import { InstanceLogsView } from './components/instance-logs-view';

/** `/instances/:id/logs`: one instance's Odoo log and its operations' lines. */
export function InstanceLogsPage() {
  const { id = '' } = useParams();
  return (
    <Page title="Instance logs" description="The Odoo log and the operations’ lines, live.">
      <InstanceLogsView instanceId={id} />
    </Page>
  );
}

/** The portal's Logs: the logs of one of the client's instances, picked here. */
export function PortalLogsPage() {
  const [instanceId, setInstanceId] = useState<string>();
  return (
    <Page title="Logs" description="What your instances write, live, with search and download.">
      <InstancePicker label="Instance" value={instanceId} onChange={setInstanceId} />
      {instanceId ? <InstanceLogsView key={instanceId} instanceId={instanceId} /> : null}
    </Page>
  );
}
