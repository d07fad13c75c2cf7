/**
 * Portal context: GET /api/portal/context resolved by Host (every portal visitor's first
 * request), 10,000 client organizations and 2,000 portal domains, 64 connections, against a
 * bare node:http server answering the same JSON in the same run.
 * Targets: ≥ 0.5× the baseline's requests/s, p99 ≤ 10 ms.
 */
import { httpGet, requireBuilt, runBench, tempDir } from './lib/harness.js';
import { runLoad, startBareHttpServer, startPacedLoad, type LoadResult } from './lib/load.js';
import { ratioOf, report } from './lib/report.js';
import { openDb, seedAgency, seedClients, seedPortalDomains } from './lib/seed.js';
import { startServer } from './lib/server.js';

const agencies = 20;
const clients = 10_000;
const domains = 2_000;
const connections = 64;
const duration = Number(process.env['BENCH_DURATION'] ?? 10);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 2);

async function seed(dataDir: string): Promise<string[]> {
  const started = Date.now();
  const database = await openDb({ dataDir });
  const hosts: string[] = [];
  for (let a = 1; a <= agencies; a++) {
    const { agencyId } = await seedAgency(database.db, `agency-${a}`);
    await seedClients(database.db, agencyId, `a${a}-client`, clients / agencies);
    hosts.push(...(await seedPortalDomains(database.db, agencyId, `a${a}-client`, domains / agencies)));
  }
  await database.close();
  console.log(
    `seeded ${agencies} agencies, ${clients} clients, ${hosts.length} portal domains in ${Date.now() - started} ms`,
  );
  return hosts;
}

function combine(results: LoadResult[]): LoadResult {
  const sum = (pick: (r: LoadResult) => number) => results.reduce((s, r) => s + pick(r), 0);
  return {
    requestsPerSecond: sum((r) => r.requestsPerSecond) / results.length,
    p50Ms: Math.max(...results.map((r) => r.p50Ms)),
    p99Ms: Math.max(...results.map((r) => r.p99Ms)),
    maxMs: Math.max(...results.map((r) => r.maxMs)),
    total: sum((r) => r.total),
    failures: sum((r) => r.failures),
  };
}

