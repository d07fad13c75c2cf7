import type { PointingRecord, PortalDomain } from '@ocore/core';
import { CopyButton } from '../../../components/copy-button';
import { pointingTargets, type DomainDiagnostics } from '../utils/diagnostics';

function PointingRecords({ host, targets }: { host: string; targets: readonly PointingRecord[] }) {
  if (targets.length === 0) {
    return (
      <p className="muted">
        This platform does not check where domains point (no <code>OCORE_PORTAL_BASE_DOMAIN</code> or{' '}
        <code>OCORE_PUBLIC_IPS</code>): point {host} at the address oCore is served from.
      </p>
    );
  }
  return (
    <dl className="dns-record">
      {targets.map((target) => (
        <div key={`${target.type}-${target.value}`} className="dns-record-row">
          <dt>{target.type}</dt>
          <dd>
            <code className="break">{host}</code> <span aria-label="to">→</span>{' '}
            <code className="break">{target.value}</code>
            <CopyButton value={target.value} what={`${target.type} target`} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The TXT record that proves the custom domain is the agency's (kept afterwards: checks go on),
 * and the CNAME or A/AAAA records that send its visitors here.
 */
export function DnsRecordPanel({
  domain,
  diagnostics,
  pointing,
}: {
  domain: PortalDomain;
  diagnostics: DomainDiagnostics | null;
  /** The platform's records, shown until a check names them. */
  pointing: readonly PointingRecord[];
}) {
  const record = domain.verificationRecord;
  const host = domain.customDomain;
  if (!record || !host) return null;
  const targets = diagnostics ? pointingTargets(diagnostics) : pointing;
  // An example only: the zone is usually the last two labels (not for names such as example.co.uk).
  const zone = host.split('.').slice(-2).join('.');
  const relativeName = record.name.slice(0, -(zone.length + 1));
  return (
    <div className="dns-panel">
      <h4>{domain.dnsVerified ? 'Keep this DNS record' : 'Add this DNS record'}</h4>
      <dl className="dns-record">
        <div className="dns-record-row">
          <dt>Type</dt>
          <dd>
            <code>{record.type}</code>
          </dd>
        </div>
        <div className="dns-record-row">
          <dt>Name</dt>
          <dd>
            <code className="break">{record.name}</code>
            <CopyButton value={record.name} what="record name" />
          </dd>
        </div>
        <div className="dns-record-row">
          <dt>Value</dt>
          <dd>
            <code className="break">{record.value}</code>
            <CopyButton value={record.value} what="record value" />
          </dd>
        </div>
      </dl>
      <p className="field-hint">
        It proves the domain is yours, and checks go on: leave it in place. DNS providers that add the zone to names by
        themselves want only the part before it: in the zone <code>{zone}</code>, that is <code>{relativeName}</code>.
      </p>
      <h4>{targets.length > 1 ? 'Point the domain here, with one of these' : 'Point the domain here'}</h4>
      <PointingRecords host={host} targets={targets} />
    </div>
  );
}
