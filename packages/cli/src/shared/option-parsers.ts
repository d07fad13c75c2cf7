import { InvalidArgumentError } from 'commander';

// Commander reports these as "option '--flag <n>' argument 'x' is invalid. <message>" and
// exits 2, so every message names the flag without the parsers knowing it.

/** A whole number in plain digits: "30" and "-1", never "1e3", "30.0", "0x1e" or "". */
export function parseWholeNumber(value: string): number {
  if (!/^[+-]?\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number');
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new InvalidArgumentError('is too large');
  return number;
}

/** A parser of whole numbers from `min` to `max`. */
export function wholeNumberIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = parseWholeNumber(value);
    if (number < min || number > max) throw new InvalidArgumentError(`must be ${min}-${max}`);
    return number;
  };
}

/** `true` or `false`, in any case; nothing else, so a typo is never read as false. */
export function parseBoolean(value: string): boolean {
  const normalized = value.trim().toLowerCase();
  if (normalized === 'true') return true;
  if (normalized === 'false') return false;
  throw new InvalidArgumentError('must be true or false');
}

/** An ISO 8601 date or time ("2026-01-31", "2026-01-31T12:00:00Z"), passed on as written. */
export function parseInstant(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim()) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError('must be an ISO 8601 date or time, like 2026-01-31 or 2026-01-31T12:00:00Z');
  }
  return value.trim();
}

/** `on` or `off` (also `true` or `false`), in any case; nothing else, so a typo is never read as off. */
export function parseOnOff(value: string): boolean {
  const normalized = value.trim().toLowerCase();
  if (normalized === 'on' || normalized === 'true') return true;
  if (normalized === 'off' || normalized === 'false') return false;
  throw new InvalidArgumentError('must be on or off (or true or false)');
}

/** Collects a repeatable `KEY=VALUE` option into a record; the same key twice is refused. */
export function collectKeyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  const key = value.slice(0, Math.max(at, 0)).trim();
  if (at === -1 || key === '') throw new InvalidArgumentError('must be KEY=VALUE');
  if (Object.hasOwn(previous, key)) throw new InvalidArgumentError(`sets ${key} twice`);
  return { ...previous, [key]: value.slice(at + 1) };
}

/** Collects a repeatable option into a list; commas separate values too (`--module sale,stock`). */
export function collectList(value: string, previous: readonly string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ];
}

/**
 * `none`, or what `parse` reads: a limit that can be lifted as well as set. (Commander turns a
 * parser's null into "", so `none` stays a word here; `noneAsNull` makes it null for a request.)
 */
export function orNone<T>(parse: (value: string) => T): (value: string) => T | 'none' {
  return (value) => (value.trim().toLowerCase() === 'none' ? 'none' : parse(value));
}

/** An option parsed by `orNone`, as a request field: null for `none`, undefined when not given. */
export function noneAsNull<T>(value: T | 'none' | undefined): T | null | undefined {
  return value === 'none' ? null : value;
}

/** A parser of CPU cores from `min` to `max`, to the hundredth ("0.5", "2", "1.25"). */
export function coresIn(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^\d+(\.\d{1,2})?$/.test(value.trim()))
      throw new InvalidArgumentError('must be a number of CPU cores to the hundredth, like 0.5 or 2, or none');
    const cores = Number(value);
    if (cores < min || cores > max) throw new InvalidArgumentError(`must be ${min}-${max} CPU cores, or none`);
    return cores;
  };
}
