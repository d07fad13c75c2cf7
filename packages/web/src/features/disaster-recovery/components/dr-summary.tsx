import { useQuery } from '@tanstack/react-query';
import { Alert } from '../../../components/alert';
import { Loading } from '../../../components/layout';
import { messageOf } from '../../../lib/errors';
import { formatBytes, formatDateTime } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';

const countLabels: Record<string, string> = {
  roles: 'Roles',
  members: 'Members',
  settings: 'Settings',
  secrets: 'Encrypted secrets',
  servers: 'Servers',
  topologies: 'Topologies',
  templates: 'Templates',
  projects: 'Projects',
  instances: 'Instance definitions (no data)',
  clients: 'Client organizations',
  portalDomains: 'Portal domains',
  notificationChannels: 'Notification channels',
};

/** What an export would contain, about how big it is, and who made the last one. */
export function DrSummary() {
  const trpc = useTRPC();
  const info = useQuery(trpc.dr.info.queryOptions());
  if (info.isPending) return <Loading what="the export summary" />;
  if (info.isError) return <Alert>{messageOf(info.error)}</Alert>;
  const { counts, sizeEstimateBytes, lastExport } = info.data;

  return (
    <dl className="details">
      {Object.entries(counts).map(([name, count]) => (
        <div key={name}>
          <dt>{countLabels[name] ?? name}</dt>
          <dd>{count}</dd>
        </div>
      ))}
      <div>
        <dt>Size</dt>
        <dd>about {formatBytes(sizeEstimateBytes)}</dd>
      </div>
      <div>
        <dt>Last export</dt>
        <dd>
          {lastExport ? (
            <>
              <time dateTime={lastExport.at}>{formatDateTime(lastExport.at)}</time>
              <span className="muted break"> by {lastExport.name ?? lastExport.email ?? 'a former member'}</span>
            </>
          ) : (
            <span className="muted">Never</span>
          )}
        </dd>
      </div>
    </dl>
  );
}
