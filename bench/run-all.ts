/**
 * Runs every benchmark, one after the other (each in its own process, as `pnpm bench:<name>`
 * would), and prints all their figures in one table at the end.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runBench, tempDir } from './lib/harness.js';
import { tableHeader, tableRows, type BenchResult } from './lib/report.js';

const benches = ['startup', 'portal-context', 'fanout', 'dns-sweep', 'client-list'];
// These need the local Docker engine and its test images, and the machine's docker lock
// (`flock /tmp/ocore-docker.lock`): only with BENCH_DOCKER=1.
const dockerBenches = ['terminal-echo', 'instance-provision', 'instance-logs', 'instance-backup'];
if (process.env['BENCH_DOCKER'] === '1') benches.push(...dockerBenches);

runBench(async () => {
  const resultsFile = join(tempDir('results'), 'results.jsonl');
  const failed: string[] = [];
  for (const bench of benches) {
    console.log(`\n=== bench:${bench}`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', `${bench}.bench.ts`)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_RESULTS_FILE: resultsFile },
    });
    if (run.status !== 0) failed.push(bench);
  }
  let results: BenchResult[] = [];
  try {
    results = readFileSync(resultsFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as BenchResult);
  } finally {
    rmSync(resultsFile, { force: true });
  }
  console.log(`\n=== all figures (${new Date().toISOString()})\n`);
  console.log([...tableHeader, ...results.flatMap(tableRows)].join('\n'));
  if (failed.length) {
    console.error(`\nfailed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
});
