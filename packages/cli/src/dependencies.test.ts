import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = new URL('.', import.meta.url).pathname;

async function shippedFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => !path.includes(`${join(srcDir, 'testing')}`));
}

// The server is only a dev dependency: the shipped CLI may borrow its types, never its code.
describe('the shipped CLI', () => {
  it('imports @ocore/server for types only', async () => {
    const offenders: string[] = [];
    for (const file of await shippedFiles(srcDir)) {
      const text = await readFile(file, 'utf8');
      if (/^import\s+(?!type\b)[^;]*from\s+'@ocore\/server'/m.test(text)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
