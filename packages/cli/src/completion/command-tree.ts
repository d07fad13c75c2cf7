import type { Command, Option } from 'commander';

/** An option as completion offers it. */
export interface CompletionOption {
  /** `--key-file`, and `-h` beside `--help`. */
  flags: string[];
  description: string;
  takesValue: boolean;
  /** The values a choice option allows; empty for a free value. */
  choices: readonly string[];
  /** Its value is a file name (`<path>`, `<file>`), so the shell offers files. */
  takesFile: boolean;
}

/** A command of the tree, with what may follow it. */
export interface CompletionNode {
  /** The command names from the program down, without `ocore`: `['agency', 'client']`; `[]` for the program. */
  path: string[];
  /** The words that may follow: its subcommands, or the values its first argument allows. */
  words: { name: string; description: string }[];
  /** Its own options and those of the commands above it (`--json`, `--url`, …), which commander reads anywhere. */
  options: CompletionOption[];
}

const fileValueNames = new Set(['path', 'file']);

/** The first line of a description, which is what a completion menu has room for. */
function summaryOf(command: Command): string {
  return (command.summary() || command.description()).split('\n')[0] ?? '';
}

function completionOption(option: Option): CompletionOption {
  const takesValue = option.required || option.optional;
  const valueName = /[<[]([\w-]+)/.exec(option.flags)?.[1] ?? '';
  return {
    flags: [option.short, option.long].filter((flag): flag is string => flag !== undefined),
    description: option.description,
    takesValue,
    choices: option.argChoices ?? [],
    takesFile: takesValue && fileValueNames.has(valueName),
  };
}

/** The visible options of the commands above `command`, which apply below them too. */
function inheritedOptions(command: Command): Option[] {
  const options: Option[] = [];
  for (let parent = command.parent; parent; parent = parent.parent) {
    options.push(...parent.options.filter((option) => !option.hidden));
  }
  return options;
}

/** Every command of `program`, the program first, then depth first, as completion sees it. */
export function completionTree(program: Command): CompletionNode[] {
  const nodes: CompletionNode[] = [];
  const visit = (command: Command, path: string[]) => {
    const help = command.createHelp();
    const subcommands = help.visibleCommands(command);
    const argument = command.registeredArguments[0];
    const values = (argument?.argChoices ?? []).map((name) => ({ name, description: argument?.description ?? '' }));
    nodes.push({
      path,
      words: [...subcommands.map((sub) => ({ name: sub.name(), description: summaryOf(sub) })), ...values],
      options: [...help.visibleOptions(command), ...inheritedOptions(command)].map(completionOption),
    });
    // The implicit `help` command is not among command.commands: it has nothing more to offer.
    for (const sub of subcommands) if (command.commands.includes(sub)) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return nodes;
}
