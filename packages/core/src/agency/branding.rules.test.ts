import { describe, expect, it } from 'vitest';
import { updateBrandingInput } from './agency.schema.js';
import {
  contrastRatio,
  contrastWarnings,
  fontFamilyProblem,
  plainTextProblem,
  readableTextOn,
  wcagAaTextContrast,
} from './branding.rules.js';

describe('fontFamilyProblem', () => {
  it.each([
    'Inter',
    'Inter, "Open Sans", sans-serif',
    "'Open Sans', serif",
    'Font Awesome 6 Free',
    '"1Password Sans"',
    'system-ui',
    'SANS-SERIF',
    'ui-monospace, monospace',
  ])('accepts %j', (value) => {
    expect(fontFamilyProblem(value)).toBeUndefined();
  });

  it('accepts every generic family on its own', () => {
    for (const generic of [
      'serif',
      'sans-serif',
      'monospace',
      'cursive',
      'fantasy',
      'system-ui',
      'ui-serif',
      'ui-sans-serif',
      'ui-rounded',
      'emoji',
      'math',
    ]) {
      expect(fontFamilyProblem(generic), generic).toBeUndefined();
    }
  });

  it.each([
    ['a semicolon that would end the declaration', 'Inter; background: red'],
    ['a brace that would end the rule', 'Inter } body { color: red'],
    ['an opening brace', 'Inter{'],
    ['a url()', 'url(https://evil.example/x.woff)'],
    ['an expression()', 'expression(alert(1))'],
    ['a CSS escape', 'Inter\\3b'],
    ['an unbalanced quote', '"Open Sans'],
    ['mixed quotes', '"Open Sans\''],
    ['an unquoted name starting with a digit', '1Password'],
    ['a tag-like name', '<style>'],
  ])('refuses %s, naming the family', (_what, value) => {
    const problem = fontFamilyProblem(value);
    expect(problem).toMatch(/is not a plain font name/);
  });

  it('shows at most 40 characters of the family it refuses', () => {
    expect(fontFamilyProblem(`x;${'a'.repeat(200)}`)).toBe(
      `"x;${'a'.repeat(38)}…" is not a plain font name (letters, digits, spaces and hyphens, optionally quoted)`,
    );
  });

  it('gives a too long value one problem, its length, in the branding input', () => {
    const [issue] = updateBrandingInput.safeParse({ fontFamily: 'a'.repeat(500) }).error?.issues ?? [];
    // A union (the value, '' or null to clear it): the string's own branch has the one problem.
    const branches = issue?.code === 'invalid_union' ? issue.errors : [];
    const ofTheString = branches
      .flat()
      .filter((inner) => inner.code !== 'invalid_type' && inner.code !== 'invalid_value');
    expect(ofTheString.map((inner) => inner.message)).toEqual(['must be at most 200 characters']);
  });

  it('refuses more than 8 families and accepts exactly 8', () => {
    const families = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    expect(fontFamilyProblem(families.join(', '))).toBeUndefined();
    expect(fontFamilyProblem([...families, 'i'].join(', '))).toBe('may list at most 8 families');
  });

  it('refuses an empty family between or after commas', () => {
    expect(fontFamilyProblem('Inter,,serif')).toBe('has an empty family name');
    expect(fontFamilyProblem('Inter, ')).toBe('has an empty family name');
  });

  it('refuses a family name longer than 60 characters', () => {
    expect(fontFamilyProblem(`A${'b'.repeat(59)}`)).toBeUndefined();
    expect(fontFamilyProblem(`A${'b'.repeat(60)}`)).toMatch(/not a plain font name/);
    expect(fontFamilyProblem(`"${'b'.repeat(61)}"`)).toMatch(/not a plain font name/);
  });
});

describe('plainTextProblem', () => {
  it.each([
    '<b>bold</b>',
    '<script>alert(1)</script>',
    '</p>',
    '<!-- comment',
    '<?xml',
    '<IMG src=x>',
    'text <a href="x">link</a>',
  ])('refuses HTML %j', (value) => {
    expect(plainTextProblem(value)).toBe('must be plain text, without HTML');
  });

  // A "<" that no browser reads as the start of a tag is ordinary text.
  it.each(['I <3 Acme', '1 < 2 & 3 > 2', 'Tom & Jerry', '© 2025 Acme Ltd. — all rights reserved', '< not a tag'])(
    'accepts plain text %j',
    (value) => {
      expect(plainTextProblem(value)).toBeUndefined();
    },
  );

  it('refuses control characters but keeps tabs and line breaks', () => {
    for (const control of ['\u0000', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f']) {
      expect(plainTextProblem(`a${control}b`), JSON.stringify(control)).toBe(
        'must not contain control or text-direction characters',
      );
    }
    expect(plainTextProblem('line one\nline two\r\n\tindented')).toBeUndefined();
  });
});

describe('contrastWarnings', () => {
  it.each([
    ['white', '#ffffff', '1.00'],
    ['yellow', '#ffff00', '1.07'],
    ['light gray just under AA', '#777777', '4.47'],
  ])('warns about %s, with the ratio and the 4.5:1 target', (_name, color, ratio) => {
    const warnings = contrastWarnings({ primaryColor: color, accentColor: null });
    expect(warnings).toEqual([
      { field: 'primaryColor', code: 'low_contrast', message: expect.stringContaining(`${ratio}:1`) as string },
    ]);
    expect(warnings[0]?.message).toContain(`${wcagAaTextContrast}:1`);
    expect(warnings[0]?.message).toContain(color);
  });

  it.each([
    ['dark blue', '#1e3a8a'],
    ['navy', '#000080'],
    ['black', '#000'],
    ['gray just over AA', '#767676'],
  ])('passes %s', (_name, color) => {
    expect(contrastWarnings({ primaryColor: color, accentColor: color })).toEqual([]);
  });

  it('ignores colors that are not set', () => {
    expect(contrastWarnings({ primaryColor: null, accentColor: null })).toEqual([]);
  });

  it('checks both colors, primary first', () => {
    const warnings = contrastWarnings({ primaryColor: '#ffff00', accentColor: '#fff' });
    expect(warnings.map((w) => w.field)).toEqual(['primaryColor', 'accentColor']);
    expect(contrastWarnings({ primaryColor: '#1e3a8a', accentColor: '#fff' }).map((w) => w.field)).toEqual([
      'accentColor',
    ]);
  });
});

describe('readableTextOn', () => {
  it('picks black or white, whichever reads at least 4.5:1 on any brand color', () => {
    expect(readableTextOn('#fde047')).toBe('#000000');
    expect(readableTextOn('#1e1b4b')).toBe('#ffffff');
    expect(readableTextOn('#0f766e')).toBe('#ffffff');
    for (const color of ['#777777', '#808080', '#ff0000', '#00ff00', '#0000ff', '#fff', '#000', '#4338ca', '#f59e0b']) {
      expect(contrastRatio(readableTextOn(color), color), color).toBeGreaterThanOrEqual(wcagAaTextContrast);
    }
  });
});
