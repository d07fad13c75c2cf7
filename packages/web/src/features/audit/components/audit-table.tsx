import { Fragment } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../../components/badge';
import { Table, type Column } from '../../../components/table';
import { formatDate, formatTime } from '../../../lib/format';
import { summarizeDiff } from '../utils/summarize-diff';
import { transcriptIdOf } from '../utils/terminal-text';
import type { AuditEntry } from '../api/use-audit-log';

function Changes({ diff }: { diff: Record<string, unknown> }) {
  const lines = summarizeDiff(diff);
  const transcriptId = transcriptIdOf(diff);
  if (lines.length === 0) return <span className="muted">—</span>;
  return (
    <>
      <ul className="diff-list">
        {lines.map((line) => (
          <li key={line.field}>
            <span className="diff-field">{line.field}</span> <span className="break-word">{line.summary}</span>
          </li>
        ))}
      </ul>
      {transcriptId ? <Link to={`/audit-log/transcripts/${transcriptId}`}>View the session's transcript</Link> : null}
    </>
  );
}

/** A long identifier that may wrap only after the characters `after` matches, so its column stays narrow. */
function Breakable({ text, after }: { text: string; after: RegExp }) {
  return text.split(after).map((part, i) => (
    <Fragment key={i}>
      {i > 0 ? <wbr /> : null}
      {part}
    </Fragment>
  ));
}

const columns: Column<AuditEntry>[] = [
  {
    header: 'Time',
    // Date and time wrap as wholes, onto two lines when the column is narrow.
    cell: (e) => (
      <time dateTime={e.createdAt}>
        <span className="nowrap">{formatDate(e.createdAt)}</span>{' '}
        <span className="nowrap">{formatTime(e.createdAt)}</span>
      </time>
    ),
  },
  {
    header: 'Actor',
    cell: (e) => (
      <span className="break-word">
        {e.actorName || e.actorEmail ? <span className="cell-name">{e.actorName || e.actorEmail}</span> : 'System'}
        {e.actorName && e.actorEmail ? (
          <span className="muted small">
            {' '}
            <Breakable text={e.actorEmail} after={/(?<=@)/} />
          </span>
        ) : null}
        {e.viaOrganizationId ? (
          <span className="via-badge">
            <Badge tone="accent" title="An operator of the agency did this, not a member of this organization">
              via {e.viaOrganizationName ?? 'the agency'}
            </Badge>
          </span>
        ) : null}
      </span>
    ),
  },
  {
    header: 'Action',
    cell: (e) => (
      <code className="break-word">
        <Breakable text={e.action} after={/(?<=\.)/} />
      </code>
    ),
  },
  {
    header: 'Target',
    cell: (e) => (
      <span>
        {e.targetType} {e.targetName ? <strong className="break-word">{e.targetName}</strong> : null}{' '}
        {e.targetId ? (
          <code className="muted" title={e.targetId}>
            {e.targetId.slice(0, 8)}
          </code>
        ) : null}
      </span>
    ),
  },
  { header: 'Changes', stacked: true, cell: (e) => <Changes diff={e.diff} /> },
];

export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  return <Table caption="Audit log" columns={columns} rows={entries} rowKey={(e) => e.id} />;
}
