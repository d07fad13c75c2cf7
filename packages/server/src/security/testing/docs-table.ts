import { readFileSync } from 'node:fs';
import type { ContractEntry } from './contract.js';
import type { Procedure } from './procedures.js';

const root = new URL('../../../../../', import.meta.url);
export const architecture = readFileSync(new URL('ARCHITECTURE.md', root), 'utf8');
export const readme = readFileSync(new URL('README.md', root), 'utf8');

/** One row of ARCHITECTURE.md's operations table; `/`-separated groups pair REST with needs. */
export interface DocRow {
  operation: string;
  rest: string[];
  needs: string[];
}

/** The rows of the `| operation | REST | needs |` table. */
export function operationRows(): DocRow[] {
  const lines = architecture.split('\n');
  const start = lines.findIndex((l) => /^\|\s*operation\s*\|\s*REST\s*\|\s*needs\s*\|/.test(l));
  if (start < 0) throw new Error('ARCHITECTURE.md has no operations table');
  const rows: DocRow[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [operation = '', rest = '', needs = ''] = line
      .split(' | ')
      .map((c) => c.replace(/^\|\s*|\s*\|$/g, '').trim());
    const restGroups = rest.split(' / ');
    const needGroups = needs.split(' / ');
    rows.push({
      operation,
      rest: restGroups,
      needs: needGroups.length === restGroups.length ? needGroups : restGroups.map(() => needs),
    });
  }
  return rows;
}

const lastWord = (path: string) =>
  path
    .replace(/\[.*?\]/g, '')
    .split('/')
    .filter((s) => s && !s.startsWith('{') && s !== '...')
    .at(-1) ?? '';

/** The needs cell for a procedure: in a two-sided row, of the side whose REST list names its method and path. */
export function documentedNeeds(row: DocRow, procedure: Procedure): string {
  if (row.needs.length === 1 || !procedure.rest) return row.needs[0]!;
  const { method, path } = procedure.rest;
  const side = row.rest.findIndex((group) =>
    [...group.matchAll(/`([A-Z]+)?\s*([^`]*)`/g)].some(
      (m) => (m[1] ?? 'GET') === method && (m[2] === '' ? false : lastWord(m[2]!) === lastWord(path)),
    ),
  );
  return row.needs[side < 0 ? row.needs.length - 1 : side]!;
}

/** Why an entry asks less than its documentation, or undefined when it asks at least as much. */
export function docProblem(entry: ContractEntry, procedure: Procedure, rows: DocRow[]): string | undefined {
  const row = rows.find((r) => r.operation === entry.doc);
  if (!row)
    return architecture.includes(entry.doc) || readme.includes(entry.doc)
      ? undefined
      : `"${entry.doc}" is in neither ARCHITECTURE.md nor README.md`;
  const needs = documentedNeeds(row, procedure);
  const { needs: need } = entry;
  const ok = {
    public: /nothing|none/.test(needs),
    'signed-in': /a token|membership of the target/.test(needs),
    member: /membership/.test(needs),
    owner: /Owner/.test(needs),
    permission:
      need.kind === 'permission' &&
      need.all.every((p) => needs.includes(`\`${p}\``)) &&
      (needs.match(/`[a-z_]+:[a-z_]+`/g) ?? []).length === need.all.length,
  }[need.kind];
  return ok ? undefined : `the row "${row.operation}" says "${needs}", the contract ${JSON.stringify(need)}`;
}