runBench(async () => {
  requireBuilt();
  const dataDir = tempDir('portal');
  const hosts = await seed(dataDir);
  // Visitors spread over every portal, in a shuffled order.
  const shuffled = [...hosts].sort(() => Math.random() - 0.5);
  const server = await startServer({ dataDir });
  const url = `${server.url}/api/portal/context`;

  const { status, body } = await httpGet(url, { host: shuffled[0]! });
  if (status !== 200 || !body.includes('"branding"')) throw new Error(`portal context answered ${status}: ${body}`);
  const unknown = await httpGet(url, { host: 'nobody.bench.test' });
  if (unknown.status !== 404) throw new Error(`an unknown host answered ${unknown.status}`);

  const baseline = await startBareHttpServer(body);
  const baselineUrl = `${baseline.url}/api/portal/context`;
  // Steady state: each portal has been visited once since the server started.
  console.log(`visiting each of the ${shuffled.length} portals once, then warming up...`);
  const firstVisit = Date.now();
  for (let i = 0; i < shuffled.length; i += 16) {
    const answers = await Promise.all(shuffled.slice(i, i + 16).map((host) => httpGet(url, { host })));
    const failed = answers.find((a) => a.status !== 200);
    if (failed) throw new Error(`portal context answered ${failed.status}: ${failed.body}`);
  }
  const firstVisitMs = Date.now() - firstVisit;
  await runLoad({ url: baselineUrl, connections, durationSeconds: 3, hosts: shuffled });
  await runLoad({ url, connections, durationSeconds: 3, hosts: shuffled });

  const base: LoadResult[] = [];
  const ocore: LoadResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    base.push(await runLoad({ url: baselineUrl, connections, durationSeconds: duration, hosts: shuffled }));
    ocore.push(
      await server.profiled(`portal-context-${round}`, () =>
        runLoad({ url, connections, durationSeconds: duration, hosts: shuffled }),
      ),
    );
    console.log(
      `round ${round}: baseline ${base.at(-1)!.requestsPerSecond.toFixed(0)} req/s, oCore ${ocore.at(-1)!.requestsPerSecond.toFixed(0)} req/s, p99 ${ocore.at(-1)!.p99Ms} ms`,
    );
  }
  // Latency at a steady 1,000 visitors/s, evenly spaced: what a page load waits when the
  // server is not saturated. (autocannon's overallRate sends each second's quota in a burst.)
  const fixedRate = 1000;
  const paced = await startPacedLoad(connections);
  const atRate = { url, hosts: shuffled, rate: fixedRate, seconds: duration };
  const baseAtRate = await paced.run({ ...atRate, url: baselineUrl });
  await server.call('stalls-start');
  const ocoreAtRate = await server.profiled('portal-context-steady', () => paced.run(atRate));
  const loop = await server.call<{ p99Ms: number; maxMs: number; stalls: { atMs: number; ms: number }[] }>(
    'stalls-stop',
  );
  await paced.stop();
  const ms = (value: number) => value.toFixed(1);
  console.log(
    `at ${fixedRate} req/s, evenly spaced: baseline p99 ${ms(baseAtRate.p99Ms)} ms, oCore p99 ${ms(ocoreAtRate.p99Ms)} ms (sends late by over 1 ms: ${baseAtRate.lateSends} and ${ocoreAtRate.lateSends})`,
  );
  console.log(
    `  the server's event loop meanwhile: delay p99 ${ms(loop.p99Ms)} ms, max ${ms(loop.maxMs)} ms; held over 10 ms ${loop.stalls.length} times${loop.stalls.length ? `: ${loop.stalls.map((s) => `${s.ms} ms at ${(s.atMs / 1000).toFixed(1)} s`).join(', ')}` : ''}`,
  );
  const b = combine(base);
  const o = combine(ocore);
  const rpsRatio = ratioOf(o.requestsPerSecond, b.requestsPerSecond);
  report({
    bench: 'portal-context',
    setup: `PGlite; ${agencies} agencies, ${clients} clients, ${hosts.length} portal domains (half subdomains, half custom domains); ${connections} connections, ${rounds}×${duration} s per server, interleaved; Host rotating over every portal; ${o.total} requests, ${o.failures} failed (baseline ${b.failures}).`,
    figures: [
      {
        metric: 'requests/s',
        value: o.requestsPerSecond,
        unit: 'req/s',
        baseline: { name: 'bare node:http, fixed JSON', value: b.requestsPerSecond },
        ratio: rpsRatio,
        target: { text: '≥ 0.5× baseline', met: rpsRatio >= 0.5 && o.failures === 0 },
      },
      {
        metric: `latency p99 at a steady ${fixedRate} req/s, evenly spaced`,
        value: ocoreAtRate.p99Ms,
        unit: 'ms',
        baseline: { name: 'bare node:http', value: baseAtRate.p99Ms },
        ratio: ratioOf(ocoreAtRate.p99Ms, baseAtRate.p99Ms),
        target: { text: '≤ 10 ms', met: ocoreAtRate.p99Ms <= 10 && ocoreAtRate.failures === 0 },
        note: `${ocoreAtRate.total} requests over ${connections} kept-alive connections at most, from a process of their own, each timed from when it was due; ${ocoreAtRate.failures} failed; p50 ${ms(ocoreAtRate.p50Ms)} ms (baseline ${ms(baseAtRate.p50Ms)} ms)`,
      },
      {
        metric: 'latency p99 at full load (worst round)',
        value: o.p99Ms,
        unit: 'ms',
        baseline: { name: 'bare node:http', value: b.p99Ms },
        ratio: ratioOf(o.p99Ms, b.p99Ms),
        target: { text: '≤ 10 ms', met: o.p99Ms <= 10 },
      },
      {
        metric: 'first visit of each portal (cache misses), mean',
        value: firstVisitMs / shuffled.length,
        unit: 'ms',
        note: 'one pass over every portal, 16 at a time, before the measured rounds; the figures above are the steady state',
      },
      {
        metric: 'latency p50',
        value: o.p50Ms,
        unit: 'ms',
        baseline: { name: 'bare node:http', value: b.p50Ms },
        ratio: ratioOf(o.p50Ms, b.p50Ms),
      },
    ],
  });
});
