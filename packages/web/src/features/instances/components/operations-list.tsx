import type { OperationWithLogs } from '@ocore/core';
import { EmptyState } from '../../../components/empty-state';
import { formatDateTime, formatTime } from '../../../lib/format';
import { OperationStatusBadge } from './instance-status-badge';

function OperationItem({ operation, open }: { operation: OperationWithLogs; open: boolean }) {
  const step = operation.step ? ` · ${operation.step}` : '';
  return (
    <li className="operation" data-operation={operation.id}>
      <details open={open}>
        <summary>
          <span className="operation-kind">{operation.kind}</span> <OperationStatusBadge status={operation.status} />
          <span className="muted">{` ${formatDateTime(operation.createdAt)}${step}`}</span>
        </summary>
        {operation.error ? <p className="field-error operation-error">{operation.error}</p> : null}
        {operation.logs.length === 0 ? (
          <p className="muted">No log lines yet.</p>
        ) : (
          <ol className="log-lines" aria-label={`Log of the ${operation.kind}`} aria-live="polite">
            {operation.logs.map((line, index) => (
              // Lines are only ever appended, in order.
              <li key={index} className={`log-line log-${line.level}`}>
                <time dateTime={line.at}>{formatTime(line.at)}</time> <span className="log-step">[{line.step}]</span>{' '}
                {line.text}
              </li>
            ))}
          </ol>
        )}
      </details>
    </li>
  );
}

/** The instance's operations, newest first and open, each with its log lines as they stream in. */
export function OperationsList({ operations }: { operations: readonly OperationWithLogs[] }) {
  if (operations.length === 0) {
    return (
      <EmptyState title="No operations yet">Each start, stop, deploy or change shows here with its log.</EmptyState>
    );
  }
  return (
    <ul className="plain-list operations">
      {operations.map((operation, index) => (
        <OperationItem key={operation.id} operation={operation} open={index === 0} />
      ))}
    </ul>
  );
}
