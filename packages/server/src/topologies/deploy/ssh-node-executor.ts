import type { NodeExecutor, NodePlan, ReachabilityProbe, SshTarget, StepResult } from '@ocore/core';
import { createHash } from 'node:crypto';
import { quote } from 'shell-quote';
import type { SFTPWrapper } from 'ssh2';

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Session {
  run(command: string, timeoutMs?: number): Promise<CommandResult>;
  write(path: string, content: string, mode: number): Promise<void>;
}

export interface ExecutorOptions {
  reachability: ReachabilityProbe;
  connectTimeoutMs?: number;
  /** How long the health check's TCP connection may take. */
  healthTimeoutMs?: number;
}

class StepFailed extends Error {}

const tail = (text: string, max = 400) => {
  const trimmed = text.trim().replace(/\s+\n/g, '\n');
  return trimmed.length > max ? `…${trimmed.slice(-max)}` : trimmed;
};

function describeConnectError(target: SshTarget, err: Error & { code?: string; level?: string }): string {
  const where = `${target.user}@${target.host}:${target.port}`;
  if (err.level === 'client-authentication')
    return `SSH login to ${where} was refused: the server did not accept the key or password`;
  if (err.code === 'ECONNREFUSED') return `cannot reach ${where} over SSH: connection refused`;
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
    return `cannot reach ${where} over SSH: the host name does not resolve`;
  if (err.level === 'client-timeout' || /timed out/i.test(err.message))
    return `cannot reach ${where} over SSH: no answer in time`;
  return `SSH to ${where} failed: ${err.message}`;
}

/** A host key as OpenSSH prints it: SHA256 and unpadded base64. */
export const fingerprint = (key: Buffer) =>
  `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;

/**
 * Opens one SSH connection, runs `work` with it, and always closes it. The server's host
 * key must match the pinned one when there is one; `seen` receives the key it showed.
 */
async function withSsh<T>(
  target: SshTarget,
  connectTimeoutMs: number,
  seen: { hostKey?: string },
  work: (session: Session) => Promise<T>,
): Promise<T> {
  // ssh2 loads at the first deployment, not at start-up.
  const { Client } = await import('ssh2');
  const client = new Client();
  // ssh2 may emit several errors (a timeout, then the peer hanging up); an error with no
  // listener would bring the whole process down, so one listens for the client's whole life.
  // Errors after the connection is up end its channels, which fail the step in progress.
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.on('error', (err) => {
      const changed = target.hostKey && seen.hostKey && seen.hostKey !== target.hostKey;
      reject(
        new StepFailed(
          changed
            ? `the SSH host key of ${target.host}:${target.port} changed (pinned ${target.hostKey}, now ${seen.hostKey}); if the server was rebuilt, reset it with PUT /api/servers/{id} {"resetHostKey": true}`
            : describeConnectError(target, err),
        ),
      );
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: target.user,
      readyTimeout: connectTimeoutMs,
      hostVerifier: (key: Buffer) => {
        seen.hostKey = fingerprint(key);
        return !target.hostKey || seen.hostKey === target.hostKey;
      },
      ...(target.privateKey ? { privateKey: target.privateKey } : {}),
      ...(target.password ? { password: target.password } : {}),
    });
  });
  let sftp: SFTPWrapper | undefined;
  const session: Session = {
    run: (command, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        client.exec(command, (err, stream) => {
          if (err) return reject(new StepFailed(`could not run a command over SSH: ${err.message}`));
          let stdout = '';
          let stderr = '';
          const timer = setTimeout(() => {
            stream.close();
            reject(new StepFailed(`\`${command.split(' ')[0]}\` took longer than ${Math.round(timeoutMs / 1000)} s`));
          }, timeoutMs);
          stream.on('data', (d: Buffer) => (stdout += d.toString()));
          stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          stream.on('close', (code: number | null) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr });
          });
        });
      }),
    async write(path, content, mode) {
      sftp ??= await new Promise<SFTPWrapper>((resolve, reject) =>
        client.sftp((err, s) => (err ? reject(new StepFailed(`SFTP is not available: ${err.message}`)) : resolve(s))),
      );
      const channel = sftp;
      await new Promise<void>((resolve, reject) =>
        channel.writeFile(path, content, { mode }, (err) =>
          err ? reject(new StepFailed(`could not write ${path}: ${err.message}`)) : resolve(),
        ),
      );
      // An existing file keeps its old mode through writeFile; set it every time.
      await new Promise<void>((resolve, reject) =>
        channel.chmod(path, mode, (err) =>
          err ? reject(new StepFailed(`could not chmod ${path}: ${err.message}`)) : resolve(),
        ),
      );
    },
  };
  try {
    return await work(session);
  } finally {
    client.end();
  }
}

async function must(session: Session, command: string, what: string, timeoutMs?: number): Promise<string> {
  const result = await session.run(command, timeoutMs);
  if (result.code !== 0)
    throw new StepFailed(
      `${what} failed (exit ${result.code ?? 'signal'}): ${tail(result.stderr || result.stdout) || 'no output'}`,
    );
  return result.stdout;
}

