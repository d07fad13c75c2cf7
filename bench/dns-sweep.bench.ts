/**
 * DNS re-check sweep: 10,000 verified custom domains due for their periodic check, swept
 * once (sweepDueDomains, the job that runs every minute) against a DNS server on loopback,
 * with the default bounded concurrency. Baseline: the same four look-ups per domain
 * (TXT, CNAME, A, AAAA) through the same resolver code, without the database, in the same run.
 * Target: ≥ 500 checks/s, none missed.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createNodeDnsResolver } from '../packages/server/dist/portal-domains/node-dns.resolver.js';
import { repoRoot, requireBuilt, runBench, startWorker, tempDir } from './lib/harness.js';
import { ratioOf, report } from './lib/report.js';
import { freshPostgresDatabase, openDb, seedAgency, seedDueCustomDomains } from './lib/seed.js';
import { startServer } from './lib/server.js';

const domains = Number(process.env['BENCH_DOMAINS'] ?? 10_000);
const concurrency = 20; // OCORE_DOMAIN_CHECK_CONCURRENCY's default
const publicIp = '203.0.113.10';

/** Domains per second when only the look-ups are made, `concurrency` domains at a time. */
async function lookUpAll(dnsServer: string): Promise<number> {
  const dns = createNodeDnsResolver([dnsServer]);
  let next = 1;
  let failed = 0;
  const started = performance.now();
  const lane = async () => {
    while (next <= domains) {
      const host = `d${next++}.sweep.bench.test`;
      const [txt] = await Promise.all([
        dns.txt(`_ocore-verification.${host}`),
        dns.cname(host),
        dns.a(host),
        dns.aaaa(host),
      ]);
      if (!txt.ok) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  if (failed) throw new Error(`${failed} TXT look-ups failed in the baseline`);
  return domains / ((performance.now() - started) / 1000);
}

/** Seeds the domains, sweeps them once, and counts those the sweep checked. */
async function sweepOnce(where: { dataDir: string } | { databaseUrl: string }, dnsAddress: string) {
  const db = await openDb(where);
  const { agencyId } = await seedAgency(db.db, 'sweep-agency');
  await seedDueCustomDomains(db.db, agencyId, domains);
  await db.close();
  // Jobs off: the sweep is run once, on demand, and nothing else works meanwhile.
  const server = await startServer({
    ...where,
    env: { OCORE_JOBS: '0', OCORE_DNS_SERVERS: dnsAddress, OCORE_PUBLIC_IPS: publicIp },
  });
  const sweepStarted = new Date();
  const name = 'dataDir' in where ? 'pglite' : 'postgres';
  const { checked, ms } = await server.profiled(`dns-sweep-${name}`, () =>
    server.call<{ checked: number; ms: number }>('sweep', { concurrency }),
  );
  await server.stop();
  console.log(`sweep on ${name}: ${checked} checked in ${ms.toFixed(0)} ms`);

  // None missed: every domain checked in this sweep, still verified, next check an hour on.
  const after = await openDb(where);
  const row = await after.db
    .selectFrom('portalDomains')
    .select((eb) => [
      eb.fn.countAll<string>().as('total'),
      eb.fn
        .count<string>('id')
        .filterWhere('lastCheckedAt', '>=', sweepStarted)
        .filterWhere('status', '=', 'verified')
        .filterWhere('nextCheckAt', '>', new Date(Date.now() + 30 * 60_000))
        .as('checked'),
    ])
    .where('customDomain', 'is not', null)
    .executeTakeFirstOrThrow();
  await after.close();
  return { checked, ms, rate: checked / (ms / 1000), missed: Number(row.total) - Number(row.checked) };
}

runBench(async () => {
  requireBuilt();
  const dnsServer = await startWorker(join(repoRoot, 'bench', 'lib', 'dns-server.mjs'), {
    env: { PATH: process.env['PATH'], ADDRESS: publicIp },
    waitReady: true,
  });
  const dnsAddress = `127.0.0.1:${String(dnsServer.ready['port'])}`;
  const baselineRate = await lookUpAll(dnsAddress);
  console.log(`baseline: ${baselineRate.toFixed(0)} domains/s (4 look-ups each)`);
  const pglite = await sweepOnce({ dataDir: tempDir('sweep') }, dnsAddress);
  const postgres = process.env['BENCH_SKIP_POSTGRES']
    ? undefined
    : await sweepOnce({ databaseUrl: await freshPostgresDatabase() }, dnsAddress);
  const baseline = { name: 'the same 4 look-ups per domain, no database', value: baselineRate };
  const figure = (db: string, r: typeof pglite) => ({
    metric: `checks/s, ${db}`,
    value: r.rate,
    unit: 'checks/s',
    baseline,
    ratio: ratioOf(r.rate, baselineRate),
    target: { text: '≥ 500 checks/s, none missed', met: r.rate >= 500 && r.missed === 0 && r.checked === domains },
    note: `${r.checked} checks reported in ${(r.ms / 1000).toFixed(1)} s; ${r.missed} of ${domains} domains not checked`,
  });
  report({
    bench: 'dns-sweep',
    setup: `${domains} verified custom domains due for their re-check; one sweepDueDomains run with concurrency ${concurrency} (the default) against a DNS server on loopback (bench/lib/dns-server.mjs); on PGlite, then on a fresh PostgreSQL database.`,
    figures: [figure('PGlite', pglite), ...(postgres ? [figure('PostgreSQL', postgres)] : [])],
  });
});
