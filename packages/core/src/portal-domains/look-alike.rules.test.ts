import { describe, expect, it } from 'vitest';
import { normalizeHostname } from './portal-domain.rules.js';
import { lookAlikeWarnings } from './look-alike.rules.js';

describe('lookAlikeWarnings', () => {
  it('warns about a label mixing Latin and Cyrillic (a Cyrillic а in apple)', () => {
    const host = normalizeHostname('\u0430pple.com')!;
    expect(host).toMatch(/^xn--/);
    expect(lookAlikeWarnings(host)).toEqual([expect.stringContaining('mixes Latin and Cyrillic letters')]);
  });

  it('warns about Greek omicron in a Latin name', () => {
    expect(lookAlikeWarnings(normalizeHostname('g\u03bfogle.example')!)).toHaveLength(1);
  });

  it('does not warn about plain ASCII, one-script names, or Japanese', () => {
    for (const name of ['erp.example.com', 'münchen.example', 'пример.example', '例え.テスト'])
      expect(lookAlikeWarnings(normalizeHostname(name)!), name).toEqual([]);
  });
});
