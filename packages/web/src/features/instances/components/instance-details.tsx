import type { Instance, Project } from '@ocore/core';
import { formatDateTime } from '../../../lib/format';
import { InstanceUrl } from './instance-link';
import { InstanceStatusBadge } from './instance-status-badge';

const entries = (vars: Record<string, string>) =>
  Object.entries(vars)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ') || 'None';

/** What the instance is and where it runs. */
export function InstanceDetails({ instance, project }: { instance: Instance; project: Project | undefined }) {
  const limits = [
    instance.cpuLimit === null ? 'no CPU limit' : `${instance.cpuLimit} CPU`,
    instance.memoryLimitMb === null ? 'no memory limit' : `${instance.memoryLimitMb} MB`,
  ].join(', ');
  return (
    <dl className="details">
      <div>
        <dt>Status</dt>
        <dd>
          <InstanceStatusBadge instance={instance} />
        </dd>
      </div>
      <div>
        <dt>URL</dt>
        <dd>
          <InstanceUrl instance={instance} />
        </dd>
      </div>
      <div>
        <dt>Server</dt>
        <dd>{instance.serverName}</dd>
      </div>
      <div>
        <dt>Project and stage</dt>
        <dd>{`${project?.name ?? 'No project'} · ${instance.stage}`}</dd>
      </div>
      <div>
        <dt>Odoo</dt>
        <dd>{`${instance.odooVersion} ${instance.odooEdition === 'ee' ? 'Enterprise' : 'Community'}`}</dd>
      </div>
      <div>
        <dt>Workers</dt>
        <dd>{instance.workers}</dd>
      </div>
      <div>
        <dt>Environment variables</dt>
        <dd className="break-word">{entries(instance.envVars)}</dd>
      </div>
      <div>
        <dt>Modules</dt>
        <dd className="break-word">{instance.moduleList.join(', ') || 'None'}</dd>
      </div>
      <div>
        <dt>Limits</dt>
        <dd>{limits}</dd>
      </div>
      <div>
        <dt>Host name label</dt>
        <dd>
          <code>{instance.slug}</code>
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{formatDateTime(instance.createdAt)}</dd>
      </div>
    </dl>
  );
}
