import { defineConfig } from 'vitest/config';
import { ciReporters } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // The browser suite may build the dashboard and starts a server and Chromium.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    ...ciReporters,
  },
});
