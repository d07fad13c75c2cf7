import { configDefaults, defineConfig } from 'vitest/config';
import { ciReporters, ioBoundWorkers } from '../../vitest.shared.js';

/**
 * Integration tests run on PGlite always, and on the real PostgreSQL too when
 * OCORE_TEST_DATABASE_URL is set or under CI (where .ci/run makes sure it is up).
 */
const postgresUrl =
  process.env.OCORE_TEST_DATABASE_URL ??
  (process.env.CI === 'true' ? 'postgres://postgres@127.0.0.1:5432/postgres' : undefined);

/**
 * The generated permission and isolation matrices and the fuzzer check the server's rules, not
 * the database: they run on one, PostgreSQL when there is one (as in CI), PGlite otherwise.
 */
const onOneDatabase = [
  'src/security/permissions.int.test.ts',
  'src/security/tenant-isolation.int.test.ts',
  'src/security/fuzz.int.test.ts',
];

/**
 * With PostgreSQL there (as in CI), every integration file runs on it, and on PGlite (the quick
 * start's embedded database) only the files whose subject is where the two differ: the embedded
 * server itself, migrations and the data-folder template, pg-boss and the event log on one
 * connection, locks and claims (`FOR UPDATE SKIP LOCKED`), keyset paging SQL, the login throttle,
 * the DR round trips, and the repository contract (what the in-memory fakes must match, on both).
 * Every other file checks the product's rules, which do not depend on the
 * database: running each of them twice doubled CI's time for no new finding. Without PostgreSQL
 * (a developer's machine), everything runs on PGlite.
 */
const onPgliteToo = [
  'src/main.int.test.ts',
  'src/maintenance/**/*.int.test.ts',
  'src/portal/portal-context.cache.int.test.ts',
  'src/auth/**/*.int.test.ts',
  'src/jobs/**/*.int.test.ts',
  'src/events/**/*.int.test.ts',
  'src/security/concurrency.int.test.ts',
  'src/shared/lists.int.test.ts',
  'src/shared/repository-contract.int.test.ts',
  'src/disaster-recovery/**/*.int.test.ts',
  'src/backups/backup-schedules.int.test.ts',
  'src/notifications/notification-delivery-claims.int.test.ts',
  'src/instances/instances.int.test.ts',
  'src/org-settings/org-settings.int.test.ts',
];

/**
 * Tests that drive the real Docker Engine (`*.docker.int.test.ts`) share one engine: the
 * server's shared PostgreSQL container has one name per engine, as in production. They run in a
 * project of their own, one file at a time, on one database (PostgreSQL when there is one).
 */
const dockerTests = 'src/**/*.docker.int.test.ts';

const integration = (
  name: string,
  env: Record<string, string>,
  exclude: string[] = [],
  include = ['src/**/*.int.test.ts'],
) => ({
  extends: true as const,
  test: {
    name,
    include,
    exclude: [...configDefaults.exclude, dockerTests, ...exclude],
    env,
    // A hang still fails; a test that waits on a loaded machine (CI: two lanes on two cores) does not.
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});

const docker = (env: Record<string, string>) => ({
  extends: true as const,
  test: {
    name: 'docker',
    include: [dockerTests],
    env,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 20 * 60_000,
  },
});

export default defineConfig({
  test: {
    ...ciReporters,
    ...ioBoundWorkers(3),
    projects: [
      // Some unit tests measure the process itself (young generation, event slices): one at a time.
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts'], exclude: ['src/**/*.int.test.ts'], maxWorkers: 1 },
      },
      postgresUrl
        ? integration('pglite', { OCORE_TEST_DB: 'pglite' }, onOneDatabase, onPgliteToo)
        : integration('pglite', { OCORE_TEST_DB: 'pglite' }),
      ...(postgresUrl
        ? [integration('postgres', { OCORE_TEST_DB: 'postgres', OCORE_TEST_DATABASE_URL: postgresUrl })]
        : []),
      docker(
        postgresUrl ? { OCORE_TEST_DB: 'postgres', OCORE_TEST_DATABASE_URL: postgresUrl } : { OCORE_TEST_DB: 'pglite' },
      ),
    ],
  },
});
