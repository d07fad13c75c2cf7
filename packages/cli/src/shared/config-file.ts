import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { CliError } from './errors.js';

const configFileSchema = z.object({ url: z.string().optional(), token: z.string().optional() });
export type ConfigFile = z.infer<typeof configFileSchema>;

/** `$OCORE_CONFIG`, else `$XDG_CONFIG_HOME/ocore/config.json`, else `~/.config/ocore/config.json`. */
export function configFilePath(env: Readonly<Record<string, string | undefined>>): string {
  if (env['OCORE_CONFIG']) return env['OCORE_CONFIG'];
  const base = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
  return join(base, 'ocore', 'config.json');
}

/** The saved server and token; empty when there is no file yet. */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  try {
    return configFileSchema.parse(JSON.parse(text));
  } catch {
    throw new CliError(`the config file ${path} is not valid; fix or delete it`);
  }
}

/**
 * Saves the server and token readable by the owner only. Written beside and renamed, so
 * a crash never leaves half a file, and chmod'ed because an existing file keeps its mode.
 */
export async function writeConfigFile(path: string, config: ConfigFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}
