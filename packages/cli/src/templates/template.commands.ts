import { odooEditions, supportedOdooVersions, templateLimits, templateSorts, type OdooEdition } from '@ocore/core';
import { Option, type Command } from 'commander';
import { formatProvisioned } from '../instances/instance.format.js';
import { findPlacementServer } from '../servers/server.lookup.js';
import { findByRef } from '../shared/lookup.js';
import { collectKeyValue, collectList, wholeNumberIn } from '../shared/option-parsers.js';
import type { CliIo } from '../shared/output.js';
import { addListCommand } from '../shared/list-command.js';
import { withRef, withSession, type Session } from '../shared/session.js';
import { findTemplate } from './template.lookup.js';
import { formatTemplate, formatTemplateList } from './template.format.js';
import { limitFields, limitOptions, type LimitFlags } from '../shared/limit-options.js';
import { registerTemplateUpdateCommand } from './template.update.js';

interface CreateOptions extends LimitFlags {
  name: string;
  description?: string;
  odooVersion: string;
  edition?: OdooEdition;
  workers?: number;
  env?: Record<string, string>;
  module?: string[];
  public?: boolean;
}

interface ProvisionOptions extends LimitFlags {
  server: string;
  name?: string;
  set?: Record<string, string>;
}

interface FromInstanceOptions {
  name?: string;
  description?: string;
  public?: boolean;
}

async function createTemplate(session: Session, options: CreateOptions): Promise<void> {
  const created = await session.signedIn().templates.create.mutate({
    name: options.name,
    description: options.description,
    odooVersion: options.odooVersion,
    odooEdition: options.edition,
    defaultWorkers: options.workers,
    defaultEnvVars: options.env,
    moduleList: options.module,
    ...limitFields(options),
    isPublic: options.public,
  });
  session.print(created, () => formatTemplate('Created', created));
}

async function provision(session: Session, templateRef: string, options: ProvisionOptions): Promise<void> {
  const api = session.signedIn();
  const [template, server] = await Promise.all([
    findTemplate(api, templateRef),
    findPlacementServer(api, options.server),
  ]);
  const instance = await api.templates.provision.mutate({
    id: template.id,
    serverId: server.id,
    name: options.name,
    overrides: options.set,
    ...limitFields(options),
  });
  session.print(instance, () => formatProvisioned(instance, template.name));
}

async function fromInstance(session: Session, instanceRef: string, options: FromInstanceOptions): Promise<void> {
  const api = session.signedIn();
  const kind = { noun: 'instance', listCommand: 'ocore instance list' };
  const instance = await findByRef(() => api.instances.list.query(), instanceRef, kind);
  const input = {
    instanceId: instance.id,
    name: options.name,
    description: options.description,
    isPublic: options.public,
  };
  const created = await api.templates.fromInstance.mutate(input);
  session.print(created, () => formatTemplate(`Saved instance ${instance.name} as`, created));
}

const { workers, name: nameLimits, descriptionMax } = templateLimits;

/** `ocore template create|list|update|provision|from-instance`. */
export function registerTemplateCommands(program: Command, io: CliIo): void {
  const template = program
    .command('template')
    .description('instance templates: standard Odoo configurations to provision instances from');
  const limits = limitOptions('the');
  const overrides = limitOptions("instead of the template's,");

  template
    .command('create')
    .description('create a template (needs manage:templates)')
    .requiredOption('--name <name>', `display name, ${nameLimits.min}-${nameLimits.max} characters`)
    .option('--description <text>', `what it is for, up to ${descriptionMax} characters`)
    .addOption(
      new Option('--odoo-version <version>', 'the Odoo version').choices(supportedOdooVersions).makeOptionMandatory(),
    )
    .addOption(
      new Option('--edition <edition>', 'ce (Community) or ee (Enterprise) (default: ce)').choices(odooEditions),
    )
    .option(
      '--workers <n>',
      `default worker count, ${workers.min}-${workers.max} (default: 2)`,
      wholeNumberIn(workers.min, workers.max),
    )
    .option('--env <KEY=VALUE>', 'a default environment variable; repeat for more', collectKeyValue)
    .option('--module <name>', 'an Odoo module to install, e.g. sale; repeat, or separate with commas', collectList)
    .addOption(limits.cpu)
    .addOption(limits.memory)
    .addOption(limits.memoryAlias)
    .option('--public', "share it read-only with the agency's client organizations")
    .action(withSession<CreateOptions>(io, createTemplate));

  addListCommand(template, io, {
    things: 'templates',
    description: "list the organization's templates, and those its agency shares with it (needs view:templates)",
    sorts: templateSorts,
    fetchPage: (api, input) => api.templates.list.query(input),
    format: (page) => formatTemplateList(page.items),
  });

  template
    .command('provision')
    .description('record a new instance from a template on a server (needs manage:templates and manage:instances)')
    .argument('<templateId>', 'the template, by id or name')
    .requiredOption('--server <serverId>', 'the server to put it on, by id or name')
    .option('--name <name>', "the instance's name (default: the template's)")
    .option(
      '--set <KEY=VALUE>',
      'override a setting: WORKERS=6 sets the workers, any other key an environment variable; repeat for more',
      collectKeyValue,
    )
    .addOption(overrides.cpu)
    .addOption(overrides.memory)
    .addOption(overrides.memoryAlias)
    .action(withRef<ProvisionOptions>(io, (session, options, ref) => provision(session, ref, options)));

  registerTemplateUpdateCommand(template, io);

  template
    .command('from-instance')
    .description("save an instance's settings as a new template (needs manage:templates and view:instances)")
    .argument('<instanceId>', 'the instance, by id or name')
    .option('--name <name>', 'the template\'s name (default: the instance\'s name + " template")')
    .option('--description <text>', 'what it is for')
    .option('--public', "share it read-only with the agency's client organizations")
    .action(withRef<FromInstanceOptions>(io, (session, options, ref) => fromInstance(session, ref, options)));
}
