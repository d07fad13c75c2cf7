import type { FormEvent } from 'react';

/** The named text values of a submitted form; the event's default is prevented. */
export function readForm<K extends string>(event: FormEvent<HTMLFormElement>, names: readonly K[]): Record<K, string> {
  event.preventDefault();
  const data = new FormData(event.currentTarget);
  const values = {} as Record<K, string>;
  for (const name of names) {
    const value = data.get(name);
    values[name] = typeof value === 'string' ? value : '';
  }
  return values;
}
