import type { PortalDomain } from '@ocore/core';
import { Badge } from '../../../components/badge';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import type { DomainDiagnostics } from '../utils/diagnostics';
import { pointingLooks, txtLooks } from '../utils/domain-status';

function When({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}

function CheckTimes({ domain, now }: { domain: PortalDomain; now: number }) {
  const { lastCheckedAt, nextCheckAt } = domain;
  return (
    <p className="check-times">
      <span>Last checked {lastCheckedAt ? <When iso={lastCheckedAt} now={now} /> : 'never'}</span>
      {nextCheckAt ? (
        <span>
          Next check {Date.parse(nextCheckAt) <= now ? 'within a minute' : <When iso={nextCheckAt} now={now} />}
        </span>
      ) : null}
    </p>
  );
}

/** What the last DNS check of a custom domain found, in the server's words, and when the next one runs. */
export function CheckSummary({ domain, diagnostics }: { domain: PortalDomain; diagnostics: DomainDiagnostics | null }) {
  const ticked = useNow();
  // A check that ran since the last tick happened now, not in the future.
  const now = Math.max(ticked, domain.lastCheckedAt ? Date.parse(domain.lastCheckedAt) : 0);
  return (
    <div className="domain-checks">
      <h4>Last check</h4>
      <CheckTimes domain={domain} now={now} />
      {diagnostics ? (
        <ul className="check-list">
          <li className="check">
            <span className="check-name">Ownership record</span>
            <Badge tone={txtLooks[diagnostics.txt.status].tone}>{txtLooks[diagnostics.txt.status].label}</Badge>
            <span className="check-detail break-word">{diagnostics.txt.message}</span>
          </li>
          <li className="check">
            <span className="check-name">Where it points</span>
            <Badge tone={pointingLooks[diagnostics.pointing.status].tone}>
              {pointingLooks[diagnostics.pointing.status].label}
            </Badge>
            <span className="check-detail break-word">{diagnostics.pointing.message}</span>
          </li>
        </ul>
      ) : domain.lastError ? (
        <p className="field-error">{domain.lastError}</p>
      ) : (
        <p className="muted">Not checked yet. Checks start by themselves within a minute of adding the domain.</p>
      )}
    </div>
  );
}
