import { describe, expect, it } from 'vitest';
import { moduleListOf, recordOf } from './key-values';

describe('recordOf', () => {
  it('keeps the rows that have a key, trimmed, the last one winning', () => {
    expect(
      recordOf([
        { key: ' WORKERS ', value: '6' },
        { key: '', value: 'lost' },
        { key: 'A', value: '1' },
        { key: 'A', value: '2' },
      ]),
    ).toEqual({ WORKERS: '6', A: '2' });
  });
});

describe('moduleListOf', () => {
  it('splits on commas, spaces and line breaks', () => {
    expect(moduleListOf(' sale, purchase\nstock  account,')).toEqual(['sale', 'purchase', 'stock', 'account']);
    expect(moduleListOf('  ')).toEqual([]);
  });
});
