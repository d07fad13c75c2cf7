import { defineConfig } from 'vitest/config';
import { ciReporters, ioBoundWorkers } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // The browser suites start a server and Chromium; the dashboard is built once for both.
    globalSetup: ['src/testing/build-dashboard.global.ts'],
    // Under CI these run beside the Docker lane at a lower priority (scripts/test-all.mjs): a
    // page may take seconds to answer. A hang still fails; a slow page does not.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    expect: { poll: { timeout: 15_000 } },
    ...ciReporters,
    ...ioBoundWorkers(2),
  },
});
