import type { CompletionNode, CompletionOption } from './command-tree.js';

/** `word` in single quotes, as every POSIX-like shell reads it back. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A key → words table: what the completion functions look up by command path (and option). */
type WordTable = ReadonlyArray<readonly [key: string, words: readonly string[]]>;

/**
 * A shell function `name` whose first argument is a key of `table`, printing that key's
 * words the way `print` writes them; keys without words are left out.
 */
function lookupFunction(name: string, table: WordTable, print: (words: readonly string[]) => string): string {
  const arms = table
    .filter(([, words]) => words.length > 0)
    .map(([key, words]) => `    ${shellQuote(key)}) ${print(words)} ;;`);
  return [`${name}() {`, '  case "$1" in', ...arms, '  esac', '}'].join('\n');
}

/** The key of a command in the tables: `agency client`; `''` for the program itself. */
function keyOf(node: CompletionNode): string {
  return node.path.join(' ');
}

/** One row per command: the flags of its options that `keep`s. */
function optionFlags(nodes: readonly CompletionNode[], keep: (option: CompletionOption) => boolean): WordTable {
  return nodes.map((node) => [keyOf(node), node.options.filter(keep).flatMap((option) => option.flags)]);
}

/** How a shell's script writes the tables: a row of words, and a word as its menu shows it. */
export interface ShellDialect {
  print: (words: readonly string[]) => string;
  entry: (name: string, description: string) => string;
}

/**
 * The lookup functions the completion function of either shell reads, by command path:
 * the words that may follow, the options (as menu entries), those that take a value or a
 * file, and, by `<command path> <flag>`, the values a choice option allows.
 */
export function lookupFunctions(nodes: readonly CompletionNode[], dialect: ShellDialect): string {
  const choices = nodes.flatMap((node) =>
    node.options.flatMap((option) =>
      option.flags.map((flag) => [[...node.path, flag].join(' '), option.choices] as const),
    ),
  );
  return [
    lookupFunction(
      '_ocore_words',
      nodes.map((node) => [keyOf(node), node.words.map((word) => dialect.entry(word.name, word.description))]),
      dialect.print,
    ),
    lookupFunction(
      '_ocore_options',
      nodes.map((node) => [
        keyOf(node),
        node.options.flatMap((option) => option.flags.map((flag) => dialect.entry(flag, option.description))),
      ]),
      dialect.print,
    ),
    lookupFunction(
      '_ocore_value_options',
      optionFlags(nodes, (option) => option.takesValue),
      dialect.print,
    ),
    lookupFunction(
      '_ocore_file_options',
      optionFlags(nodes, (option) => option.takesFile),
      dialect.print,
    ),
    lookupFunction('_ocore_choices', choices, dialect.print),
  ].join('\n');
}
