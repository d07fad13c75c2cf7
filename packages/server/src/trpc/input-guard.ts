import { InputError } from './error-map.js';

/**
 * PostgreSQL stores no NUL character in text or JSON, and JSON columns refuse unpaired UTF-16
 * surrogates (text columns silently turn them into U+FFFD). Such input failed deep in a
 * query with a 500; it is refused up front instead, naming the field.
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isStorable(text: string): boolean {
  return !text.includes('\u0000') && !loneSurrogate.test(text);
}

/**
 * How deep an input may nest. No input of the API nests beyond a handful of levels; deeper
 * ones reached code that recurses (validation, error reports) and ended in a 500.
 */
export const maxInputDepth = 32;

/**
 * Throws INVALID_INPUT naming the first text (or key) of the input that could not be stored,
 * or the first value nested deeper than `maxInputDepth`.
 */
export function assertStorableText(input: unknown): void {
  const pending: [unknown, string, number][] = [[input, '', 0]];
  // A loop rather than recursion: an input may be nested as deep as the body limit allows.
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, path, depth] = next;
    if (depth > maxInputDepth)
      throw new InputError([
        { field: path || 'body', message: `is nested too deep (at most ${maxInputDepth} levels)` },
      ]);
    if (typeof value === 'string') {
      if (!isStorable(value))
        throw new InputError([
          { field: path || 'body', message: 'must not contain a NUL character or an unpaired surrogate' },
        ]);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const field = path ? `${path}.${key}` : key;
        if (!isStorable(key))
          throw new InputError([
            { field: path || 'body', message: 'must not have a key with a NUL character or an unpaired surrogate' },
          ]);
        pending.push([child, field, depth + 1]);
      }
    }
  }
}
