import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const fixture = join(import.meta.dirname, 'testing', 'young-generation.fixture.ts');

/** The fixture in a process of its own: a fresh heap, as the server's. */
function youngGenerationMb(...args: string[]): { whileStarting: number; afterStartUp: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fixture, ...args], { encoding: 'utf8' });
  return JSON.parse(out) as { whileStarting: number; afterStartUp: number };
}

describe('start-up memory', () => {
  it('keeps the young generation at its smallest while starting, and lets it grow once started', () => {
    const { whileStarting, afterStartUp } = youngGenerationMb('--with-start-up-flags');
    expect(whileStarting).toBeLessThanOrEqual(4);
    expect(afterStartUp).toBeGreaterThan(8);
  });

  it('is what makes the difference: without the flags the same allocation grows it at once', () => {
    expect(youngGenerationMb().whileStarting).toBeGreaterThan(8);
  });
});
