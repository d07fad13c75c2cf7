/**
 * The number typed into a numeric input. Anything else becomes NaN, which JSON sends as
 * null, so the server's field error says what it expects instead of a guess made here.
 */
export function wholeNumberOf(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
