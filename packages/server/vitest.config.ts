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
 * Tests that drive the real Docker Engine (`*.docker.int.test.ts`) share one engine: the
 * server's shared PostgreSQL container has one name per engine, as in production. They run in a
 * project of their own, one file at a time, on one database (PostgreSQL when there is one).
 */
const dockerTests = 'src/**/*.docker.int.test.ts';

const integration = (name: string, env: Record<string, string>, exclude: string[] = []) => ({
  extends: true as const,
  test: {
    name,
    include: ['src/**/*.int.test.ts'],
    exclude: [...configDefaults.exclude, dockerTests, ...exclude],
    env,
    testTimeout: 30_000,
    hookTimeout: 60_000,
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
      integration('pglite', { OCORE_TEST_DB: 'pglite' }, postgresUrl ? onOneDatabase : []),
      ...(postgresUrl
        ? [integration('postgres', { OCORE_TEST_DB: 'postgres', OCORE_TEST_DATABASE_URL: postgresUrl })]
        : []),
      docker(
        postgresUrl ? { OCORE_TEST_DB: 'postgres', OCORE_TEST_DATABASE_URL: postgresUrl } : { OCORE_TEST_DB: 'pglite' },
      ),
    ],
  },
});
