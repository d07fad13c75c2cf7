import { CliError, exitCodes, usageError } from './errors.js';
import type { CliIo } from './output.js';

/** Reads a line from a terminal without echoing it. */
function promptHidden(stdin: NodeJS.ReadStream, io: CliIo, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      io.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new CliError('cancelled', exitCodes.cancelled));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else value += char;
      }
    };
    io.stderr.write(question);
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** The piped input to its end, without the line end after its last line. */
async function readToEnd(stdin: NodeJS.ReadStream): Promise<string> {
  let text = '';
  stdin.setEncoding('utf8');
  for await (const chunk of stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

/**
 * A secret for `flag` (`--password-stdin`): piped in on stdin, so it never shows in the
 * process list or the shell history, or typed without echo when stdin is a terminal.
 */
export async function readSecretFromStdin(io: CliIo, flag: string, label: string): Promise<string> {
  const stdin = io.stdin;
  if (!stdin) throw usageError(`${flag}: there is no standard input to read from`);
  const secret = stdin.isTTY ? await promptHidden(stdin, io, `${label}: `) : await readToEnd(stdin);
  if (secret === '') throw usageError(`${flag}: standard input was empty`);
  return secret;
}

/**
 * The password from `--password`, else `$OCORE_PASSWORD`, else typed at the terminal
 * (twice when `confirm`, for a new account). Never prompts when stdin is not a TTY.
 */
export async function readPassword(io: CliIo, fromFlag: string | undefined, confirm = false): Promise<string> {
  if (fromFlag !== undefined) return fromFlag;
  const fromEnv = io.env['OCORE_PASSWORD'];
  if (fromEnv) return fromEnv;
  const stdin = io.stdin;
  if (!stdin?.isTTY)
    throw usageError('a password is required: pass --password, set OCORE_PASSWORD, or run in a terminal');
  const password = await promptHidden(stdin, io, 'Password: ');
  if (confirm && (await promptHidden(stdin, io, 'Repeat password: ')) !== password) {
    throw usageError('the passwords do not match');
  }
  return password;
}
