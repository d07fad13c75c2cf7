import type { ExecCommand, ExecResult, ExecSession, ExecStream } from '@ocore/core';
import type Docker from 'dockerode';
import { randomUUID } from 'node:crypto';
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import { demux } from './docker-demux.js';
import { attempt } from './docker-errors.js';

const stderrTailChars = 4000;

interface Started {
  execution: Docker.Exec;
  stream: Duplex;
  step: string;
}

async function start(docker: Docker, name: string, command: ExecCommand, tty: boolean): Promise<Started> {
  const step = `run \`${command.command.join(' ').slice(0, 80)}\` in container ${name}`;
  const withStdin = tty || command.stdin !== undefined;
  const execution = await attempt(step, () =>
    docker.getContainer(name).exec({
      Cmd: command.command,
      AttachStdin: withStdin,
      AttachStdout: true,
      AttachStderr: true,
      Tty: tty,
      ...(command.user ? { User: command.user } : {}),
      ...(command.workdir ? { WorkingDir: command.workdir } : {}),
      Env: Object.entries(command.env ?? {}).map(([k, v]) => `${k}=${v}`),
    }),
  );
  const stream = await attempt(step, () => execution.start({ hijack: true, stdin: withStdin, Tty: tty }));
  return { execution, stream, step };
}

/** Writes the command's stdin, then half-closes so that the command sees its end. */
async function feed(stream: Duplex, stdin: ExecCommand['stdin']): Promise<void> {
  if (stdin === undefined) return;
  const source = typeof stdin === 'string' || stdin instanceof Uint8Array ? [stdin] : stdin;
  for await (const chunk of source) {
    if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end();
}

/** The exit code once the stream has ended (the engine knows it by then). */
async function exitCode(started: Started): Promise<number> {
  const info = await attempt(started.step, () => started.execution.inspect());
  return info.ExitCode ?? -1;
}

const ended = (stream: Duplex) =>
  new Promise<void>((resolve, reject) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', reject);
  });

/** Runs a command to its end and collects its output. */
export async function exec(docker: Docker, name: string, command: ExecCommand): Promise<ExecResult> {
  const started = await start(docker, name, command, false);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const out = new PassThrough().on('data', (d: Buffer) => stdout.push(d));
  const err = new PassThrough().on('data', (d: Buffer) => stderr.push(d));
  demux(started.stream, out, err);
  await Promise.all([attempt(started.step, () => feed(started.stream, command.stdin)), ended(started.stream)]);
  return {
    exitCode: await exitCode(started),
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
  };
}

/** Runs a command whose stdout is streamed; stderr's tail is kept for the error message. */
export async function execStream(docker: Docker, name: string, command: ExecCommand): Promise<ExecStream> {
  const started = await start(docker, name, command, false);
  const stdout = new PassThrough();
  let stderr = '';
  const err = new PassThrough().on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-stderrTailChars)));
  demux(started.stream, stdout, err);
  const done = (async () => {
    try {
      await Promise.all([feed(started.stream, command.stdin), ended(started.stream)]);
    } finally {
      stdout.end();
    }
    return { exitCode: await exitCode(started), stderr };
  })();
  // The caller may read stdout before awaiting done; an early rejection must not go unhandled.
  done.catch(() => undefined);
  return { stdout: asBytes(stdout), done };
}

/** Set in a session's environment (its children inherit it), so that its processes can be found and ended. */
const sessionMarker = 'OCORE_EXEC_SESSION';

/** Kills, inside the container, every process that carries the session's marker. */
async function endMarked(docker: Docker, name: string, marker: string, user: string | undefined): Promise<void> {
  const script = `for p in /proc/[0-9]*; do grep -qzx "${sessionMarker}=$1" "$p/environ" 2>/dev/null && kill -KILL "\${p#/proc/}" 2>/dev/null; done; exit 0`;
  await exec(docker, name, { command: ['/bin/sh', '-c', script, 'sh', marker], ...(user ? { user } : {}) });
}

/** An interactive TTY session; its output is raw (a TTY is not multiplexed). */
export async function openSession(
  docker: Docker,
  name: string,
  command: ExecCommand & { columns: number; rows: number },
): Promise<ExecSession> {
  const { stdin: _ignored, ...rest } = command;
  const marker = randomUUID();
  const started = await start(docker, name, { ...rest, env: { ...rest.env, [sessionMarker]: marker } }, true);
  await started.execution.resize({ h: command.rows, w: command.columns }).catch(() => undefined);
  const done = ended(started.stream)
    .catch(() => undefined)
    .then(async () => {
      const info = await started.execution.inspect().catch(() => undefined);
      return { exitCode: info && !info.Running ? (info.ExitCode ?? null) : null };
    });
  return {
    output: asBytes(started.stream),
    write: (data) => void started.stream.write(data),
    resize: async (columns, rows) => {
      await attempt(started.step, () => started.execution.resize({ h: rows, w: columns }));
    },
    close: () => {
      started.stream.destroy();
      // The engine leaves an exec's process running when its connection closes: end it ourselves.
      void endMarked(docker, name, marker, command.user).catch(() => undefined);
    },
    done,
  };
}

async function* asBytes(stream: Readable | Duplex): AsyncIterable<Uint8Array> {
  for await (const chunk of stream) yield chunk as Uint8Array;
}
