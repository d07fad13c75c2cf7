import type { Instance, Operation, OperationLogLine, OperationWithLogs } from '@ocore/core';
import { formatFields, formatTable, formatTime } from '../shared/output.js';
import { formatEnvVars, formatLimits, formatModules, formatOdoo } from '../templates/template.format.js';

/** `running`, or `failed at connect to server: why`. */
export function formatStatus(instance: Pick<Instance, 'status' | 'failedStep' | 'failureReason'>): string {
  if (instance.status !== 'failed') return instance.status;
  const step = instance.failedStep ? ` at ${instance.failedStep}` : '';
  return `failed${step}${instance.failureReason ? `: ${instance.failureReason}` : ''}`;
}

/** The instances as a table: where each runs, its status and where it answers. */
export function formatInstanceList(instances: readonly Instance[]): string {
  if (instances.length === 0) {
    return 'There are no instances yet; create one with `ocore instance create --name <name> --server <server>`.';
  }
  return formatTable(instances, [
    { header: 'name', value: (i) => i.name },
    { header: 'server', value: (i) => i.serverName },
    { header: 'odoo', value: formatOdoo },
    { header: 'workers', value: (i) => String(i.workers) },
    { header: 'modules', value: (i) => String(i.moduleList.length) },
    { header: 'status', value: (i) => i.status },
    { header: 'url', value: (i) => i.url ?? '-' },
    { header: 'created', value: (i) => formatTime(i.createdAt) },
    { header: 'id', value: (i) => i.id },
  ]);
}

/** One instance, field by field. */
export function formatInstance(instance: Instance, projectName?: string): string {
  return formatFields([
    ['ID', instance.id],
    ['Name', instance.name],
    ['Status', formatStatus(instance)],
    ['URL', instance.url ?? '- (no instance base domain is configured)'],
    ['Server', instance.serverName],
    ['Project', projectName ? `${projectName} (${instance.stage})` : `- (${instance.stage})`],
    ['Odoo', formatOdoo(instance)],
    ['Workers', String(instance.workers)],
    ['Environment', formatEnvVars(instance.envVars)],
    ['Modules', formatModules(instance.moduleList)],
    ['Limits', formatLimits(instance)],
    ['Created', formatTime(instance.createdAt)],
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
    ['Limits', formatLimits(instance)],
    ['Status', instance.status],
  ]);
  return [`Provisioned instance ${instance.name}.`, fields].join('\n');
}

/** `Queued the start of Acme (operation <id>).` and how to follow it. */
export function formatQueuedOperation(name: string, operation: Operation): string {
  return [
    `Queued the ${operation.kind} of instance ${name} (operation ${operation.id}).`,
    `Follow it with: ocore instance logs ${operation.instanceId ?? name} --operation ${operation.id} --follow`,
  ].join('\n');
}

/** `2026-01-31T12:00:00Z  error  [connect to server] why`. */
export function formatLogLine(line: OperationLogLine): string {
  return `${formatTime(line.at)}  ${line.level.padEnd(5)}  [${line.step}] ${line.text}`;
}

/** An operation's heading, then its log lines. */
export function formatOperationLogs(operation: OperationWithLogs): string {
  const head = `Operation ${operation.id}: ${operation.kind}, ${operation.status}`;
  const lines = operation.logs.map(formatLogLine);
  return [head, ...(lines.length > 0 ? lines : ['(no log lines yet)'])].join('\n');
}

/** The operations, newest first, as a table. */
export function formatOperationList(operations: readonly Operation[]): string {
  if (operations.length === 0) return 'This instance has no operations yet.';
  return formatTable(operations, [
    { header: 'kind', value: (o) => o.kind },
    { header: 'status', value: (o) => o.status },
    { header: 'step', value: (o) => o.step ?? '-' },
    { header: 'created', value: (o) => formatTime(o.createdAt) },
    { header: 'id', value: (o) => o.id },
  ]);
}
