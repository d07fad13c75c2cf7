import { z } from 'zod';

/** Ids are UUIDs; anything else is refused before it reaches a query. */
export const idSchema = z.uuid({ message: 'must be a UUID' });

/** Timestamps travel as ISO 8601 strings. */
export const isoDateSchema = z.string().meta({ format: 'date-time' });

/** A bounded, trimmed, non-empty text, counted in code points. */
export function boundedText(min: number, max: number) {
  return z
    .string()
    .trim()
    .refine((s) => [...s].length >= min && [...s].length <= max, {
      message: `must be ${min}-${max} characters`,
    })
    .refine((s) => !controlCharacter.test(s), { message: 'must be one line of text, without control characters' })
    .refine((s) => !hasInvisibleCharacter(s), {
      message: 'must not contain bidirectional controls or zero-width characters',
    });
}

/**
 * Bidirectional controls (U+061C, U+200E-200F, U+202A-202E, U+2066-2069) make a name show
 * other than it is ("Acme‮nimda" reads "Acmeadmin"); zero-width characters (U+200B-200D,
 * U+2060-2064, U+FEFF, U+180E) make two names that look alike differ. Joiners inside emoji
 * sequences are refused too: one rule for every name.
 */
const invisibleCharacter = /[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

/** True when the text holds a bidirectional control or a zero-width character. */
export function hasInvisibleCharacter(text: string): boolean {
  return invisibleCharacter.test(text);
}

/** C0 and C1 controls: a line break or an escape sequence in a name breaks every list it is shown in (a terminal's most of all). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;

/** An https URL of at most 2048 characters. */
export const httpsUrlSchema = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .refine(isHttpsUrl, { message: 'must be an https:// URL' })
  // Stored in WHATWG form: quotes and spaces percent-encoded, so it is safe inside url("…").
  .transform((value) => new URL(value).href);

/** True for a well-formed https URL with a host. */
export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** An optional URL where `null` or `""` clears the stored value. */
/**
 * A value, or `''` or `null` standing for `empty`: `null` where they clear a stored value,
 * `undefined` where they mean "not given" (a form's empty field).
 */
export function orEmpty<T extends z.ZodType<string>, E extends null | undefined>(schema: T, empty: E) {
  // '' first: a schema that takes any text (a footer) would otherwise keep it.
  return z.union([z.literal('').transform((): E => empty), z.null().transform((): E => empty), schema]);
}

export const clearableHttpsUrlSchema = orEmpty(httpsUrlSchema, null);

export const emptyInput = z.object({}).strict().optional();

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}
