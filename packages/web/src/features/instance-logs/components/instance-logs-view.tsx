import { useState } from 'react';
import { Alert, FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField } from '../../../components/field';
import { Loading, Section } from '../../../components/layout';
import { LiveIndicator } from '../../../components/live-indicator';
import { errorCodeOf, messageOf, toFormErrors } from '../../../lib/errors';
import { downloadLogs, noLogFilters, useInstanceLogs, useLiveLogs, type LogFilters } from '../api/use-instance-logs';
import { LogFiltersForm } from './log-filters';
import { LogLines } from './log-lines';

const filterFields = ['search', 'level', 'since', 'until', 'tail'] as const;

/** One instance's log: the filtered lines, then the new ones as they are written (live tail), and a download. */
export function InstanceLogsView({ instanceId }: { instanceId: string }) {
  const [filters, setFilters] = useState<LogFilters>(noLogFilters);
  const [live, setLive] = useState(true);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const logs = useInstanceLogs(instanceId, filters);
  const container = logs.data?.container;
  // Following needs a container; a range that ends in the past has nothing new to show.
  const canFollow = container?.state === 'found' && !filters.until;
  const following = useLiveLogs(instanceId, filters, live && canFollow);

  if (errorCodeOf(logs.error) === 'FEATURE_DISABLED')
    return <Alert tone="info">Logs are switched off for this portal.</Alert>;
  const errors = toFormErrors(logs.error, filterFields);
  const lines = [...(logs.data?.items ?? []), ...following.lines];

  return (
    <Section title="Log">
      <LogFiltersForm filters={filters} onApply={setFilters} errors={errors.fields} />
      <FormError message={errors.general} />
      <div className="toolbar">
        <CheckboxField
          label="Follow new lines"
          checked={live && canFollow}
          disabled={!canFollow}
          onChange={(event) => setLive(event.target.checked)}
        />
        {canFollow ? <LiveIndicator status={following.status} topic="Log" /> : null}
        <Button
          variant="secondary"
          onClick={() => {
            setDownloadError(null);
            downloadLogs(instanceId, filters).catch((error: unknown) => setDownloadError(messageOf(error)));
          }}
        >
          Download
        </Button>
      </div>
      <FormError message={downloadError} />
      {container?.state === 'none' ? (
        <Alert tone="info">The instance has no container yet: only its operations’ lines show.</Alert>
      ) : null}
      {container?.state === 'unreachable' ? (
        <Alert tone="warning">The server could not be asked for the Odoo log: {container.reason}</Alert>
      ) : null}
      {logs.isPending ? <Loading what="the log" /> : <LogLines lines={lines} label="Instance log" />}
      {!logs.isPending && lines.length === 0 ? <p className="muted">No line matches.</p> : null}
    </Section>
  );
}
