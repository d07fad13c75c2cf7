import { readFile } from 'node:fs/promises';
import { createServerInput, defaultDockerSocket, dockerSocketSchema } from '@ocore/core';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { usageError } from '../shared/errors.js';
import { reasonOf } from '../shared/json-file.js';
import { wholeNumberIn } from '../shared/option-parsers.js';
import { readSecretFromStdin } from '../shared/password.js';
import type { Session } from '../shared/session.js';

/** The options `server add` and `server update` share; `add` gives some defaults. */
export interface ServerOptions {
  name?: string;
  host?: string;
  port?: number;
  user?: string;
  keyFile?: string;
  passwordStdin?: boolean;
  cpu?: number;
  memoryMb?: number;
  maxInstances?: number;
  dockerSocket?: string;
}

/** `--docker-socket`, checked as the server checks it. */
function dockerSocketOption(value: string): string {
  const checked = dockerSocketSchema.safeParse(value);
  if (!checked.success) throw new InvalidArgumentError(checked.error.issues[0]?.message ?? 'is not a socket path');
  return checked.data;
}

/** Each shared option, in `--help` order, with the default a new server gets. */
const serverOptions: ReadonlyArray<{
  flags: string;
  help: string;
  parse?: (value: string) => number | string;
  addDefault?: string | number;
  requiredToAdd?: boolean;
}> = [
  { flags: '--name <name>', help: 'display name, 2-100 characters', requiredToAdd: true },
  { flags: '--host <host>', help: 'hostname or IP address', requiredToAdd: true },
  { flags: '--port <n>', help: 'SSH port', parse: wholeNumberIn(1, 65_535), addDefault: 22 },
  { flags: '--user <user>', help: 'SSH user', addDefault: 'root' },
  {
    flags: '--key-file <path>',
    help: 'a file holding the SSH private key (PEM or OpenSSH); the key is never taken from the command line',
  },
  {
    flags: '--password-stdin',
    help: 'read the SSH password from standard input, e.g. `pass show db-1 | ocore server …`',
  },
  { flags: '--cpu <n>', help: 'CPU cores, 1-1024', parse: wholeNumberIn(1, 1024), addDefault: 4 },
  {
    flags: '--memory-mb <n>',
    help: 'memory in MB, 256-16777216',
    parse: wholeNumberIn(256, 16_777_216),
    addDefault: 8192,
  },
  {
    flags: '--max-instances <n>',
    help: 'how many Odoo instances it may hold, 0-10000',
    parse: wholeNumberIn(0, 10_000),
    addDefault: 10,
  },
  {
    flags: '--docker-socket <path>',
    help: `the Docker Engine's socket on the server (default ${defaultDockerSocket}; another for a rootless engine)`,
    parse: dockerSocketOption,
  },
];

/**
 * Adds the shared options to `command`: for `add`, with the defaults of a new server and
 * --name and --host required; for `update`, all optional, so only what is given changes.
 */
export function addServerOptions(command: Command, mode: 'add' | 'update'): Command {
  for (const spec of serverOptions) {
    const option = new Option(spec.flags, spec.help);
    if (spec.parse) option.argParser(spec.parse);
    if (mode === 'add' && spec.addDefault !== undefined) option.default(spec.addDefault);
    if (mode === 'add' && spec.requiredToAdd) option.makeOptionMandatory();
    command.addOption(option);
  }
  return command;
}

/** The private key in `path`, checked before it is sent, so a public key or a typo is named here. */
async function readPrivateKey(path: string): Promise<string> {
  let key: string;
  try {
    key = await readFile(path, 'utf8');
  } catch (error) {
    throw usageError(`--key-file: cannot read ${path}: ${reasonOf(error)}`);
  }
  const checked = createServerInput.shape.sshPrivateKey.safeParse(key);
  if (!checked.success) throw usageError(`--key-file: ${path} ${checked.error.issues[0]?.message ?? 'is not usable'}`);
  return key;
}

/** The connection as options of type `O` give it: defined where `O` says so (the defaults of `add`). */
interface ConnectionInput<O extends ServerOptions> {
  name: O['name'];
  host: O['host'];
  port: O['port'];
  sshUser: O['user'];
  sshPrivateKey: string | undefined;
  sshPassword: string | undefined;
  dockerSocket: string | undefined;
}

/** What the options say of the connection and its credentials; undefined where one is not given. */
export async function connectionInput<O extends ServerOptions>(
  session: Session,
  options: O,
): Promise<ConnectionInput<O>> {
  return {
    name: options.name,
    host: options.host,
    port: options.port,
    sshUser: options.user,
    sshPrivateKey: options.keyFile === undefined ? undefined : await readPrivateKey(options.keyFile),
    sshPassword: options.passwordStdin
      ? await readSecretFromStdin(session.io, '--password-stdin', 'SSH password')
      : undefined,
    dockerSocket: options.dockerSocket,
  };
}

/** The capacity the options give, field by field. */
export function capacityInput<O extends ServerOptions>(
  options: O,
): { cpuCores: O['cpu']; memoryMb: O['memoryMb']; maxInstances: O['maxInstances'] } {
  return {
    cpuCores: options.cpu,
    memoryMb: options.memoryMb,
    maxInstances: options.maxInstances,
  };
}
