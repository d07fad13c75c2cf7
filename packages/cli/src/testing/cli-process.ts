import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const mainPath = fileURLToPath(new URL('../main.ts', import.meta.url));

/** What an `ocore` process printed, and how it ended: its exit code, or the signal that ended it. */
export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `ocore` running as a process of its own. */
export interface CliProcess {
  output(): { stdout: string; stderr: string };
  /** Sends `signal`: SIGINT is what Ctrl-C in a terminal sends. */
  kill(signal: NodeJS.Signals): void;
  result: Promise<ProcessResult>;
}

/**
 * Starts `ocore args` as its own process, as a shell would (main.ts through tsx, so no
 * build is needed), with `env` and nothing else of the test's environment but PATH and HOME.
 */
export function spawnCli(args: readonly string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', mainPath, ...args], {
    cwd: packageDir,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const result = new Promise<ProcessResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, ...output }));
  });
  return { output: () => ({ ...output }), kill: (signal) => void child.kill(signal), result };
}
