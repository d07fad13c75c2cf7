import type { LogLine } from '../runtime/container-runtime.ports.js';
import type { OperationKind, OperationLogLine } from '../instances/operation.schema.js';
import {
  odooLogLevels,
  type InstanceLogFilter,
  type InstanceLogLine,
  type OdooLogLevel,
} from './instance-log.schema.js';

/** Odoo's line: `2024-05-01 10:00:00,123 7 INFO db odoo.modules: text`. */
const odooLinePattern = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} \d+ (DEBUG|INFO|WARNING|ERROR|CRITICAL) /;

/** The level an Odoo line states, or undefined for a line that continues another (a traceback). */
export function statedLevel(text: string): OdooLogLevel | undefined {
  return odooLinePattern.exec(text)?.[1] as OdooLogLevel | undefined;
}

/**
 * Turns the container's lines into log lines with a level each. `previous` is the level the
 * line before had (a traceback's lines take it); answers the level the last line had, to
 * carry into the next batch of a live stream.
 */
export function toOdooLines(
  lines: readonly LogLine[],
  previous: OdooLogLevel = 'INFO',
): { lines: InstanceLogLine[]; last: OdooLogLevel } {
  let level = previous;
  const out = lines.map((line): InstanceLogLine => {
    level = statedLevel(line.text) ?? level;
    return { at: normalizeTime(line.time), source: 'odoo', level, text: line.text, operation: null };
  });
  return { lines: out, last: level };
}

/** The engine's RFC 3339 time (nanoseconds) as an ISO time; kept as given if it does not parse. */
function normalizeTime(time: string): string {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? time : new Date(ms).toISOString();
}

const operationLevels = { info: 'INFO', warn: 'WARNING', error: 'ERROR' } as const;

/** An operation's log line in the instance's log. */
export function fromOperationLine(
  operation: { id: string; kind: OperationKind },
  line: OperationLogLine,
): InstanceLogLine {
  return {
    at: line.at,
    source: 'operation',
    level: operationLevels[line.level],
    text: `[${operation.kind}] ${line.step}: ${line.text}`,
    operation: { id: operation.id, kind: operation.kind },
  };
}

/** True when the line passes the filter: its level at least `level`, containing `search`, within the range. */
export function matchesLogFilter(line: InstanceLogLine, filter: InstanceLogFilter): boolean {
  if (filter.level && odooLogLevels.indexOf(line.level) < odooLogLevels.indexOf(filter.level)) return false;
  if (filter.search && !line.text.toLowerCase().includes(filter.search.toLowerCase())) return false;
  if (filter.since && line.at < filter.since) return false;
  if (filter.until && line.at > filter.until) return false;
  return true;
}

/** Both sources in time order (a stable merge), the filter applied, the last `tail` kept. */
export function mergeLogs(
  sources: readonly (readonly InstanceLogLine[])[],
  filter: InstanceLogFilter,
  tail: number,
): InstanceLogLine[] {
  const all = sources.flat().filter((line) => matchesLogFilter(line, filter));
  all.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return all.slice(-tail);
}

/** The lines as a plain text file: time, level, text; one a line. */
export function logsAsText(lines: readonly InstanceLogLine[]): string {
  return lines.map((l) => `${l.at} [${l.source}] ${l.text}`).join('\n') + (lines.length ? '\n' : '');
}
