// The server's tests in two vitest runs at once: the Docker Engine files (one at a time, on the
// shared engine, mostly waiting on containers) beside everything else. In one run vitest keeps
// the one-at-a-time project for after the others, which added its ten minutes to CI's time.
// Arguments go to both runs (e.g. a file filter).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const args = process.argv.slice(2);
const ci = process.env.CI === 'true';
const vitest = join(import.meta.dirname, '..', 'node_modules', '.bin', 'vitest');
const run = (projectArgs, report) =>
  new Promise((resolve) => {
    const reporter = ci ? [`--outputFile.json=test-results/${report}.json`] : [];
    const child = spawn(vitest, ['run', '--passWithNoTests', ...projectArgs, ...reporter, ...args], {
      stdio: 'inherit',
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });

const codes = await Promise.all([
  run(['--project', '!docker'], 'vitest'),
  run(['--project', 'docker'], 'vitest-docker'),
]);
process.exit(codes.some((code) => code !== 0) ? 1 : 0);
