import type { InstanceLogLine } from '@ocore/core';

const levelTone: Record<InstanceLogLine['level'], string> = {
  DEBUG: 'muted',
  INFO: '',
  WARNING: 'warning',
  ERROR: 'danger',
  CRITICAL: 'danger',
};

/** Log lines, oldest first, each with its time, source and level. */
export function LogLines({ lines, label }: { lines: readonly InstanceLogLine[]; label: string }) {
  return (
    <div className="log-lines" role="log" aria-label={label} tabIndex={0}>
      {lines.map((line, index) => (
        <div key={`${line.at}-${index}`} className={`log-line ${levelTone[line.level]}`} data-level={line.level}>
          <time dateTime={line.at}>{new Date(line.at).toLocaleString()}</time>{' '}
          <span className="log-source">{line.source === 'odoo' ? 'odoo' : (line.operation?.kind ?? 'operation')}</span>{' '}
          <span className="log-text">{line.text}</span>
        </div>
      ))}
    </div>
  );
}
