import type { ValidationIssue } from '@ocore/core';
import { Alert } from '../../../components/alert';
import type { IssueReport } from '../utils/issues';

const failures: Record<IssueReport['source'], string> = {
  validate: 'Validation found',
  deploy: 'The deploy was refused:',
  save: 'The save was refused:',
};

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function IssueItems({ issues }: { issues: readonly ValidationIssue[] }) {
  return (
    <ul className="plain-list">
      {issues.map((issue) => (
        <li key={`${issue.code}:${issue.nodeId ?? ''}:${issue.message}`}>
          {issue.nodeId ? <code>{issue.nodeId}</code> : null} {issue.message}
        </li>
      ))}
    </ul>
  );
}

export interface IssuesPanelProps {
  report: IssueReport;
  /** The issues not shown on a node of the graph. */
  unplaced: Omit<IssueReport, 'source'>;
}

/** What the last check found: the topology's own problems here, the nodes' on the graph. */
export function IssuesPanel({ report, unplaced }: IssuesPanelProps) {
  const onNodes = report.errors.length - unplaced.errors.length;
  return (
    <div className="issues-panel" aria-live="polite">
      {report.errors.length === 0 ? (
        <Alert tone="success">
          Validation passed: no errors{report.warnings.length ? `, ${count(report.warnings.length, 'warning')}` : ''}.
        </Alert>
      ) : (
        <Alert>
          {failures[report.source]} {count(report.errors.length, 'error')}
          {onNodes > 0 ? `, ${onNodes} of them shown on their nodes` : ''}.
          {unplaced.errors.length ? <IssueItems issues={unplaced.errors} /> : null}
        </Alert>
      )}
      {unplaced.warnings.length ? (
        <Alert tone="warning">
          Warnings (they do not block a deploy):
          <IssueItems issues={unplaced.warnings} />
        </Alert>
      ) : null}
    </div>
  );
}
