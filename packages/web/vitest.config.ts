import { defineConfig } from 'vitest/config';
import { ciReporters, ioBoundWorkers } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // The browser suites start a server and Chromium; the dashboard is built once for both.
    globalSetup: ['src/testing/build-dashboard.global.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    ...ciReporters,
    ...ioBoundWorkers(2),
  },
});
