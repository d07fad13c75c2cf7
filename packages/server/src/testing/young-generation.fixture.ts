/**
 * Run as its own process by start-up-memory.test.ts: a fresh V8 heap, as main.js has. Prints
 * the young generation's committed size (MB) after a start-up-like allocation with the start-up
 * flags, then after the same again once start-up is done.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { startUpDone, startingUp } from '../start-up-memory.js';

const newSpaceMb = () =>
  getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.physical_space_size / 2 ** 20;

/** Allocates like start-up does: much of it lives on through several young collections. */
function allocateLikeStartUp() {
  const kept: { i: number; s: string }[] = [];
  for (let i = 0; i < 2_000_000; i++) {
    kept.push({ i, s: `x${i}` });
    if (kept.length > 200_000) kept.splice(0, 100_000);
  }
  return kept.length;
}

if (process.argv.includes('--with-start-up-flags')) startingUp();
allocateLikeStartUp();
const whileStarting = newSpaceMb();
startUpDone();
allocateLikeStartUp();
process.stdout.write(JSON.stringify({ whileStarting, afterStartUp: newSpaceMb() }));
