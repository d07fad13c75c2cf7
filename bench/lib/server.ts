import { join } from 'node:path';
import { freePort, repoRoot, startWorker, type Child } from './harness.js';

export const benchJwtSecret = 'benchmark-secret-that-is-long-enough-for-hs256';
export const benchMasterKey = Buffer.alloc(32, 9).toString('base64');
export const portalBaseDomain = 'portals.bench.test';

export interface ServerOptions {
  /** PGlite's folder (seeded beforehand); ignored with databaseUrl. */
  dataDir?: string;
  databaseUrl?: string;
  /** More environment, e.g. OCORE_JOBS or OCORE_DNS_SERVERS. */
  env?: Record<string, string>;
  nodeArgs?: string[];
  /** CPUs the server may run on (`taskset -c` list); any by default. */
  cpus?: string | undefined;
}

export interface OcoreServer {
  url: string;
  pid: number;
  child: Child;
  /** Sends a command to bench/lib/server-child.mjs and waits for its answer. */
  call<T = Record<string, unknown>>(cmd: string, extra?: Record<string, unknown>): Promise<T>;
  /** heapUsed, rss, ... after full GCs, as the server process sees them. */
  memory(): Promise<NodeJS.MemoryUsage>;
  /**
   * Runs `work` under a V8 CPU profile of the server written to $BENCH_CPU_PROF/<name>.cpuprofile
   * when BENCH_CPU_PROF is set (summarize it with bench/lib/profile-summary.mjs).
   */
  profiled<T>(name: string, work: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/** The environment of a benchmark server: production-like (info logs, jobs on), fixed keys. */
export function serverEnv(port: number, options: ServerOptions): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    OCORE_DATA_DIR: options.dataDir ?? 'memory',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    OCORE_JWT_SECRET: benchJwtSecret,
    OCORE_MASTER_KEY: benchMasterKey,
    OCORE_PORTAL_BASE_DOMAIN: portalBaseDomain,
    LOG_LEVEL: 'info',
    ...options.env,
  };
}

/**
 * Starts the built server (startApp) in a child process; its logs go to /dev/null, as
 * production logs go to a file. Resolves once it listens.
 */
export async function startServer(options: ServerOptions = {}): Promise<OcoreServer> {
  const port = await freePort();
  const worker = await startWorker(join(repoRoot, 'bench', 'lib', 'server-child.mjs'), {
    env: serverEnv(port, options),
    // BENCH_SERVER_NODE_ARGS: V8 or Node flags for every benchmark server, for experiments.
    nodeArgs: [
      '--expose-gc',
      ...(process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean),
      ...(options.nodeArgs ?? []),
    ],
    waitReady: true,
    quiet: true,
    cpus: options.cpus,
  });
  const { call } = worker;
  return {
    url: String(worker.ready['url']),
    pid: worker.pid,
    child: worker,
    call,
    memory: async () => (await call<{ memory: NodeJS.MemoryUsage }>('memory')).memory,
    async profiled(name, work) {
      const folder = process.env['BENCH_CPU_PROF'];
      if (!folder) return work();
      await call('profile-start');
      try {
        return await work();
      } finally {
        const { file } = await call<{ file: string }>('profile-stop', {
          file: join(folder, `${name}-${worker.pid}.cpuprofile`),
        });
        console.log(`CPU profile of the server: ${file}`);
      }
    },
    stop: () => worker.stop(),
  };
}
