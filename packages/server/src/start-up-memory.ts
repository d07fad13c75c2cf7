import { setFlagsFromString } from 'node:v8';

/**
 * The young generation stays at its smallest while the server starts, and may grow again once
 * it is ready. Most of what start-up allocates lives on (modules, the router, the schemas), so
 * V8 doubled the young generation at each collection up to 32 MB, which then stayed committed
 * in the idle process for good: about 20 MB of its 208 MB (`bench/startup.bench.ts`).
 */
export function startingUp(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/** V8's own default growth factor back, for the load to come. */
export function startUpDone(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
}
