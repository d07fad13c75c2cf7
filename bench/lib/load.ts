import { join } from 'node:path';
import autocannon from 'autocannon';
import { distribution, freePort, repoRoot, spawnChild, startWorker, type Child } from './harness.js';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  total: number;
  /** Errors, time-outs and non-2xx answers. */
  failures: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  /** The Host header of each request, in turn. */
  hosts?: readonly string[];
  /** Requests per second offered over all connections; unset means as fast as answered. */
  overallRate?: number;
}

/** Drives `url` with autocannon (as a library) and returns what it measured. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const hosts = options.hosts;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    // The same per-request work on the client side whichever server is measured.
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          if (!hosts?.length) return req;
          const host = hosts[next++ % hosts.length]!;
          return { ...req, headers: { ...req.headers, host } };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.total / options.durationSeconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    total: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

export interface PacedLoad {
  /** `rate` evenly spaced requests a second for `seconds`, each timed from when it was due. */
  run(options: { url: string; hosts: readonly string[]; rate: number; seconds: number }): Promise<
    LoadResult & {
      lateSends: number;
    }
  >;
  stop(): Promise<void>;
}

/** A process of its own sending evenly spaced requests (bench/lib/paced-load.mjs). */
export async function startPacedLoad(connections: number): Promise<PacedLoad> {
  const worker = await startWorker(join(repoRoot, 'bench', 'lib', 'paced-load.mjs'), { waitReady: true });
  return {
    async run({ url, hosts, rate, seconds }) {
      const answer = await worker.call<{ latencies: number[]; failures: number; lateSends: number }>('run', {
        url,
        hosts,
        rate,
        seconds,
        connections,
      });
      const d = distribution(answer.latencies);
      return {
        requestsPerSecond: d.count / seconds,
        p50Ms: d.p50,
        p99Ms: d.p99,
        maxMs: d.max,
        total: d.count,
        failures: answer.failures,
        lateSends: answer.lateSends,
      };
    },
    stop: () => worker.stop(),
  };
}

/** The baseline HTTP server (bench/lib/bare-http-server.mjs) answering `body`. */
export async function startBareHttpServer(body: string): Promise<{ url: string; child: Child }> {
  const port = await freePort();
  const child = spawnChild(process.execPath, [join(repoRoot, 'bench', 'lib', 'bare-http-server.mjs')], {
    env: { PATH: process.env['PATH'], PORT: String(port), BODY: body },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.process.once('message', () => resolve());
    void child.exited.then((code) => reject(new Error(`baseline server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}
