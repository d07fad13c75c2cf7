import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const packageRoot = join(import.meta.dirname, '..');

// The imports core may never make (frameworks, drivers, the outer packages) are a lint rule:
// `@typescript-eslint/no-restricted-imports` for packages/core/src in the root eslint.config.js.
describe('packages/core stays framework-free', () => {
  // croner parses cron expressions and computes their next times (backup schedules): no I/O.
  it('depends on nothing but pure libraries (zod, colord, croner) at run time', () => {
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(['colord', 'croner', 'zod']);
  });
});
