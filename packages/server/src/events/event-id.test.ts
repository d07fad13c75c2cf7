import { describe, expect, it } from 'vitest';
import { isEventAfter } from './event-id.js';

describe('event id order', () => {
  it('orders ids as the numbers they are, also across lengths', () => {
    const pairs: [string, string][] = [
      ['2', '1'],
      ['10', '9'],
      ['100', '99'],
      ['9007199254740993', '9007199254740992'],
      ['12345678901234567890', '9999999999999999999'],
    ];
    for (const [later, earlier] of pairs) {
      expect(isEventAfter(later, earlier)).toBe(true);
      expect(isEventAfter(earlier, later)).toBe(false);
    }
    expect(isEventAfter('5', '5')).toBe(false);
    expect(isEventAfter('1', null)).toBe(true);
  });
});
