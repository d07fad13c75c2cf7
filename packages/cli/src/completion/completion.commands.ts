import { Argument, type Command } from 'commander';
import type { CliIo } from '../shared/output.js';
import { bashCompletionScript } from './bash-completion.js';
import { completionTree, type CompletionNode } from './command-tree.js';
import { zshCompletionScript } from './zsh-completion.js';

const scripts: Record<string, (nodes: readonly CompletionNode[]) => string> = {
  bash: bashCompletionScript,
  zsh: zshCompletionScript,
};

const installation = `
Completes commands, subcommands, options, and the values of options that take one of a few
(or a file). The script is made from this version's commands: load it again after an upgrade.

bash: add to ~/.bashrc
  source <(ocore completion bash)
or install it for every session (the bash-completion package loads it on demand):
  ocore completion bash > ~/.local/share/bash-completion/completions/ocore

zsh: save it as _ocore in a folder of $fpath, then start a new shell:
  mkdir -p ~/.zfunc && ocore completion zsh > ~/.zfunc/_ocore
  # in ~/.zshrc, before compinit:  fpath=(~/.zfunc $fpath)
or add to ~/.zshrc, after compinit:
  source <(ocore completion zsh)`;

/** The program `command` belongs to. */
function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

/** `ocore completion bash|zsh`. */
export function registerCompletionCommand(program: Command, io: CliIo): void {
  program
    .command('completion')
    .description('print the shell completion script for bash or zsh')
    .addArgument(new Argument('<shell>', 'the shell').choices(Object.keys(scripts)))
    .addHelpText('after', installation)
    .action((shell: string, _options: unknown, command: Command) => {
      const script = scripts[shell];
      if (script) io.stdout.write(script(completionTree(rootOf(command))));
    });
}
