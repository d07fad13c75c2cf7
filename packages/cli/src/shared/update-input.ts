import { usageError } from './errors.js';

/** A value to store, or null to clear the field: "" (or only spaces) clears. */
export function valueOrClear(value: string): string | null {
  return value.trim() === '' ? null : value;
}

/**
 * `input` when it asks for at least one change, else a usage error saying `message`.
 * Undefined fields are left out of the JSON body, so the server changes only the rest.
 */
export function requireChange<T extends object>(input: T, message: string): T {
  if (Object.values(input).every((value) => value === undefined)) throw usageError(message);
  return input;
}
