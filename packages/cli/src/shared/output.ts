/** What the CLI reads and writes; process streams in `main.ts`, buffers in tests. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Standard input: a terminal to prompt on when `isTTY`, else what is piped in (read only
   * by `--password-stdin`); without a terminal the CLI never prompts.
   */
  stdin?: NodeJS.ReadStream;
  /**
   * Calls `handler` on Ctrl-C (SIGINT) instead of ending the process, until the returned
   * function is called; long-running commands use it to close cleanly.
   */
  onInterrupt?(handler: () => void): () => void;
}

export interface Column<T> {
  header: string;
  value(row: T): string;
}

/** Rows as left-aligned columns under upper-case headers. */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = [columns.map((c) => c.header.toUpperCase()), ...rows.map((row) => columns.map((c) => c.value(row)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => [...(line[i] ?? '')].length)));
  return cells
    .map((line) =>
      line
        .map((cell, i) => (i === line.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `label: value` lines with the values aligned. */
export function formatFields(fields: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...fields.map(([label]) => label.length)) + 1;
  return fields.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`).join('\n');
}

/** `Name <email>`, the way a person is shown everywhere. */
export function formatPerson(person: { name: string; email: string }): string {
  return `${person.name} <${person.email}>`;
}

/** `Acme Corp (acme-corp)`, the way an organization is shown in sentences. */
export function formatOrgName(org: { name: string; slug: string }): string {
  return `${org.name} (${org.slug})`;
}

/** `2026-01-31T12:00:00Z`: to the second, which is enough to read a log by; `-` for none. */
export function formatTime(iso: string | null): string {
  return iso ? iso.replace(/\.\d+Z$/, 'Z') : '-';
}

/** `text` cut to `width` characters, ending in `…` when cut; `--json` has it all. */
export function shorten(text: string, width: number): string {
  const chars = [...text];
  return chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : text;
}
