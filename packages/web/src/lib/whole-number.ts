/**
 * The number typed into a numeric input. Anything else becomes NaN, which JSON sends as
 * null, so the server's field error says what it expects instead of a guess made here.
 */
export function wholeNumberOf(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/**
 * A limit typed into a numeric input: empty is null (no limit); anything else its number, NaN
 * when it is none, so the core schema refuses it beside the field rather than dropping it.
 */
export function limitOf(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}
