/**
 * What the user is doing to a write-only secret before saving: leaving it as it is, typing a
 * new value, or clearing it. The stored value never reaches the browser; only whether one is set.
 */
export type SecretDraft = { mode: 'keep' } | { mode: 'replace'; value: string } | { mode: 'clear' };

export const keepSecret: SecretDraft = { mode: 'keep' };

/** The update's value for the secret: a new value, null to clear it, or undefined to leave it. */
export function secretInputOf(draft: SecretDraft): string | null | undefined {
  if (draft.mode === 'clear') return null;
  // An empty "Replace" would clear the secret on the server; leaving it empty means "never mind".
  if (draft.mode === 'replace' && draft.value.trim() !== '') return draft.value;
  return undefined;
}
