import type { Instance } from '@ocore/core';
import { formatFields, formatTable, formatTime } from '../shared/output.js';
import { formatEnvVars, formatModules, formatOdoo } from '../templates/template.format.js';

/** The instances as a table. */
export function formatInstanceList(instances: readonly Instance[]): string {
  if (instances.length === 0) {
    return 'There are no instances yet; provision one with `ocore template provision <template> --server <server>`.';
  }
  return formatTable(instances, [
    { header: 'name', value: (i) => i.name },
    { header: 'server', value: (i) => i.serverName },
    { header: 'odoo', value: formatOdoo },
    { header: 'workers', value: (i) => String(i.workers) },
    { header: 'modules', value: (i) => String(i.moduleList.length) },
    { header: 'status', value: (i) => i.status },
    { header: 'created', value: (i) => formatTime(i.createdAt) },
    { header: 'id', value: (i) => i.id },
  ]);
}

/** A newly provisioned instance, field by field. */
export function formatProvisioned(instance: Instance, templateName: string): string {
  const fields = formatFields([
    ['ID', instance.id],
    ['Server', instance.serverName],
    ['Template', templateName],
    ['Odoo', formatOdoo(instance)],
    ['Workers', String(instance.workers)],
    ['Environment', formatEnvVars(instance.envVars)],
    ['Modules', formatModules(instance.moduleList)],
    ['Status', instance.status],
  ]);
  return [`Provisioned instance ${instance.name}.`, fields].join('\n');
}