async function has(session: Session, program: string): Promise<boolean> {
  return (await session.run(`command -v ${quote([program])} >/dev/null 2>&1`)).code === 0;
}

/** The load balancers that run as a native process when the server has the program. */
const native = {
  haproxy: {
    pidFile: 'haproxy.pid',
    test: (dir: string) => `haproxy -c -q -f ${quote([`${dir}/haproxy.cfg`])}`,
    start: (dir: string, running: boolean) => {
      const [cfg, pid] = [quote([`${dir}/haproxy.cfg`]), quote([`${dir}/haproxy.pid`])];
      return running ? `haproxy -D -f ${cfg} -p ${pid} -sf $(cat ${pid})` : `haproxy -D -f ${cfg} -p ${pid}`;
    },
  },
  nginx: {
    pidFile: 'nginx.pid',
    test: (dir: string) => `nginx -t -q -p ${quote([`${dir}/`])} -c ${quote([`${dir}/nginx.conf`])} -e stderr`,
    start: (dir: string, running: boolean) =>
      `nginx -p ${quote([`${dir}/`])} -c ${quote([`${dir}/nginx.conf`])} -e logs/error.log${running ? ' -s reload' : ''}`,
  },
} as const;

function nativeProgram(plan: NodePlan): keyof typeof native | undefined {
  return plan.settings.kind === 'load-balancer' && plan.settings.lbType !== 'traefik'
    ? plan.settings.lbType
    : undefined;
}

/** The process in the pid file exists and is not a zombie left for a parent that never reaps. */
const alive = (dir: string, pidFile: string) => {
  const file = quote([`${dir}/${pidFile}`]);
  return `test -s ${file} && pid="$(cat ${file})" && kill -0 "$pid" 2>/dev/null && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null`;
};

/** Why a load balancer cannot run on the server, or undefined when its program is there. */
async function missingProgram(session: Session, plan: NodePlan): Promise<string | undefined> {
  const program = nativeProgram(plan);
  if (!program)
    return 'a traefik load balancer is rendered for download only (GET /api/topologies/{id}/compose); choose haproxy or nginx to deploy it';
  if (await has(session, program)) return undefined;
  return `${program} is not installed on ${plan.server.name}: the load balancer runs as the server's own ${program} (apt-get install ${program})`;
}

/**
 * Applies load balancers over SSH (the other nodes run on the container runtime): writes the
 * rendered files by SFTP into the node's directory (secrets with mode 0600), checks the
 * configuration with the program itself, then starts or reloads the server's own haproxy or
 * nginx. Healthy means the check found it running and its port answered a TCP connection from here.
 */
export function createSshNodeExecutor(options: ExecutorOptions): NodeExecutor {
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const healthTimeoutMs = options.healthTimeoutMs ?? 5_000;

  const attempt = async (work: (seen: { hostKey?: string }) => Promise<void>): Promise<StepResult> => {
    const seen: { hostKey?: string } = {};
    try {
      await work(seen);
      return seen.hostKey ? { ok: true, hostKey: seen.hostKey } : { ok: true };
    } catch (err) {
      if (err instanceof StepFailed) return { ok: false, reason: err.message };
      return { ok: false, reason: `unexpected failure: ${(err as Error).message}` };
    }
  };

  return {
    apply: (target, plan, files, directory) =>
      attempt((seen) =>
        withSsh(target, connectTimeoutMs, seen, async (session) => {
          const dir = (
            await must(
              session,
              `mkdir -p -m 0700 ${quote([directory])} && cd ${quote([directory])} && mkdir -p logs temp && pwd`,
              'creating the node directory',
            )
          ).trim();
          for (const file of files)
            await session.write(`${dir}/${file.path}`, file.content, file.secret ? 0o600 : 0o644);
          const missing = await missingProgram(session, plan);
          const program = nativeProgram(plan);
          if (missing || !program) throw new StepFailed(missing);
          const lb = native[program];
          await must(session, lb.test(dir), `${program} configuration check`);
          const running = (await session.run(alive(dir, lb.pidFile))).code === 0;
          await must(session, lb.start(dir, running), `starting ${program}`);
        }),
      ),
    check: (target, plan, directory) =>
      attempt(async (seen) => {
        await withSsh(target, connectTimeoutMs, seen, async (session) => {
          const dir = (
            await must(session, `cd ${quote([directory])} && pwd`, 'finding the node directory (was it deployed?)')
          ).trim();
          const missing = await missingProgram(session, plan);
          const program = nativeProgram(plan);
          if (missing || !program) throw new StepFailed(missing);
          if ((await session.run(alive(dir, native[program].pidFile))).code !== 0)
            throw new StepFailed(`${program} is not running on ${plan.server.name}`);
        });
        const answer = await options.reachability.probe(plan.server.host, plan.healthPort, healthTimeoutMs);
        if (!answer.reachable)
          throw new StepFailed(`nothing answers on ${plan.server.host}:${plan.healthPort} (${answer.error})`);
      }),
  };
}
