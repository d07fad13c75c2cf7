import type { Template } from '@ocore/core';
import { formatFields, formatTable, formatTime } from '../shared/output.js';

/** `18.0 ce`. */
export function formatOdoo(thing: { odooVersion: string; odooEdition: string }): string {
  return `${thing.odooVersion} ${thing.odooEdition}`;
}

/** `sale, stock`; `-` for none. */
export function formatModules(modules: readonly string[]): string {
  return modules.length > 0 ? modules.join(', ') : '-';
}

/** `PROXY_MODE=True, LIMIT=2`; `-` for none. */
export function formatEnvVars(vars: Readonly<Record<string, string>>): string {
  const entries = Object.entries(vars);
  return entries.length > 0 ? entries.map(([name, value]) => `${name}=${value}`).join(', ') : '-';
}

/** `1.5 CPU, 2048 MB`, `no CPU limit, 2048 MB`: a template's or an instance's container limits. */
export function formatLimits(limits: { cpuLimit: number | null; memoryLimitMb: number | null }): string {
  const cpu = limits.cpuLimit === null ? 'no CPU limit' : `${limits.cpuLimit} CPU`;
  const memory = limits.memoryLimitMb === null ? 'no memory limit' : `${limits.memoryLimitMb} MB`;
  return `${cpu}, ${memory}`;
}

/** Who sees it: the agency's own shared with its clients, or a template shared with this client. */
function formatVisibility(template: Template): string {
  if (template.shared) return 'shared by the agency (read-only)';
  return template.isPublic ? 'public (the agency’s clients may use it)' : 'private';
}

/** The templates as a table. */
export function formatTemplateList(templates: readonly Template[]): string {
  if (templates.length === 0) {
    return 'There are no templates yet; create one with `ocore template create --name <name> --odoo-version 18.0`.';
  }
  return formatTable(templates, [
    { header: 'name', value: (t) => t.name },
    { header: 'odoo', value: formatOdoo },
    { header: 'workers', value: (t) => String(t.defaultWorkers) },
    { header: 'modules', value: (t) => String(t.moduleList.length) },
    { header: 'visibility', value: (t) => (t.shared ? 'shared' : t.isPublic ? 'public' : 'private') },
    { header: 'id', value: (t) => t.id },
  ]);
}

/** A template, field by field, after `verb` ("Created", "Saved"), and how to use it. */
export function formatTemplate(verb: string, template: Template): string {
  const fields = formatFields([
    ['ID', template.id],
    ['Description', template.description || '-'],
    ['Odoo', formatOdoo(template)],
    ['Workers', String(template.defaultWorkers)],
    ['Environment', formatEnvVars(template.defaultEnvVars)],
    ['Modules', formatModules(template.moduleList)],
    ['Limits', formatLimits(template)],
    ['Visibility', formatVisibility(template)],
    ['Created', formatTime(template.createdAt)],
  ]);
  const next = `Provision an instance from it with: ocore template provision ${template.id} --server <server>`;
  return [`${verb} template ${template.name}.`, fields, '', next].join('\n');
}
