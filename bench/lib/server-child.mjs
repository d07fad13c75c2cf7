// The built oCore server (startApp from packages/server/dist) in a benchmark's child
// process, configured by its environment like main.js. Plain JavaScript, so that no
// TypeScript loader runs in the process being measured. It answers the parent over IPC:
//   { id, cmd: 'memory' }  -> after two full GCs (needs --expose-gc): process.memoryUsage()
//   { id, cmd: 'sweep' }   -> runs the portal-domain DNS sweep once: { checked, ms }
//   { id, cmd: 'health-sweep' } -> runs the instance health job once: { checked, failed, recovered, unknown, ms }
//   { id, cmd: 'profile-start' } / { id, cmd: 'profile-stop', file } -> a V8 CPU profile of
//                             what happens in between, written to `file`
//   { id, cmd: 'heap-snapshot', file } -> writes a V8 heap snapshot to `file`
//   { id, cmd: 'stalls-start' } / { id, cmd: 'stalls-stop' } -> the event loop's delays in
//                             between: { p99Ms, maxMs, stalls: [{ atMs, ms }] } (those over 10 ms)
//   { id, cmd: 'usage' }   -> CPU time so far (user, system, ms) and involuntary context switches
//   { id, cmd: 'close' }   -> closes the app and exits
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { writeHeapSnapshot } from 'node:v8';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { usage } from './usage.mjs';
import { startApp } from '../../packages/server/dist/app.js';
import { loadConfig } from '../../packages/server/dist/config/config.js';
import { sweepDueDomains } from '../../packages/server/dist/jobs/domain-jobs.js';
import { checkInstanceHealth } from '../../packages/core/dist/index.js';

const config = loadConfig();
const app = await startApp(config);

let closing;
let inspector;
let loop;
const close = () =>
  (closing ??= app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  ));

async function answer(msg) {
  if (msg.cmd === 'memory') {
    for (let i = 0; i < 3; i++) {
      globalThis.gc?.();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { memory: process.memoryUsage(), gc: typeof globalThis.gc === 'function' };
  }
  if (msg.cmd === 'sweep') {
    const started = performance.now();
    const checked = await sweepDueDomains(app.deps, msg.concurrency ?? config.domainChecks.concurrency);
    return { checked, ms: performance.now() - started };
  }
  if (msg.cmd === 'health-sweep') {
    const started = performance.now();
    const sweep = await checkInstanceHealth(app.deps);
    return { ...sweep, ms: performance.now() - started };
  }
  if (msg.cmd === 'profile-start') {
    inspector ??= new Session();
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
    return {};
  }
  if (msg.cmd === 'profile-stop') {
    const { profile } = await inspector.post('Profiler.stop');
    inspector.disconnect();
    writeFileSync(msg.file, JSON.stringify(profile));
    return { file: msg.file };
  }
  if (msg.cmd === 'stalls-start') {
    // A histogram of the loop's delays, and a 1 ms timer that notes when each long one was.
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    const started = performance.now();
    const stalls = [];
    let last = started;
    const timer = setInterval(() => {
      const now = performance.now();
      if (now - last > 11) stalls.push({ atMs: Math.round(last - started), ms: Math.round(now - last - 1) });
      last = now;
    }, 1);
    loop = { histogram, timer, stalls };
    return {};
  }
  if (msg.cmd === 'stalls-stop') {
    clearInterval(loop.timer);
    loop.histogram.disable();
    const { histogram, stalls } = loop;
    return { p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6, stalls };
  }
  if (msg.cmd === 'usage') return usage();
  if (msg.cmd === 'heap-snapshot') {
    return { file: writeHeapSnapshot(msg.file) };
  }
  if (msg.cmd === 'close') {
    await close();
    return {};
  }
  throw new Error(`unknown command ${msg.cmd}`);
}

process.on('message', (msg) => {
  answer(msg).then(
    (result) => process.send?.({ id: msg.id, ok: true, ...result }),
    (error) => process.send?.({ id: msg.id, ok: false, error: String(error?.stack ?? error) }),
  );
});
process.on('disconnect', close);
process.on('SIGTERM', close);
process.on('SIGINT', close);
process.send?.({ type: 'ready', url: app.url });
