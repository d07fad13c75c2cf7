/**
 * Under CI each package also writes a JSON report, which .ci/summarize.mjs adds up into
 * one "N passed, N failed" line.
 */
export const ciReporters =
  process.env.CI === 'true' ? { reporters: ['default', 'json'], outputFile: { json: 'test-results/vitest.json' } } : {};
