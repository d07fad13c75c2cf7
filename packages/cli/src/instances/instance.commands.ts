import type { Command } from 'commander';
import type { CliIo } from '../shared/output.js';
import { withList } from '../shared/session.js';
import { formatInstanceList } from './instance.format.js';

/** `ocore instance list`. */
export function registerInstanceCommands(program: Command, io: CliIo): void {
  const instance = program
    .command('instance')
    .description('the Odoo instances of the organization; provision one with `ocore template provision`');

  instance
    .command('list')
    .description('list the instances with their server, Odoo version and status (needs view:instances)')
    .action(withList(io, (api) => api.instances.list.query(), formatInstanceList));
}
