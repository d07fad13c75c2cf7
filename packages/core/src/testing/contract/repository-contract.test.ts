import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryStore } from '../in-memory-store.js';
import { describeRepositoryContract } from './repository-contract.js';

/** The fake's clock ticks a millisecond a read, as rows written one after the other differ in time. */
function tickingClock() {
  let at = Date.parse('2025-01-01T00:00:00.000Z');
  return { now: () => new Date((at += 1)) };
}

describeRepositoryContract(
  'in-memory store',
  async () => ({ store: createInMemoryStore(tickingClock()), close: async () => undefined }),
  { describe, it, expect, beforeAll, afterAll },
);
