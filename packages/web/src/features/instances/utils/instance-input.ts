import type { CreateInstanceInput, Instance, Stage, UpdateInstanceInput } from '@ocore/core';
import { moduleListOf, recordOf, type KeyValue } from '../../../lib/key-values';
import { limitOf, wholeNumberOf } from '../../../lib/whole-number';

export const createFields = [
  'name',
  'serverId',
  'templateId',
  'projectId',
  'stage',
  'odooVersion',
  'odooEdition',
  'workers',
  'envVars',
  'moduleList',
  'cpuLimit',
  'memoryLimitMb',
] as const;
export type CreateField = (typeof createFields)[number];

/**
 * The create request for what the form holds. With a template, what is left empty takes the
 * template's value; without one, the fields are the instance's own (an empty limit: none).
 */
export function createInputOf(values: Record<CreateField, string>, envVars: readonly KeyValue[]): CreateInstanceInput {
  const modules = moduleListOf(values.moduleList);
  const vars = recordOf(envVars);
  return {
    name: values.name.trim(),
    serverId: values.serverId,
    stage: values.stage as Stage,
    ...(values.templateId ? { templateId: values.templateId } : {}),
    ...(values.projectId ? { projectId: values.projectId } : {}),
    ...(values.odooVersion ? { odooVersion: values.odooVersion } : {}),
    ...(values.odooEdition ? { odooEdition: values.odooEdition as CreateInstanceInput['odooEdition'] } : {}),
    ...(values.workers.trim() ? { workers: wholeNumberOf(values.workers) } : {}),
    ...(Object.keys(vars).length > 0 ? { envVars: vars } : {}),
    ...(modules.length > 0 ? { moduleList: modules } : {}),
    ...(values.cpuLimit.trim() ? { cpuLimit: limitOf(values.cpuLimit) } : {}),
    ...(values.memoryLimitMb.trim() ? { memoryLimitMb: limitOf(values.memoryLimitMb) } : {}),
  };
}

export const editFields = [
  'name',
  'workers',
  'odooVersion',
  'envVars',
  'moduleList',
  'projectId',
  'stage',
  'cpuLimit',
  'memoryLimitMb',
] as const;
export type EditField = (typeof editFields)[number];

/** The rows of the edit form's environment variables. */
export function envRowsOf(instance: Instance): KeyValue[] {
  return Object.entries(instance.envVars).map(([key, value]) => ({ key, value }));
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The update request: only the fields the form changed, so saving an untouched form asks for
 * no operation; the project is cleared with "", a limit lifted with "".
 */
export function updateInputOf(
  instance: Pick<
    Instance,
    | 'id'
    | 'name'
    | 'workers'
    | 'odooVersion'
    | 'envVars'
    | 'moduleList'
    | 'projectId'
    | 'stage'
    | 'cpuLimit'
    | 'memoryLimitMb'
  >,
  values: Record<EditField, string>,
  envVars: readonly KeyValue[],
): UpdateInstanceInput {
  const name = values.name.trim();
  const workers = wholeNumberOf(values.workers);
  const vars = recordOf(envVars);
  const modules = moduleListOf(values.moduleList);
  const projectId = values.projectId || null;
  const cpuLimit = limitOf(values.cpuLimit);
  const memoryLimitMb = limitOf(values.memoryLimitMb);
  return {
    id: instance.id,
    ...(name !== instance.name ? { name } : {}),
    ...(workers !== instance.workers ? { workers } : {}),
    ...(values.odooVersion !== instance.odooVersion ? { odooVersion: values.odooVersion } : {}),
    ...(!sameJson(vars, instance.envVars) ? { envVars: vars } : {}),
    ...(!sameJson(modules, instance.moduleList) ? { moduleList: modules } : {}),
    ...(projectId !== instance.projectId ? { projectId } : {}),
    ...(values.stage !== instance.stage ? { stage: values.stage as Stage } : {}),
    ...(cpuLimit !== instance.cpuLimit ? { cpuLimit } : {}),
    ...(memoryLimitMb !== instance.memoryLimitMb ? { memoryLimitMb } : {}),
  };
}
