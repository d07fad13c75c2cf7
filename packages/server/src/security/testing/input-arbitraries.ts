import fc from 'fast-check';
import type { JsonSchema } from './procedures.js';

/** Texts that have broken parsers, databases and templates before. */
const nastyTexts = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\u202Eevil',
  '\u200B',
  '\uFEFF',
  '𝕏𝕐',
  '🙂',
  'ﷺ',
  'İ',
  'ß',
  '\r\n',
  '\t',
  '\\',
  '../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  "' OR '1'='1",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x10',
  '010',
  ' 42 ',
  '１２３',
  '9007199254740993',
  'true',
  'false',
  'null',
  'undefined',
  '[]',
  '{}',
  'http://169.254.169.254/',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'a@b',
  'xn--80ak6aa92e.com',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2024-02-30T25:61:00Z',
  '-1',
  '0',
  '99999999999999999999',
];

/** Up to ~300 KB of JSON each: several in one body cross the 1 MiB limit now and then. */
const hugeText = fc.oneof(
  fc.constant('a'.repeat(100_000)),
  fc.constant('é'.repeat(60_000)),
  fc.constant('🙂'.repeat(40_000)),
  fc.constant('\u0000'.repeat(5_000)),
  fc.nat({ max: 70_000 }).map((n) => 'x'.repeat(n)),
);

const weirdText = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...nastyTexts) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 64 }) },
  { weight: 1, arbitrary: hugeText },
);

const weirdNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1.5,
    1e308,
    -1e308,
    2 ** 53 + 1,
    2 ** 31,
    -(2 ** 31) - 1,
    1e21,
    5e-324,
    65_536,
    99_999_999_999,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** An object whose own keys include `__proto__`, `constructor` and `prototype` (as JSON.parse makes them). */
const prototypeJunk = fc
  .constantFrom(
    '{"__proto__":{"isAdmin":true,"polluted":1}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
    '{"__proto__":null,"prototype":{}}',
    '{"toString":"x","valueOf":1,"hasOwnProperty":false}',
  )
  .map((text) => JSON.parse(text) as unknown);

/** Anything JSON can carry, favoring the awkward: deep nesting, huge and odd texts, odd numbers. */
export const junk: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    weirdText,
    weirdNumber,
    fc.boolean(),
    fc.constant(null),
    prototypeJunk,
    fc.integer({ min: 1, max: 800 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown),
    fc.array(tie('value'), { maxLength: 6 }),
    fc.dictionary(
      fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', ''), fc.string({ maxLength: 12 })),
      tie('value'),
      { maxKeys: 6 },
    ),
  ),
})).value;

/** Values that fit the schema's shape (refinements aside), with known ids mixed into UUID fields. */
export function shaped(schema: JsonSchema, ids: string[]): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options?.length) return fc.oneof(...options.map((o) => shaped(o, ids)));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => shaped({ ...schema, type }, ids)));
  switch (types[0]) {
    case 'string':
      return shapedText(schema, ids);
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1_000_000, -(2 ** 31)),
        max: Math.min(schema.maximum ?? 1_000_000, 2 ** 31),
      });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? shaped(schema.items, ids) : junk, {
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object':
      return shapedObject(schema, ids);
    default:
      return fc.oneof(fc.constant(undefined), junk);
  }
}

function shapedText(schema: JsonSchema, ids: string[]): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return ids.length ? fc.oneof(fc.uuid(), fc.constantFrom(...ids)) : fc.uuid();
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 200));
    } catch {
      // A pattern JavaScript cannot read: plain text below.
    }
  }
  const maxLength = Math.min(schema.maxLength ?? 40, 120);
  return fc.string({ minLength: Math.min(schema.minLength ?? 0, maxLength), maxLength });
}

function shapedObject(schema: JsonSchema, ids: string[]): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const keys = Object.keys(properties);
  const known = fc.record(Object.fromEntries(keys.map((k) => [k, shaped(properties[k]!, ids)])), {
    requiredKeys: (schema.required ?? []).filter((k) => keys.includes(k)),
  });
  if (typeof schema.additionalProperties !== 'object') return known;
  const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), shaped(schema.additionalProperties, ids), {
    maxKeys: 4,
  });
  return fc.tuple(known, extra).map(([a, b]) => ({ ...b, ...a }));
}

/** Every property path of an object schema, nested objects included (`a`, `a.b`). */
function propertyPaths(schema: JsonSchema, prefix = ''): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...propertyPaths(child, path)];
  });
}

function setPath(target: unknown, path: string, value: unknown): unknown {
  const copy = (typeof target === 'object' && target !== null ? structuredClone(target) : {}) as Record<
    string,
    unknown
  >;
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  Object.defineProperty(node, keys.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Characters that are valid in a text field yet have broken storage, logs and templates. */
const spices = [
  '\u0000',
  '\uD800',
  '\uDC00',
  '\u202E',
  '\u200B',
  '\uFFFF',
  '🙂',
  "'",
  '"',
  '\\',
  '%',
  '\n',
  '\r',
  '<',
  '${',
  '\u0085',
  '\u2028',
];

/** A copy of `value` with `spice` put into its `index`-th text (counting every text inside it). */
function spice(value: unknown, index: number, spiceText: string, at: number): unknown {
  const texts: { parent: Record<string, unknown> | unknown[]; key: string | number; text: string }[] = [];
  const root = { value: structuredClone(value) };
  const walk = (parent: Record<string, unknown> | unknown[], key: string | number, node: unknown) => {
    if (typeof node === 'string') texts.push({ parent, key, text: node });
    else if (Array.isArray(node)) node.forEach((item, i) => walk(node, i, item));
    else if (typeof node === 'object' && node !== null)
      Object.entries(node).forEach(([k, v]) => walk(node as Record<string, unknown>, k, v));
  };
  walk(root, 'value', root.value);
  const target = texts[index % Math.max(texts.length, 1)];
  if (!target) return root.value;
  const cut = at % (target.text.length + 1);
  (target.parent as Record<string | number, unknown>)[target.key] =
    `${target.text.slice(0, cut)}${spiceText}${target.text.slice(cut)}`;
  return root.value;
}

/**
 * Inputs for one procedure: shaped ones, shaped ones with some fields swapped for junk or
 * their type changed (a number as text, a text as a number), shaped ones with an awkward
 * character put into one text, prototype keys added, and pure junk.
 */
export function inputsFor(schema: JsonSchema, ids: string[]): fc.Arbitrary<unknown> {
  const valid = shaped(schema, ids);
  const paths = propertyPaths(schema);
  const retyped = (value: unknown) =>
    typeof value === 'number'
      ? String(value)
      : typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))
        ? Number(value)
        : value;
  const mutated = paths.length
    ? fc
        .tuple(
          valid,
          fc.array(fc.tuple(fc.constantFrom(...paths), fc.oneof(junk, valid.map(retyped))), {
            minLength: 1,
            maxLength: 3,
          }),
        )
        .map(([base, swaps]) => swaps.reduce((input, [path, value]) => setPath(input, path, value), base))
    : junk;
  const polluted = fc
    .tuple(valid, fc.constantFrom('__proto__', 'constructor', 'prototype'), junk)
    .map(([base, key, value]) => setPath(base, key, value));
  const spiced = fc
    .tuple(valid, fc.nat(), fc.constantFrom(...spices), fc.nat())
    .map(([base, index, text, at]) => spice(base, index, text, at));
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 4, arbitrary: mutated },
    { weight: 3, arbitrary: spiced },
    { weight: 1, arbitrary: polluted },
    { weight: 2, arbitrary: junk },
  );
}
