/**
 * Start-up: the built server (node packages/server/dist/main.js) from spawn to 200 on
 * /readyz on PGlite, cold (a new data folder: database created and migrated, keys written)
 * and warm (the same folder again), and its resident memory once idle. Baseline: an empty
 * `node -e` process in the same run (time to exit; RSS while idle).
 * Targets: cold start ≤ 3 s; idle RSS ≤ 200 MB.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  freePort,
  mb,
  median,
  repoRoot,
  requireBuilt,
  rssOf,
  runBench,
  sleep,
  spawnChild,
  tempDir,
  waitFor,
} from './lib/harness.js';
import { ratioOf, report } from './lib/report.js';
import { serverEnv } from './lib/server.js';

const runs = Number(process.env['BENCH_RUNS'] ?? 3);
const idleMs = 5_000;

async function emptyNodeStart(): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, ['-e', ''])
      .once('exit', () => resolve())
      .once('error', reject),
  );
  return performance.now() - started;
}

async function emptyNodeIdleRss(): Promise<number> {
  const child = spawnChild(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  await sleep(idleMs);
  const rss = rssOf(child.pid);
  await child.stop();
  return rss;
}

/** Spawns main.js and times it to a 200 from /readyz, then takes its RSS once idle. */
async function startOnce(dataDir: string): Promise<{ ms: number; rss: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnChild(process.execPath, [join(repoRoot, 'packages', 'server', 'dist', 'main.js')], {
    env: serverEnv(port, { dataDir }),
  });
  await waitFor(
    '/readyz',
    async () => {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      return res?.status === 200;
    },
    60_000,
    10,
  );
  const ms = performance.now() - started;
  await sleep(idleMs);
  const rss = rssOf(child.pid);
  await child.stop();
  return { ms, rss };
}

runBench(async () => {
  requireBuilt();
  const baselineStart: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  const rss: number[] = [];
  const warmRss: number[] = [];
  for (let i = 0; i < runs; i++) {
    baselineStart.push(await emptyNodeStart());
    const dataDir = tempDir('startup');
    const first = await startOnce(dataDir);
    cold.push(first.ms);
    rss.push(first.rss);
    const second = await startOnce(dataDir);
    warm.push(second.ms);
    warmRss.push(second.rss);
    console.log(
      `run ${i + 1}: node -e ${baselineStart.at(-1)!.toFixed(0)} ms, cold ${first.ms.toFixed(0)} ms (idle RSS ${mb(first.rss).toFixed(0)} MB), warm ${second.ms.toFixed(0)} ms (idle RSS ${mb(second.rss).toFixed(0)} MB)`,
    );
  }
  const baselineRss = await emptyNodeIdleRss();
  const base = median(baselineStart);
  report({
    bench: 'startup',
    setup: `node packages/server/dist/main.js on PGlite (NODE_ENV=production, keys given, logs to /dev/null, background jobs on), ${runs} runs, medians; idle RSS ${idleMs / 1000} s after /readyz.`,
    figures: [
      {
        metric: 'cold start to /readyz (new data folder)',
        value: median(cold) / 1000,
        unit: 's',
        baseline: { name: 'node -e "" start to exit', value: base / 1000 },
        ratio: ratioOf(median(cold), base),
        target: { text: '≤ 3 s', met: median(cold) <= 3000 },
      },
      {
        metric: 'warm start to /readyz (same folder again)',
        value: median(warm) / 1000,
        unit: 's',
        baseline: { name: 'node -e "" start to exit', value: base / 1000 },
        ratio: ratioOf(median(warm), base),
      },
      {
        metric: 'idle RSS after a cold start',
        value: mb(median(rss)),
        unit: 'MB',
        baseline: { name: 'idle node -e process', value: mb(baselineRss) },
        ratio: ratioOf(median(rss), baselineRss),
        target: { text: '≤ 200 MB', met: mb(median(rss)) <= 200 },
      },
      {
        metric: 'idle RSS after a warm start',
        value: mb(median(warmRss)),
        unit: 'MB',
        baseline: { name: 'idle node -e process', value: mb(baselineRss) },
        ratio: ratioOf(median(warmRss), baselineRss),
      },
    ],
  });
});
