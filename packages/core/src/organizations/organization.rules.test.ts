import { describe, expect, it } from 'vitest';
import { firstFreeSlug, slugFromName, slugLimits, slugProblem } from './organization.rules.js';
import { createOrgInput } from './organization.schema.js';

describe('slugProblem', () => {
  it('accepts slugs of 3 to 50 characters', () => {
    expect(slugProblem('abc')).toBeUndefined();
    expect(slugProblem('a'.repeat(50))).toBeUndefined();
    expect(slugProblem('acme-corp-2')).toBeUndefined();
  });

  it('refuses slugs shorter than 3 or longer than 50 characters', () => {
    expect(slugProblem('ab')).toBe('must be 3-50 characters');
    expect(slugProblem('a'.repeat(51))).toBe('must be 3-50 characters');
    expect(slugProblem('')).toBe('must be 3-50 characters');
  });

  it('refuses uppercase letters', () => {
    expect(slugProblem('Acme')).toBe('must be lowercase');
  });

  it.each(['acme_corp', 'acme corp', 'acmé', 'acme.io', 'acme/x'])('refuses the character set of %j', (slug) => {
    expect(slugProblem(slug)).toMatch(/only lowercase letters, digits and hyphens/);
  });

  it.each(['-acme', 'acme-', '-acme-'])('refuses a leading or trailing hyphen in %j', (slug) => {
    expect(slugProblem(slug)).toMatch(/may not start or end with a hyphen/);
  });
});

describe('slugFromName', () => {
  it('drops accents and lowercases', () => {
    expect(slugFromName('Café Déjà Vu')).toBe('cafe-deja-vu');
    expect(slugFromName('Ångström Über')).toBe('angstrom-uber');
  });

  it('turns every run of punctuation and spaces into one hyphen, trimmed at both ends', () => {
    expect(slugFromName('  Acme, Inc. & Co!! ')).toBe('acme-inc-co');
    expect(slugFromName('"Quoted" -- name')).toBe('quoted-name');
  });

  it('drops apostrophes rather than splitting the word', () => {
    expect(slugFromName("Ada's Shop")).toBe('adas-shop');
    expect(slugFromName('Ada’s Shop')).toBe('adas-shop');
  });

  it('cuts long names to 50 characters without leaving a trailing hyphen', () => {
    const slug = slugFromName(`${'a'.repeat(49)} bcd`);
    expect(slug).toBe('a'.repeat(49));
    expect(slugFromName('word '.repeat(30))).toHaveLength(49);
    expect(slugFromName('x'.repeat(80))).toBe('x'.repeat(slugLimits.max));
  });

  it('pads names that give fewer than 3 characters', () => {
    expect(slugFromName('X')).toBe('x-org');
    expect(slugFromName('AB')).toBe('ab-org');
    expect(slugFromName('!!!')).toBe('org');
    expect(slugFromName('東京')).toBe('org');
  });

  it.each(['Café Déjà Vu', 'X', '!!!', `${'a'.repeat(49)} bcd`, "Ada Lovelace's Organization", '---a---'])(
    'always gives a valid slug for %j',
    (name) => {
      expect(slugProblem(slugFromName(name))).toBeUndefined();
    },
  );
});

describe('firstFreeSlug', () => {
  it('keeps the base when it is free', () => {
    expect(firstFreeSlug('acme', new Set())).toBe('acme');
    expect(firstFreeSlug('acme', new Set(['acme-2']))).toBe('acme');
  });

  it('adds -2, then -3 and so on while taken', () => {
    expect(firstFreeSlug('acme', new Set(['acme']))).toBe('acme-2');
    expect(firstFreeSlug('acme', new Set(['acme', 'acme-2']))).toBe('acme-3');
    const taken = new Set(['acme', ...Array.from({ length: 9 }, (_, i) => `acme-${i + 2}`)]);
    expect(firstFreeSlug('acme', taken)).toBe('acme-11');
  });

  it('never returns a base shorter than the minimum', () => {
    expect(firstFreeSlug('ab', new Set())).toBe('ab-2');
  });

  it('cuts the base so that the suffix fits in 50 characters, with no double hyphen', () => {
    const base = 'a'.repeat(50);
    expect(firstFreeSlug(base, new Set([base]))).toBe(`${'a'.repeat(48)}-2`);
    const hyphenAtCut = `${'a'.repeat(47)}-bc`;
    const slug = firstFreeSlug(hyphenAtCut, new Set([hyphenAtCut]));
    expect(slug).toBe(`${'a'.repeat(47)}-2`);
    expect(slugProblem(slug)).toBeUndefined();
  });

  it('keeps longer suffixes within the limit too', () => {
    const base = 'b'.repeat(50);
    const taken = new Set([base, ...Array.from({ length: 8 }, (_, i) => `${'b'.repeat(48)}-${i + 2}`)]);
    const slug = firstFreeSlug(base, taken);
    expect(slug).toBe(`${'b'.repeat(47)}-10`);
    expect(slug.length).toBeLessThanOrEqual(slugLimits.max);
  });
});

describe('organization names', () => {
  it('are one line of text: control characters are refused, naming the rule', () => {
    expect(createOrgInput.parse({ name: '  Acme Corp  ' })).toEqual({ name: 'Acme Corp' });
    expect(createOrgInput.parse({ name: 'Société Générale 株式会社' }).name).toBe('Société Générale 株式会社');
    for (const name of ['Line\nBreak', 'Tab\there', 'Escape \u001b[31mred', 'C1 \u0085 next line', 'Delete \u007f']) {
      const result = createOrgInput.safeParse({ name });
      expect(result.success, JSON.stringify(name)).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({
        path: ['name'],
        message: 'must be one line of text, without control characters',
      });
    }
  });
});
