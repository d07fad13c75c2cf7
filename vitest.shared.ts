/**
 * Under CI each package also writes a JSON report, which .ci/summarize.mjs adds up into
 * one "N passed, N failed" line.
 */
export const ciReporters =
  process.env.CI === 'true' ? { reporters: ['default', 'json'], outputFile: { json: 'test-results/vitest.json' } } : {};

/**
 * Vitest runs one file at a time on a two-core machine (cores - 1). The integration, CLI and
 * browser suites mostly wait on sockets, child processes and the database, so they run a few
 * files at once; `OCORE_TEST_WORKERS` overrides.
 */
export const ioBoundWorkers = (files: number) => ({
  maxWorkers: Number(process.env.OCORE_TEST_WORKERS ?? files),
});
