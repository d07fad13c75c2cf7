import { describe, expect, it } from 'vitest';
import {
  fromOperationLine,
  logsAsText,
  matchesLogFilter,
  mergeLogs,
  statedLevel,
  toOdooLines,
} from './instance-log.rules.js';

const odoo = (time: string, text: string) => ({ stream: 'stdout' as const, time, text });

describe('Odoo log lines', () => {
  it('reads the level Odoo states, and gives a traceback the level of the line it continues', () => {
    expect(statedLevel('2026-12-06 10:00:00,123 7 WARNING db odoo.models: slow')).toBe('WARNING');
    expect(statedLevel('Traceback (most recent call last):')).toBeUndefined();
    const { lines, last } = toOdooLines([
      odoo('2026-12-06T10:00:00.000000001Z', '2026-12-06 10:00:00,123 7 ERROR db odoo.http: boom'),
      odoo('2026-12-06T10:00:00.5Z', 'Traceback (most recent call last):'),
      odoo('2026-12-06T10:00:01Z', '2026-12-06 10:00:01,000 7 INFO db werkzeug: GET /web 200'),
    ]);
    expect(lines.map((l) => l.level)).toEqual(['ERROR', 'ERROR', 'INFO']);
    expect(lines[0]).toMatchObject({ at: '2026-12-06T10:00:00.000Z', source: 'odoo', operation: null });
    expect(last).toBe('INFO');
    expect(toOdooLines([odoo('2026-12-06T10:00:02Z', '  File "x.py"')], 'CRITICAL').lines[0]?.level).toBe('CRITICAL');
  });

  it('filters by lowest level, text (any case) and time range', () => {
    const line = toOdooLines([odoo('2026-12-06T10:00:00Z', '2026-12-06 10:00:00,000 1 WARNING db x: Disk Low')])
      .lines[0]!;
    expect(matchesLogFilter(line, { level: 'WARNING' })).toBe(true);
    expect(matchesLogFilter(line, { level: 'ERROR' })).toBe(false);
    expect(matchesLogFilter(line, { search: 'disk low' })).toBe(true);
    expect(matchesLogFilter(line, { search: 'full' })).toBe(false);
    expect(matchesLogFilter(line, { since: '2026-12-06T10:00:01.000Z' })).toBe(false);
    expect(matchesLogFilter(line, { until: '2026-12-06T09:59:59.000Z' })).toBe(false);
  });

  it("merges the container's and the operations' lines in time order and keeps the last ones", () => {
    const container = toOdooLines([odoo('2026-12-06T10:00:00Z', 'a'), odoo('2026-12-06T10:00:02Z', 'c')]).lines;
    const operation = fromOperationLine(
      { id: '00000000-0000-4000-8000-000000000001', kind: 'provision' },
      { at: '2026-12-06T10:00:01.000Z', level: 'warn', step: 'pull image', text: 'slow' },
    );
    expect(operation).toMatchObject({ level: 'WARNING', source: 'operation', text: '[provision] pull image: slow' });
    const merged = mergeLogs([container, [operation]], {}, 2);
    expect(merged.map((l) => l.text)).toEqual(['[provision] pull image: slow', 'c']);
    expect(logsAsText(merged)).toBe(
      '2026-12-06T10:00:01.000Z [operation] [provision] pull image: slow\n2026-12-06T10:00:02.000Z [odoo] c\n',
    );
  });
});
