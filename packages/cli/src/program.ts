import { Command, CommanderError, Option } from 'commander';
import { registerAgencyCommands } from './agency/agency.commands.js';
import { registerAuditCommands } from './audit/audit.commands.js';
import { registerAuthCommands } from './auth/auth.commands.js';
import { registerBackupCommands } from './backups/backup.commands.js';
import { registerAccountCommands } from './auth/account.commands.js';
import { registerApiKeyCommands } from './api-keys/api-key.commands.js';
import { registerNotifyCommands } from './notifications/notify.commands.js';
import { registerCompletionCommand } from './completion/completion.commands.js';
import { registerDrCommands } from './disaster-recovery/dr.commands.js';
import { registerInstanceCommands } from './instances/instance.commands.js';
import { registerInstanceCloneCommand } from './instances/instance-clone.commands.js';
import { registerBackupVerifyCommands } from './backups/backup-verify.commands.js';
import { registerMemberCommands } from './members/members.commands.js';
import { registerOrgSettingsCommands } from './org-settings/org-settings.commands.js';
import { registerOrgCommands } from './organizations/org.commands.js';
import { registerProjectCommands } from './projects/project.commands.js';
import { registerServerCommands } from './servers/server.commands.js';
import { describeFailure, exitCodes } from './shared/errors.js';
import type { CliIo } from './shared/output.js';
import { defaultUrl } from './shared/session.js';
import { registerTemplateCommands } from './templates/template.commands.js';
import { registerTopologyCommands } from './topologies/topology.commands.js';

const epilogue = `
Exit codes:
  0    success
  1    the server refused, or could not be reached; or what was asked did not happen
       (a deployment that failed, a domain not verified yet, a topology with errors)
  2    usage: an unknown command or option, a missing or invalid argument
  130  interrupted with Ctrl-C (following a deployment, at a password prompt);
       a watch, which runs until Ctrl-C, exits 0

Shell completion for bash and zsh: ocore completion --help`;

/** The `ocore` program; its commands throw instead of exiting, and write only to `io`. */
export function createProgram(io: CliIo): Command {
  const program = new Command('ocore')
    .description(
      'oCore Agency: manage your organizations, their members, your agency clients, ' +
        'and the servers, templates and topologies their Odoo runs on, from the terminal',
    )
    .addOption(new Option('--url <url>', `server URL (else $OCORE_URL, the config file, or ${defaultUrl})`))
    .addOption(new Option('--token <token>', 'bearer token (else $OCORE_TOKEN, or the config file)'))
    .option('--json', 'print the raw JSON result, for scripts')
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .addHelpText('after', epilogue)
    // Inherited by every subcommand declared below.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    });
  registerAuthCommands(program, io);
  registerOrgCommands(program, io);
  const org = subcommand(program, 'org');
  registerOrgSettingsCommands(org, io);
  registerAuditCommands(org, io);
  registerDrCommands(org, io);
  registerMemberCommands(program, io);
  registerAgencyCommands(program, io);
  registerServerCommands(program, io);
  registerTemplateCommands(program, io);
  registerInstanceCommands(program, io);
  registerProjectCommands(program, io);
  registerBackupCommands(program, io);
  registerTopologyCommands(program, io);
  registerAccountCommands(program, io);
  registerApiKeyCommands(program, io);
  registerInstanceCloneCommand(subcommand(program, 'instance'), io);
  registerBackupVerifyCommands(program, io);
  registerNotifyCommands(program, io);
  registerCompletionCommand(program, io);
  return program;
}

/** The subcommand `name` of `parent`, declared by an earlier register function. */
function subcommand(parent: Command, name: string): Command {
  const found = parent.commands.find((c) => c.name() === name);
  if (!found) throw new Error(`the ${name} command must be registered first`);
  return found;
}

function commanderExitCode(error: CommanderError): number {
  const informational = ['commander.helpDisplayed', 'commander.version'].includes(error.code);
  return informational ? exitCodes.ok : exitCodes.usage;
}

/**
 * Runs `ocore` with `argv` (without the node and script paths) and returns the exit code:
 * 0 success, 1 the server refused or was unreachable, 2 a usage error, 130 Ctrl-C.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await createProgram(io).parseAsync([...argv], { from: 'user' });
    return exitCodes.ok;
  } catch (error) {
    // Commander has already printed its own message (or the help).
    if (error instanceof CommanderError) return commanderExitCode(error);
    const { message, exitCode } = describeFailure(error);
    io.stderr.write(`error: ${message}\n`);
    return exitCode;
  }
}
