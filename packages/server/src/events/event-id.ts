/**
 * True when event id `id` comes after `than` (null: nothing seen yet). Ids are bigserial
 * values as decimal strings without leading zeros, so the longer is the larger and equal
 * lengths compare as text: no BigInt per comparison on the path that runs once per subscriber.
 */
export function isEventAfter(id: string, than: string | null): boolean {
  if (than === null) return true;
  return id.length === than.length ? id > than : id.length > than.length;
}
