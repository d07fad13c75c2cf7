import { useState } from 'react';
import { useParams } from 'react-router';
import { InstancePicker } from '../../components/instance-picker';
import { Page } from '../../components/layout';
import { InstanceMonitoringView } from './components/instance-monitoring-view';

/** `/instances/:id/monitoring`: one instance's CPU, memory, network, disk and health. */
export function InstanceMonitoringPage() {
  const { id = '' } = useParams();
  return (
    <Page title="Instance monitoring" description="CPU, memory, network, disk and health, live.">
      <InstanceMonitoringView instanceId={id} />
    </Page>
  );
}

/** The portal's Monitoring: one of the client's instances, picked here. */
export function PortalMonitoringPage() {
  const [instanceId, setInstanceId] = useState<string>();
  return (
    <Page title="Monitoring" description="How your instances are doing, live, and their uptime.">
      <InstancePicker label="Instance" value={instanceId} onChange={setInstanceId} />
      {instanceId ? <InstanceMonitoringView key={instanceId} instanceId={instanceId} /> : null}
    </Page>
  );
}
