/** JSON kept by object: an object served or sent many times as it is is serialized once. */
const jsonByObject = new WeakMap<object, string>();

/**
 * The JSON of `value`, made at the first call and kept while the object lives. For objects that
 * are not changed after they are first sent (events as published, cached portal contexts);
 * undefined where JSON.stringify gives nothing.
 */
export function jsonOnce(value: object): string | undefined {
  let json = jsonByObject.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    if (json !== undefined) jsonByObject.set(value, json);
  }
  return json;
}
