import { odooEditions, supportedOdooVersions, templateLimits, type OdooEdition, type Template } from '@ocore/core';
import { Option, type Command } from 'commander';
import { usageError } from '../shared/errors.js';
import { collectKeyValue, collectList, parseBoolean, wholeNumberIn } from '../shared/option-parsers.js';
import type { CliIo } from '../shared/output.js';
import { withRef, type Session } from '../shared/session.js';
import { limitFields, limitOptions, type LimitFlags } from '../shared/limit-options.js';
import { findTemplate } from './template.lookup.js';
import { formatTemplate } from './template.format.js';

interface UpdateOptions extends LimitFlags {
  name?: string;
  description?: string;
  odooVersion?: string;
  edition?: OdooEdition;
  workers?: number;
  env?: Record<string, string>;
  unsetEnv?: string[];
  modules?: string[];
  public?: boolean;
}

/** The variables after --env sets and --unset-env removes some; undefined when neither is given. */
function envVarsOf(template: Template, options: UpdateOptions): Record<string, string> | undefined {
  if (!options.env && !options.unsetEnv) return undefined;
  const vars = { ...template.defaultEnvVars, ...options.env };
  for (const key of options.unsetEnv ?? []) delete vars[key];
  return vars;
}

function updateInput(template: Template, options: UpdateOptions) {
  const envVars = envVarsOf(template, options);
  return {
    id: template.id,
    ...(options.name !== undefined && { name: options.name }),
    ...(options.description !== undefined && { description: options.description }),
    ...(options.odooVersion !== undefined && { odooVersion: options.odooVersion }),
    ...(options.edition !== undefined && { odooEdition: options.edition }),
    ...(options.workers !== undefined && { defaultWorkers: options.workers }),
    ...(envVars && { defaultEnvVars: envVars }),
    ...(options.modules && { moduleList: options.modules }),
    ...limitFields(options),
    ...(options.public !== undefined && { isPublic: options.public }),
  };
}

async function updateTemplate(session: Session, ref: string, options: UpdateOptions): Promise<void> {
  const api = session.signedIn();
  const template = await findTemplate(api, ref);
  const input = updateInput(template, options);
  if (Object.keys(input).length === 1) throw usageError('nothing to change: give at least one option (see --help)');
  const updated = await api.templates.update.mutate(input);
  session.print(updated, () => formatTemplate('Updated', updated));
}

/** `ocore template update`. */
export function registerTemplateUpdateCommand(template: Command, io: CliIo): void {
  const { workers } = templateLimits;
  const limits = limitOptions('the new');
  template
    .command('update')
    .description(
      "change a template; instances made from it keep their settings, new ones take these (needs manage:templates; an agency's shared templates are read-only to its clients)",
    )
    .argument('<template>', 'the template, by id or name')
    .option('--name <name>', 'its new name')
    .option('--description <text>', 'what it is for')
    .addOption(new Option('--odoo-version <version>', 'the Odoo version').choices(supportedOdooVersions))
    .addOption(new Option('--edition <edition>', 'ce (Community) or ee (Enterprise)').choices(odooEditions))
    .option(
      '--workers <n>',
      `default worker count, ${workers.min}-${workers.max}`,
      wholeNumberIn(workers.min, workers.max),
    )
    .option('--env <KEY=VALUE>', 'set or change a default environment variable; repeat for more', collectKeyValue)
    .option('--unset-env <KEY>', 'remove a default environment variable; repeat for more', collectList)
    .option('--modules <names>', 'the Odoo modules, replacing the list (comma-separated; "" for none)', collectList)
    .addOption(limits.cpu)
    .addOption(limits.memory)
    .addOption(limits.memoryAlias)
    .option('--public <true|false>', "whether the agency's client organizations may use it", parseBoolean)
    .action(withRef<UpdateOptions>(io, (session, options, ref) => updateTemplate(session, ref, options)));
}
