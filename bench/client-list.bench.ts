/**
 * Client list paging: one page of GET /api/agency/clients for an agency with 100,000 clients
 * against one with 1,000, in the same database and the same run (the small agency is the
 * baseline). Seeded with SQL in bulk. Target: ≤ 1.5× the small agency's time, first page
 * and a page deep in the list (keyset cursor).
 */
import { performance } from 'node:perf_hooks';
import { median, requireBuilt, runBench, tempDir } from './lib/harness.js';
import { ratioOf, report, type Figure } from './lib/report.js';
import { freshPostgresDatabase, issueTokens, openDb, seedAgency, seedClients, type BenchDb } from './lib/seed.js';
import { startServer } from './lib/server.js';

const bigCount = 100_000;
const smallCount = 1_000;
const limit = 50;
const samples = Number(process.env['BENCH_SAMPLES'] ?? 200);

interface Agency {
  token: string;
  /** The cursor of the page starting at the middle of the list. */
  middleCursor: string;
}

/** The API's keyset cursor for "after this row" (the last row's creation time and id). */
async function cursorAt(db: BenchDb, agencyId: string, offset: number): Promise<string> {
  const row = await db
    .selectFrom('organizations')
    .select(['id', 'createdAt'])
    .where('parentOrganizationId', '=', agencyId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .offset(offset)
    .limit(1)
    .executeTakeFirstOrThrow();
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

async function seed(db: BenchDb, slug: string, clients: number): Promise<Agency> {
  const agency = await seedAgency(db, slug);
  await seedClients(db, agency.agencyId, `${slug}-client`, clients);
  const [token] = await issueTokens(db, [agency.ownerUserId], agency.agencyId);
  return { token: token!, middleCursor: await cursorAt(db, agency.agencyId, Math.floor(clients / 2)) };
}

async function timePage(url: string, agency: Agency, cursor?: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/api/agency/clients?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, {
    headers: { Authorization: `Bearer ${agency.token}` },
  });
  const body = (await res.json()) as { items: unknown[] };
  const ms = performance.now() - started;
  if (res.status !== 200 || body.items.length !== limit)
    throw new Error(`client list answered ${res.status} with ${body.items?.length} items`);
  return ms;
}

/** Median page times, the two agencies alternating request by request. */
async function measure(url: string, big: Agency, small: Agency, cursorOf: (a: Agency) => string | undefined) {
  for (let i = 0; i < 20; i++)
    await Promise.all([timePage(url, big, cursorOf(big)), timePage(url, small, cursorOf(small))]);
  const times = { big: [] as number[], small: [] as number[] };
  for (let i = 0; i < samples; i++) {
    times.big.push(await timePage(url, big, cursorOf(big)));
    times.small.push(await timePage(url, small, cursorOf(small)));
  }
  return { big: median(times.big), small: median(times.small) };
}

async function run(where: { dataDir: string } | { databaseUrl: string }, label: string): Promise<Figure[]> {
  const started = Date.now();
  const db = await openDb(where);
  const big = await seed(db.db, 'big-agency', bigCount);
  const small = await seed(db.db, 'small-agency', smallCount);
  await db.close();
  console.log(`${label}: seeded ${bigCount} + ${smallCount} clients in ${Date.now() - started} ms`);
  const server = await startServer(where);
  const first = await server.profiled(`client-list-first-${label}`, () =>
    measure(server.url, big, small, () => undefined),
  );
  const deep = await measure(server.url, big, small, (a) => a.middleCursor);
  await server.stop();
  const figure = (what: string, m: { big: number; small: number }): Figure => ({
    metric: `${what}, ${label}`,
    value: m.big,
    unit: 'ms',
    baseline: { name: `${smallCount} clients`, value: m.small },
    ratio: ratioOf(m.big, m.small),
    target: { text: '≤ 1.5× baseline', met: m.big <= 1.5 * m.small },
  });
  return [figure('first page (median)', first), figure('page in the middle (median)', deep)];
}

runBench(async () => {
  requireBuilt();
  const figures = await run({ dataDir: tempDir('clients') }, 'PGlite');
  if (!process.env['BENCH_SKIP_POSTGRES'])
    figures.push(...(await run({ databaseUrl: await freshPostgresDatabase() }, 'PostgreSQL')));
  report({
    bench: 'client-list',
    setup: `GET /api/agency/clients?limit=${limit} as the agency's Owner, ${samples} requests per agency and page after 20 warm-up rounds, one at a time, alternating between an agency with ${bigCount} clients and one with ${smallCount} in the same database; clients have no members or instances.`,
    figures,
  });
});
