import { findAll, generate, parse } from 'css-tree';
import { describe, expect, it } from 'vitest';
import { ATTACK_HOST, cssInjectionCorpus } from './css-injection.corpus.js';
import { createCssTreeSanitizer } from './css-tree.sanitizer.js';

const sanitizer = createCssTreeSanitizer();

const legitCss = String.raw`
:root { --brand: #0a7cff; --radius: 8px; --font: "Inter", system-ui, sans-serif; --empty: ; }
body { font-family: var(--font); color: rgb(20 20 20 / 90%); background: #fff url(https://cdn.example.com/bg.png) no-repeat center / cover; }
.btn:hover, .btn:focus-visible { background-color: var(--brand); border-radius: var(--radius) !important; }
nav a > span::before { content: "→ "; } dl dt::after { content: "Metadata: " }
input[type="email"]:not(:focus) { outline: 1px solid color-mix(in srgb, var(--brand) 40%, transparent); }
@media screen and (max-width: 600px) { .btn { padding: 4px 8px } }
@supports (display: grid) { .grid { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)) } }
@font-face { font-family: Brand; src: url(https://fonts.example.com/brand.woff2) format("woff2"), local(Brand); font-display: swap }
@keyframes pulse { from { opacity: 0.5 } 50% { opacity: 1 } to { opacity: 0.5 } }
@-webkit-keyframes pulse { from { opacity: 0.5 } to { opacity: 1 } }
.hero { background-image: image-set("https://cdn.example.com/a.png" 1x, "https://cdn.example.com/a@2x.png" 2x); cursor: url("https://cdn.example.com/c.cur"), pointer }
`;

/** Every url() left in `css`, and every string argument of an image function, as written. */
function urlsIn(css: string): string[] {
  return findAll(parse(css), () => true).flatMap((node) =>
    node.type === 'Url' || node.type === 'String' ? [node.value] : [],
  );
}

describe('css-tree sanitizer: injection corpus', () => {
  it('has a corpus worth the name', () => {
    expect(cssInjectionCorpus.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cssInjectionCorpus.map((entry) => entry.name)).size).toBe(cssInjectionCorpus.length);
  });

  it.each(cssInjectionCorpus)('neutralises $name', ({ css }) => {
    const result = sanitizer.sanitize(css);
    const lower = result.css.toLowerCase();

    expect(result.removed).not.toEqual([]);
    expect(result.css).not.toContain('<');
    expect(result.css).not.toContain('-->');
    for (const word of [
      'expression',
      'behavior',
      'binding',
      'javascript',
      'vbscript',
      'data:',
      'http:',
      '@import',
      ATTACK_HOST,
    ]) {
      expect(lower).not.toContain(word);
    }
    for (const value of urlsIn(result.css)) if (value.includes('/')) expect(value).toMatch(/^https:\/\//);
    // What comes out is already clean: a second pass changes nothing.
    expect(sanitizer.sanitize(result.css)).toEqual({ css: result.css, removed: [] });
  });
});

describe('css-tree sanitizer: legitimate CSS', () => {
  it('keeps colors, fonts, custom properties, @media, @supports, @font-face, @keyframes and https images as they are', () => {
    const result = sanitizer.sanitize(legitCss);

    expect(result.removed).toEqual([]);
    expect(result.css).toBe(generate(parse(legitCss, { parseCustomProperty: true })));
    for (const part of [
      '.btn:hover',
      'nav a>span::before',
      '@font-face',
      '@keyframes pulse',
      '@-webkit-keyframes pulse',
      '@media screen',
      '@supports',
    ]) {
      expect(result.css).toContain(part);
    }
    expect(urlsIn(result.css)).toEqual(
      expect.arrayContaining([
        'https://cdn.example.com/bg.png',
        'https://fonts.example.com/brand.woff2',
        'https://cdn.example.com/a@2x.png',
      ]),
    );
  });

  it('writes media range queries the other way round so the output needs no "<"', () => {
    const result = sanitizer.sanitize(
      '@media (width < 600px) { a { color: red } } @media (400px <= width < 700px) { b { color: blue } }',
    );

    expect(result).toEqual({
      css: '@media (600px>width){a{color:red}}@media (700px>width>=400px){b{color:blue}}',
      removed: [],
    });
  });

  it('keeps what is safe around what it removes and drops rules left empty', () => {
    const result = sanitizer.sanitize(
      'a { color: red; background: url(http://evil/) } b { behavior: url(x.htc) } c { color: blue }',
    );

    expect(result.css).toBe('a{color:red}c{color:blue}');
  });
});

describe('css-tree sanitizer: what it reports', () => {
  it.each([
    ['@import url(https://x/y.css); a { color: red }', 'removed @import rule'],
    ['a { background: url(http://evil/) }', 'removed background: url(http://evil/) (only https URLs are allowed)'],
    ['a { behavior: url(x.htc) }', 'removed behavior declaration'],
    ['a { color: red }\n\nb { background: \\75 rl(http://evil/x) }', 'removed unparsable CSS near line 3'],
    [String.raw`a { background: \75 rl(x) }`, String.raw`removed background: \75 rl(x) (escaped url() is not allowed)`],
    ['a { width: expression(alert(1)) }', 'removed width: expression(alert(1)) (script expressions are not allowed)'],
    ['p::after { content: "<b>" }', 'removed content: "<b>" (text containing "<" is not allowed)'],
    [
      '@font-face { font-family: X; src: url(http://f/x.woff) }',
      'removed @font-face rule (its src must use https URLs)',
    ],
  ])('%s', (css, message) => {
    expect(sanitizer.sanitize(css).removed).toContain(message);
  });

  it('refuses script URLs in plain text, whatever hides them', () => {
    for (const text of [
      'javascript:alert(1)',
      'see java\\9 script:alert(1)',
      'x data:text/html,1',
      'VBScript:msgbox',
    ]) {
      expect(sanitizer.sanitize(`p::after { content: "${text}" }`).css).toBe('');
    }
  });

  it('says nothing about stray semicolons and empty input', () => {
    expect(sanitizer.sanitize('a { ;; color: red;; }')).toEqual({ css: 'a{color:red}', removed: [] });
    expect(sanitizer.sanitize('')).toEqual({ css: '', removed: [] });
  });
});
