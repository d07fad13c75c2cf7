import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationKinds } from '../instances/operation.schema.js';
import { domainEventKinds, domainEventTypes } from './domain-event-kinds.js';

const architecture = readFileSync(join(import.meta.dirname, '../../../../ARCHITECTURE.md'), 'utf8');

/** The event names in the first column of ARCHITECTURE.md's event table (`<kind>` spelled out). */
function documentedEvents(): string[] {
  const section = architecture.split(/^## Events$/m)[1]?.split(/^## /m)[0] ?? '';
  const firstColumns = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|')[1] ?? '');
  const names = firstColumns.flatMap((column) =>
    [...column.matchAll(/`([a-z_]+\.[a-z_<>]+)`/g)].map((m) => m[1] ?? ''),
  );
  return names.flatMap((name) =>
    name.includes('<kind>') ? operationKinds.map((kind) => name.replace('<kind>', kind)) : [name],
  );
}

describe('the domain events', () => {
  it('are the ones ARCHITECTURE.md lists, each once', () => {
    const documented = documentedEvents();
    expect(documented.length).toBeGreaterThan(50);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...domainEventTypes].sort());
  });

  it('are documented as event only exactly when the system observed them', () => {
    const section = architecture.split(/^## Events$/m)[1]?.split(/^## /m)[0] ?? '';
    const observedRows = section
      .split('\n')
      .filter((line) => line.startsWith('| `') && /event only|events only/.test(line));
    const observed = domainEventTypes.filter((type) => domainEventKinds[type] === 'observed');
    const unmarked = observed.filter((type) => !observedRows.some((row) => row.includes(`\`${type}\``)));
    expect(unmarked).toEqual([]);
  });

  it('name their slice and what happened, in snake_case', () => {
    for (const type of domainEventTypes) expect(type).toMatch(/^[a-z_]+\.[a-z_]+$/);
  });
});
