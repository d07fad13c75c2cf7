import { describe, expect, it } from 'vitest';
import { parseListing } from './file-commands.js';

describe('folder listings', () => {
  it('parses find records, folders first, names with tabs kept', () => {
    const out = 'f\t12\t1700000000.5\tb.py\0d\t4096\t1700000000.0\tmodels\0l\t1\t1700000000\tlink\0f\t0\t1\ta\tb\0';
    const items = parseListing(out, '/mnt/extra-addons/m');
    expect(items.map((i) => [i.type, i.name])).toEqual([
      ['directory', 'models'],
      ['file', 'a\tb'],
      ['file', 'b.py'],
      ['symlink', 'link'],
    ]);
    expect(items[2]).toMatchObject({
      path: '/mnt/extra-addons/m/b.py',
      size: 12,
      modifiedAt: '2023-11-14T22:13:20.500Z',
    });
  });
});
