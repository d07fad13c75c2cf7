/** The fields whose values differ, as `{field: {from, to}}`. */
export function changedFields<T extends object>(
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
): Record<string, { from: unknown; to: unknown }> {
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of fields) {
    if (before[field] !== after[field]) diff[field] = { from: before[field], to: after[field] };
  }
  return diff;
}

/** The named fields of `source`, and no others. */
export function pickFields<T extends object, K extends keyof T & string>(source: T, fields: readonly K[]): Pick<T, K> {
  const picked: Partial<Pick<T, K>> = {};
  for (const field of fields) picked[field] = source[field];
  return picked as Pick<T, K>;
}

/**
 * The fields of a patch that are given: a key present with `undefined` (as a parsed optional
 * field may be) means "leave it", so it is dropped rather than written.
 */
export function definedFields<T extends object>(patch: T): Partial<T> {
  const entries: [string, unknown][] = Object.entries(patch);
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as Partial<T>;
}
