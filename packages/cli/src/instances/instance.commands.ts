import {
  instanceSorts,
  odooEditions,
  stages,
  templateLimits,
  type CreateInstanceInput,
  type Instance,
} from '@ocore/core';
import { Option, type Command } from 'commander';
import { findPlacementServer } from '../servers/server.lookup.js';
import type { ApiClient } from '../shared/client.js';
import { collectKeyValue, collectList, wholeNumberIn } from '../shared/option-parsers.js';
import { limitFields, limitOptions, type LimitFlags } from '../shared/limit-options.js';
import type { CliIo } from '../shared/output.js';
import { addListCommand } from '../shared/list-command.js';
import { withRef, withSession, type Session } from '../shared/session.js';
import { findProject } from '../projects/project.lookup.js';
import { findTemplate } from '../templates/template.lookup.js';
import { registerInstanceActionCommands } from './instance.actions.js';
import { formatInstance, formatInstanceList, formatQueuedOperation } from './instance.format.js';
import { findInstance } from './instance.lookup.js';
import { followOperation } from './instance.follow.js';
import { registerInstanceUpdateCommand } from './instance.update.js';
import { registerInstanceDomainCommands } from './instance.domains.js';
import { registerInstanceDatabaseCommands } from './instance.databases.js';
import { registerInstanceFileCommands } from './instance.files.js';

interface CreateOptions extends LimitFlags {
  name: string;
  server: string;
  template?: string;
  project?: string;
  stage?: CreateInstanceInput['stage'];
  odooVersion?: string;
  edition?: CreateInstanceInput['odooEdition'];
  workers?: number;
  env?: Record<string, string>;
  module?: string[];
  follow?: boolean;
}

async function createInput(api: ApiClient, options: CreateOptions): Promise<CreateInstanceInput> {
  const [server, template, project] = await Promise.all([
    findPlacementServer(api, options.server),
    options.template === undefined ? undefined : findTemplate(api, options.template),
    options.project === undefined ? undefined : findProject(api, options.project),
  ]);
  return {
    name: options.name,
    serverId: server.id,
    ...(template && { templateId: template.id }),
    ...(project && { projectId: project.id }),
    ...(options.stage && { stage: options.stage }),
    ...(options.odooVersion !== undefined && { odooVersion: options.odooVersion }),
    ...(options.edition && { odooEdition: options.edition }),
    ...(options.workers !== undefined && { workers: options.workers }),
    ...(options.env && { envVars: options.env }),
    ...(options.module && { moduleList: options.module }),
    ...limitFields(options),
  };
}

async function createInstance(session: Session, options: CreateOptions): Promise<void> {
  const api = session.signedIn();
  const input = await createInput(api, options);
  if (!options.follow) {
    const operation = await api.instances.create.mutate(input);
    return session.print(operation, () => formatQueuedOperation(options.name, operation));
  }
  await followOperation(session, {
    name: options.name,
    pick: async (client) => {
      const operation = await client.instances.create.mutate(input);
      return { instanceId: operation.instanceId ?? '', operationId: operation.id };
    },
  });
}

async function showInstance(session: Session, ref: string): Promise<void> {
  const api = session.signedIn();
  const instance: Instance = await findInstance(api, ref);
  const project = instance.projectId ? await api.projects.get.query({ id: instance.projectId }) : undefined;
  session.print(instance, () => formatInstance(instance, project?.name));
}

function registerCreateCommand(instance: Command, io: CliIo): void {
  const { workers } = templateLimits;
  const limits = limitOptions("instead of the template's (none without one),");
  instance
    .command('create')
    .description(
      'provision an instance on a server, from a template or with its fields given here; answers with the queued operation (needs manage:instances)',
    )
    .requiredOption('--name <name>', 'the instance’s name')
    .requiredOption('--server <server>', 'the server it runs on, by id or name')
    .option('--template <template>', 'the template whose fields are the defaults, by id or name')
    .option('--project <project>', 'the project it belongs to, by id or name')
    .addOption(new Option('--stage <stage>', 'its environment in the project (default: production)').choices(stages))
    .option('--odoo-version <version>', 'the Odoo version, e.g. 18.0 (default: the template’s)')
    .addOption(new Option('--edition <edition>', 'Community or Enterprise').choices(odooEditions))
    .option('--workers <n>', `Odoo workers, ${workers.min}-${workers.max}`, wholeNumberIn(workers.min, workers.max))
    .option('--env <KEY=VALUE>', 'an environment variable; repeat for more', collectKeyValue)
    .option('--module <name>', 'an Odoo module to install; repeat, or separate with commas', collectList)
    .addOption(limits.cpu)
    .addOption(limits.memory)
    .addOption(limits.memoryAlias)
    .option('--follow', 'follow the provisioning’s log lines until it ends (exit 1 when it fails)')
    .action(withSession<CreateOptions>(io, createInstance));
}

/** `ocore instance create|list|get|update|start|stop|restart|redeploy|delete|logs|operations`. */
export function registerInstanceCommands(program: Command, io: CliIo): void {
  const instance = program
    .command('instance')
    .description('the Odoo instances of the organization: provision, follow, start, stop, delete');

  registerCreateCommand(instance, io);

  addListCommand(instance, io, {
    things: 'instances',
    description: 'list the instances with their server, Odoo version and status (needs view:instances)',
    sorts: instanceSorts,
    fetchPage: (api, input) => api.instances.list.query(input),
    format: (page) => formatInstanceList(page.items),
  });

  instance
    .command('get')
    .description(
      'show one instance: status (and why it failed), URL, server, project and settings (needs view:instances)',
    )
    .argument('<instance>', 'the instance, by id or name')
    .action(withRef(io, (session, _options, ref) => showInstance(session, ref)));

  registerInstanceUpdateCommand(instance, io);
  registerInstanceActionCommands(instance, io);
  registerInstanceDomainCommands(instance, io);
  registerInstanceFileCommands(instance, io);
  registerInstanceDatabaseCommands(instance, io);
}
