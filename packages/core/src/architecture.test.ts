import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const packageRoot = join(import.meta.dirname, '..');
const sourceRoot = join(packageRoot, 'src');

/** Imports core may never make: frameworks, drivers, and the outer packages. */
const forbidden = [
  /^@trpc\//,
  /^kysely/,
  /^pg$/,
  /^pg-/,
  /^@electric-sql\//,
  /^ws$/,
  /^react/,
  /^node:http/,
  /^node:net/,
  /^node:dns/,
  /^@ocore\/(server|web|cli)/,
  /^pino/,
  /^jose/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2]!,
  );
}

describe('packages/core stays framework-free', () => {
  it('imports no framework, driver or outer package', () => {
    const offenders = sourceFiles(sourceRoot).flatMap((file) =>
      importsOf(file)
        .filter((spec) => forbidden.some((rule) => rule.test(spec)))
        .map((spec) => `${relative(packageRoot, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('depends on nothing but pure libraries (zod, colord) at run time', () => {
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(['colord', 'zod']);
  });

  it('catches a forbidden import (the check itself works)', () => {
    expect(forbidden.some((rule) => rule.test('kysely'))).toBe(true);
    expect(importsOf(join(sourceRoot, 'index.ts')).length).toBeGreaterThan(5);
  });
});
