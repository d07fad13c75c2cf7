import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentedArgs } from './cli-harness.js';

/** The product guides as the repository keeps them (docs/spec), or $OCORE_SPEC_DIR. */
export const specDir =
  process.env['OCORE_SPEC_DIR'] ?? fileURLToPath(new URL('../../../../docs/spec', import.meta.url));

/** Where the guides come from: `shared/spec` beside the repository, on the machines that have it. */
export const upstreamSpecDir = fileURLToPath(new URL('../../../../../shared/spec', import.meta.url));

// `ocore` starts a command where it stands alone (not in ocore.example.com); a word is
// quoted or runs to white space, and a `\` at a line end continues the command.
const commandStart = /(?<![\w./-])ocore(?=[ \t])/g;
const separator = /[ \t]+(?:\\\r?\n[ \t]*)?|\\\r?\n[ \t]*/y;
const word = /"[^"\n]*"|[^\s"\\]+/y;
// The guides' text sometimes runs on from a code block without a break, as in
// `--slug acme-corpValidation Rules`: a capitalized word glued to a word ends the command.
const gluedHeading = /[a-z0-9](?=[A-Z][a-z])/;

/** The command starting at `start` (just after `ocore`), on one line: its words joined by single spaces. */
function readCommand(text: string, start: number): string {
  const words = ['ocore'];
  let at = start;
  for (;;) {
    separator.lastIndex = at;
    if (!separator.exec(text)) break;
    word.lastIndex = separator.lastIndex;
    const found = word.exec(text)?.[0];
    if (found === undefined) break;
    const glued = found.startsWith('"') ? null : gluedHeading.exec(found);
    words.push(glued ? found.slice(0, glued.index + 1) : found);
    if (glued) break;
    at = word.lastIndex;
  }
  return words.join(' ');
}

/** The `ocore …` command lines of a guide's text, in order, each on one line. */
export function findCommandLines(text: string): string[] {
  return [...text.matchAll(commandStart)].map((match) => readCommand(text, match.index + 'ocore'.length));
}

/** Every `ocore` command line in the guides' examples, once each. */
export async function readDocumentedCommands(dir = specDir): Promise<string[]> {
  const files = await readdir(dir).catch((error: Error) => {
    throw new Error(`the product guides are not in ${dir} (${error.message}); set OCORE_SPEC_DIR`);
  });
  files.sort();
  const texts = await Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')));
  return [...new Set(texts.flatMap(findCommandLines))];
}

/** A documented command line, and what a test changes in it to run it. */
export interface DocumentedCommand {
  line: string;
  /** Arguments added at the end. */
  extra?: readonly string[];
  /** An option whose documented value the test cannot use, and the value it uses instead. */
  replace?: readonly [option: string, value: string];
}

/** The arguments to run `command` with: as documented, changed as it says, with --json. */
export function documentedJsonArgs(command: DocumentedCommand): string[] {
  const args = documentedArgs(command.line);
  if (command.replace) {
    const [option, value] = command.replace;
    const at = args.indexOf(option);
    if (at === -1) throw new Error(`${command.line} has no ${option} to replace`);
    args[at + 1] = value;
  }
  return ['--json', ...args, ...(command.extra ?? [])];
}
