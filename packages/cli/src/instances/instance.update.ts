import { stages, templateLimits, type Instance, type UpdateInstanceInput } from '@ocore/core';
import { Option, type Command } from 'commander';
import { findProject } from '../projects/project.lookup.js';
import type { ApiClient } from '../shared/client.js';
import { usageError } from '../shared/errors.js';
import { collectKeyValue, collectList, wholeNumberIn } from '../shared/option-parsers.js';
import { limitFields, limitOptions, type LimitFlags } from '../shared/limit-options.js';
import type { CliIo } from '../shared/output.js';
import { withRef, type Session } from '../shared/session.js';
import { followOperation } from './instance.follow.js';
import { formatInstance, formatQueuedOperation } from './instance.format.js';
import { findInstance } from './instance.lookup.js';

interface UpdateOptions extends LimitFlags {
  name?: string;
  workers?: number;
  env?: Record<string, string>;
  unsetEnv?: string[];
  modules?: string[];
  odooVersion?: string;
  project?: string;
  stage?: UpdateInstanceInput['stage'];
  follow?: boolean;
}

/** The variables after --env sets and --unset-env removes some; undefined when neither is given. */
function envVarsOf(instance: Instance, options: UpdateOptions): Record<string, string> | undefined {
  if (!options.env && !options.unsetEnv) return undefined;
  const vars = { ...instance.envVars, ...options.env };
  for (const key of options.unsetEnv ?? []) delete vars[key];
  return vars;
}

async function updateInput(api: ApiClient, instance: Instance, options: UpdateOptions): Promise<UpdateInstanceInput> {
  const project =
    options.project === undefined || options.project === '' ? undefined : await findProject(api, options.project);
  const envVars = envVarsOf(instance, options);
  return {
    id: instance.id,
    ...(options.name !== undefined && { name: options.name }),
    ...(options.workers !== undefined && { workers: options.workers }),
    ...(envVars && { envVars }),
    ...(options.modules && { moduleList: options.modules }),
    ...(options.odooVersion !== undefined && { odooVersion: options.odooVersion }),
    ...(options.project !== undefined && { projectId: project?.id ?? null }),
    ...(options.stage && { stage: options.stage }),
    ...limitFields(options),
  };
}

async function updateInstance(session: Session, ref: string, options: UpdateOptions): Promise<void> {
  const api = session.signedIn();
  const instance = await findInstance(api, ref);
  const input = await updateInput(api, instance, options);
  if (Object.keys(input).length === 1) throw usageError('nothing to change: give at least one option (see --help)');
  const { instance: updated, operation } = await api.instances.update.mutate(input);
  if (operation && options.follow) {
    return followOperation(session, {
      name: updated.name,
      instanceId: updated.id,
      pick: () => Promise.resolve({ instanceId: updated.id, operationId: operation.id }),
    });
  }
  session.print({ instance: updated, operation }, () =>
    [
      `Updated instance ${updated.name}.`,
      formatInstance(updated),
      ...(operation ? [formatQueuedOperation(updated.name, operation)] : []),
    ].join('\n'),
  );
}

/** `ocore instance update`. */
export function registerInstanceUpdateCommand(instance: Command, io: CliIo): void {
  const { workers } = templateLimits;
  const limits = limitOptions('the new');
  instance
    .command('update')
    .description(
      'change an instance; workers, variables, modules, the Odoo version and the limits are applied by an update operation (needs manage:instances)',
    )
    .argument('<instance>', 'the instance, by id or name')
    .option('--name <name>', 'its new name')
    .option('--workers <n>', `Odoo workers, ${workers.min}-${workers.max}`, wholeNumberIn(workers.min, workers.max))
    .option('--env <KEY=VALUE>', 'set or change an environment variable; repeat for more', collectKeyValue)
    .option('--unset-env <KEY>', 'remove an environment variable; repeat for more', collectList)
    .option('--modules <names>', 'the Odoo modules, replacing the list (comma-separated; "" for none)', collectList)
    .option('--odoo-version <version>', 'the Odoo version to move to')
    .option('--project <project>', 'the project, by id or name ("" for none)')
    .addOption(new Option('--stage <stage>', 'its environment in the project').choices(stages))
    .addOption(limits.cpu)
    .addOption(limits.memory)
    .addOption(limits.memoryAlias)
    .option('--follow', 'follow the update operation’s log lines until it ends (exit 1 when it fails)')
    .action(withRef<UpdateOptions>(io, (session, options, ref) => updateInstance(session, ref, options)));
}
