// Every package's tests, in two lanes at once (the README's test command; CI runs it).
//
// The Docker Engine tests (the server's `docker` project, then the browser tests that start
// instances) mostly wait on containers, one file at a time on the one engine, while the rest is
// busy on the CPU. One lane takes the Docker work first, the other the rest; whichever lane is
// free takes the next part from a shared queue. Sequentially, each package after the other, the
// Docker tests' waiting added ten minutes to CI's time.
//
// Each part writes its own JSON report under CI (.ci/summarize.mjs adds them up). A failing part
// does not stop the others; the exit code says whether any failed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const ci = process.env.CI === 'true';
const dockerBrowserFiles = '**/*.docker.browser.test.ts';

/** One vitest run in a package; `report` names its JSON report under CI; `engine`: it uses the Docker Engine. */
const part = (pkg, args, report = 'vitest', engine = false) => ({ pkg, args, report, engine });

// The engine is shared with anyone else's Docker tests on the machine (they take this lock,
// see the README): tests removing the shared containers by name would break each other.
const engineLock = '/tmp/ocore-docker.lock';
const flock = ['/usr/bin/flock', '/bin/flock'].find((path) => existsSync(path));
const nice = ['/usr/bin/nice', '/bin/nice'].find((path) => existsSync(path)) ?? 'nice';

const dockerLane = [
  part('server', ['--project', 'docker'], 'vitest-docker', true),
  // One file at a time: each provisions on the one engine and removes the shared containers after.
  part('web', ['docker.browser', '--no-file-parallelism'], 'vitest-docker', true),
];
const cpuLane = [part('core', []), part('server', ['--project', '!docker'])];
const queue = [
  part('cli', []),
  part('web', ['--exclude', dockerBrowserFiles, '--shard=1/2'], 'vitest-1'),
  part('web', ['--exclude', dockerBrowserFiles, '--shard=2/2'], 'vitest-2'),
];

function run({ pkg, args, report, engine }) {
  const cwd = join(root, 'packages', pkg);
  const vitest = join(cwd, 'node_modules', '.bin', 'vitest');
  const reporter = ci ? ['--reporter=default', '--reporter=json', `--outputFile.json=test-results/${report}.json`] : [];
  const label = `${pkg} ${args.join(' ')}`.trim();
  console.log(`\n[test-all] start: ${label}`);
  const started = Date.now();
  return new Promise((resolve) => {
    const command = [vitest, 'run', '--passWithNoTests', ...args, ...reporter];
    // The Docker work is the longer lane and mostly waits on the engine and its containers: the
    // rest runs at a lower priority (nice 10), taking what CPU the engine's work leaves.
    const onEngine = flock ? [flock, engineLock, ...command] : command;
    const [file, ...rest] = engine ? onEngine : [nice, '-n', '10', ...command];
    const child = spawn(file, rest, { cwd, stdio: 'inherit' });
    const done = (code) => {
      console.log(
        `\n[test-all] ${code === 0 ? 'passed' : 'FAILED'}: ${label} (${Math.round((Date.now() - started) / 1000)} s)`,
      );
      resolve(code);
    };
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
    child.on('error', () => done(1));
  });
}

async function lane(first) {
  const codes = [];
  for (const next of first) codes.push(await run(next));
  for (let next = queue.shift(); next; next = queue.shift()) codes.push(await run(next));
  return codes;
}

const codes = (await Promise.all([lane(dockerLane), lane(cpuLane)])).flat();
process.exit(codes.some((code) => code !== 0) ? 1 : 0);
