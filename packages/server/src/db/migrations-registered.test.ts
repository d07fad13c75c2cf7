import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationProvider } from './migrations/index.js';

const folder = join(import.meta.dirname, 'migrations');

/** The migration files beside index.ts, by name without the extension. */
function migrationFiles(): string[] {
  return readdirSync(folder)
    .filter((name) => /^\d{8}T\d{4}-[a-z0-9-]+\.ts$/.test(name))
    .map((name) => name.slice(0, -'.ts'.length))
    .sort();
}

describe('migrations/index.ts', () => {
  it('registers every migration file, and nothing else', async () => {
    const registered = Object.keys(await migrationProvider.getMigrations()).sort();
    expect(migrationFiles().length).toBeGreaterThan(10);
    expect(registered).toEqual(migrationFiles());
  });

  it('registers each file under its own name', async () => {
    const registered = await migrationProvider.getMigrations();
    for (const name of migrationFiles()) {
      const module: unknown = await import(join(folder, `${name}.ts`));
      expect(registered[name], name).toBe(module);
    }
  });

  it('names no file outside the timestamp pattern (so none is passed over)', () => {
    const others = readdirSync(folder).filter(
      (name) => name !== 'index.ts' && !/^\d{8}T\d{4}-[a-z0-9-]+\.ts$/.test(name),
    );
    expect(others).toEqual([]);
  });
});
