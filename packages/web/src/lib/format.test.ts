import { describe, expect, it } from 'vitest';
import { formatRelative } from './format';

const now = Date.parse('2030-01-01T12:00:00.000Z');
const at = (ms: number) => new Date(now + ms).toISOString();

describe('formatRelative', () => {
  it('says moments as such, then minutes, hours and days', () => {
    expect(formatRelative(at(-10_000), now)).toBe('just now');
    expect(formatRelative(at(20_000), now)).toBe('in less than a minute');
    expect(formatRelative(at(4 * 60_000), now)).toMatch(/4/);
    expect(formatRelative(at(-90 * 60_000), now)).toMatch(/2/);
    expect(formatRelative(at(3 * 86_400_000), now)).toMatch(/3/);
  });

  it('gives back what is not a time', () => {
    expect(formatRelative('soon', now)).toBe('soon');
  });
});
