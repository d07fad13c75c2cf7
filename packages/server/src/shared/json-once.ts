/** JSON kept by object: an object served or sent many times as it is is serialized once. */
const jsonByObject = new WeakMap<object, string>();

/**
 * The JSON of `value`, made at the first call and kept while the object lives. For objects that
 * are not changed after they are first sent (events as published, cached portal contexts);
 * undefined where JSON.stringify gives nothing.
 */
export function jsonOnce(value: object): string | undefined {
  const kept = jsonByObject.get(value);
  if (kept !== undefined) return kept;
  const json = stringify(value);
  if (json !== undefined) jsonByObject.set(value, json);
  return json;
}

/** JSON.stringify as it behaves: TypeScript's lib says string, but an object whose toJSON gives undefined serializes to undefined. */
function stringify(value: object): string | undefined {
  return JSON.stringify(value);
}
