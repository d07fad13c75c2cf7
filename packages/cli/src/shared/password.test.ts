import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './output.js';
import { readPassword } from './password.js';

/** A fake terminal: typed keys go in, raw mode is recorded. */
function fakeTerminal() {
  const stream = new PassThrough() as PassThrough & {
    isTTY: boolean;
    rawModes: boolean[];
    setRawMode(on: boolean): void;
  };
  stream.isTTY = true;
  stream.rawModes = [];
  stream.setRawMode = (on) => void stream.rawModes.push(on);
  return stream;
}

function ioWith(stdin: ReturnType<typeof fakeTerminal> | undefined, env: Record<string, string> = {}) {
  let stderr = '';
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env,
    ...(stdin && { stdin: stdin as unknown as NodeJS.ReadStream }),
  };
  return { io, stderr: () => stderr };
}

describe('readPassword', () => {
  it('prefers the flag, then OCORE_PASSWORD', async () => {
    expect(await readPassword(ioWith(undefined, { OCORE_PASSWORD: 'from env' }).io, 'from flag')).toBe('from flag');
    expect(await readPassword(ioWith(undefined, { OCORE_PASSWORD: 'from env' }).io, undefined)).toBe('from env');
  });

  it('refuses with a usage error when there is no terminal', async () => {
    await expect(readPassword(ioWith(undefined).io, undefined)).rejects.toMatchObject({ exitCode: 2 });
  });

  it('prompts without echo, handles backspace, and restores the terminal', async () => {
    const terminal = fakeTerminal();
    const { io, stderr } = ioWith(terminal);
    const password = readPassword(io, undefined);
    terminal.write('secrett\u007f-pass\r');
    expect(await password).toBe('secret-pass');
    expect(stderr()).toBe('Password: \n');
    expect(terminal.rawModes).toEqual([true, false]);
  });

  it('asks twice for a new password and refuses a mismatch', async () => {
    const terminal = fakeTerminal();
    const password = readPassword(ioWith(terminal).io, undefined, true);
    terminal.write('first one\r');
    await new Promise((resolve) => setImmediate(resolve));
    terminal.write('second one\r');
    await expect(password).rejects.toThrow('the passwords do not match');
  });
});
