import { defineConfig } from 'vitest/config';
import { ciReporters, ioBoundWorkers } from '../../vitest.shared.js';

// Each test file starts its own in-process server; argon2 hashing makes sign-ups slowish.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    ...ciReporters,
    ...ioBoundWorkers(3),
  },
});
