import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../program.js';
import { expectFailures } from '../testing/cli-fixtures.js';
import { createTestUser } from '../testing/cli-harness.js';

const run = promisify(execFile);
const zshPath = '/usr/bin/zsh';
let dir: string;
// No server: printing a completion script asks none.
const user = createTestUser('http://127.0.0.1:9', '/nonexistent/ocore.json');

async function scriptFor(shell: string): Promise<string> {
  const result = await user.run(['completion', shell]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  const path = join(dir, `ocore.${shell}`);
  await writeFile(path, result.stdout);
  return path;
}

/** What bash offers after `words` (the last one being completed), with the script loaded as the help says. */
async function completeInBash(words: readonly string[]): Promise<string[]> {
  const driver =
    'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ocore; printf "%s\\n" "${COMPREPLY[@]}"';
  const script = join(dir, 'ocore.bash');
  const { stdout } = await run('bash', ['--norc', '--noprofile', '-c', driver, 'bash', script, ...words], { cwd: dir });
  return stdout.split('\n').filter(Boolean);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ocore-completion-'));
  await scriptFor('bash');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Every command of the program, with the words that may follow it as commander has them. */
function commandsOf(command: Command, path: string[] = []): { path: string[]; words: string[] }[] {
  const subcommands = command.commands.map((sub) => sub.name());
  const words = subcommands.length > 0 ? [...subcommands, 'help'] : (command.registeredArguments[0]?.argChoices ?? []);
  return [{ path, words }, ...command.commands.flatMap((sub) => commandsOf(sub, [...path, sub.name()]))];
}

describe('ocore completion bash', () => {
  it('completes commands and subcommands in a real bash, global options anywhere', async () => {
    expect(await completeInBash(['ocore', 'to'])).toEqual(['topology']);
    expect(await completeInBash(['ocore', 'topology', 'de'])).toEqual(['deploy', 'delete']);
    expect(await completeInBash(['ocore', '--json', '--url', 'http://x', 'topology', 'de'])).toContain('deploy');
    expect(await completeInBash(['ocore', 'agency', 'portal-domain', 'w'])).toEqual(['watch']);
    expect(await completeInBash(['ocore', 'completion', ''])).toEqual(['bash', 'zsh']);
  });

  it('completes options, the values of choice options, and files where a file is asked for', async () => {
    expect(await completeInBash(['ocore', 'server', 'update', 'db-1', '--ma'])).toEqual([
      '--max-instances',
      '--maintenance',
    ]);
    expect(await completeInBash(['ocore', 'org', 'create', ''])).toContain('--slug');
    expect(await completeInBash(['ocore', 'topology', 'ha-config', 'HA', '--lb-type', ''])).toEqual([
      'traefik',
      'haproxy',
      'nginx',
    ]);
    const domain = ['ocore', 'agency', 'portal-domain', 'watch', 'erp.acme.com', '--until', 'ver'];
    expect(await completeInBash(domain)).toEqual(['verified']);
    expect(await completeInBash(['ocore', 'server', 'add', '--key-file', 'ocore.b'])).toEqual(['ocore.bash']);
    expect(await completeInBash(['ocore', 'org', 'create', '--name', ''])).toEqual([]);
  });

  it('offers every command of the program, so new commands complete without a change here', async () => {
    const program = createProgram({ stdout: { write: () => true }, stderr: { write: () => true }, env: {} });
    for (const { path, words } of commandsOf(program)) {
      const offered = await completeInBash(['ocore', ...path, '']);
      if (words.length > 0) expect(offered, `ocore ${path.join(' ')}`).toEqual(words);
      else expect(offered, `ocore ${path.join(' ')}`).toEqual(expect.arrayContaining(['--help', '--json']));
    }
  });
});

describe('ocore completion zsh', () => {
  it('prints a #compdef script with the commands, their descriptions and options', async () => {
    const path = await scriptFor('zsh');
    const { stdout: script } = await user.run(['completion', 'zsh']);
    expect(script.split('\n')[0]).toBe('#compdef ocore');
    expect(script).toContain("'topology:infrastructure topologies");
    expect(script).toContain("'server') print -rl -- 'add:");
    expect(script).toContain("'update:change a server");
    expect(script).toContain("'topology ha-config --lb-type') print -rl -- 'traefik' 'haproxy' 'nginx' ;;");
    if (!existsSync(zshPath)) return;
    await run(zshPath, ['-n', path]);
    const words = await run(zshPath, ['-fc', 'compdef() { :; }; source "$1"; _ocore_words topology', 'zsh', path]);
    expect(words.stdout).toContain('deploy:deploy node by node');
  });

  it('exits 2 for a shell it does not know, or none', async () => {
    await expectFailures((args) => user.run(args), 2, [
      [['completion', 'fish'], 'Allowed choices are bash, zsh'],
      [['completion'], "missing required argument 'shell'"],
    ]);
  });

  it('says how to install it in its help', async () => {
    const help = await user.run(['completion', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('source <(ocore completion bash)');
    expect(help.stdout).toContain('ocore completion zsh > ~/.zfunc/_ocore');
  });
});
