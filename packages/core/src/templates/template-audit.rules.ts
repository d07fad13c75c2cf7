import { changedFields } from '../shared/fields.js';
import type { TemplateRecord } from './template.ports.js';

/** What the audit log keeps of a template: variable names, never their values (they may be secrets). */
export function templateSummary(t: TemplateRecord): Record<string, unknown> {
  return {
    name: t.name,
    odooVersion: t.odooVersion,
    odooEdition: t.odooEdition,
    defaultWorkers: t.defaultWorkers,
    envVarNames: Object.keys(t.defaultEnvVars),
    moduleList: t.moduleList,
    cpuLimit: t.cpuLimit,
    memoryLimitMb: t.memoryLimitMb,
    isPublic: t.isPublic,
  };
}

/** Names of the variables added, removed and changed between two sets. */
export function envVarChanges(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>) {
  const added = Object.keys(after).filter((k) => !(k in before));
  const removed = Object.keys(before).filter((k) => !(k in after));
  const changed = Object.keys(after).filter((k) => k in before && before[k] !== after[k]);
  return added.length || removed.length || changed.length ? { added, removed, changed } : undefined;
}

/** The audit diff of an update: changed fields, with variables by name only. */
export function templateChanges(before: TemplateRecord, after: TemplateRecord): Record<string, unknown> {
  const diff: Record<string, unknown> = changedFields(before, after, [
    'name',
    'description',
    'odooVersion',
    'odooEdition',
    'defaultWorkers',
    'cpuLimit',
    'memoryLimitMb',
    'isPublic',
  ]);
  if (JSON.stringify(before.moduleList) !== JSON.stringify(after.moduleList))
    diff['moduleList'] = { from: before.moduleList, to: after.moduleList };
  const vars = envVarChanges(before.defaultEnvVars, after.defaultEnvVars);
  if (vars) diff['defaultEnvVars'] = vars;
  return diff;
}
