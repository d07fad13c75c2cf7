import type { InstanceDomain } from '@ocore/core';
import { Alert } from '../../../components/alert';
import { Badge } from '../../../components/badge';
import { Button } from '../../../components/button';
import { ConfirmButton } from '../../../components/confirm-button';
import { CopyButton } from '../../../components/copy-button';
import { messageOf } from '../../../lib/errors';
import { useDomainMutations } from '../api/use-instance-domains';
import { dnsBadge, sslSentence } from '../utils/domain-words';

function RecordsToAdd({ domain }: { domain: InstanceDomain }) {
  const ownership = domain.records.filter((r) => r.purpose === 'ownership');
  const routing = domain.records.filter((r) => r.purpose === 'routing');
  const row = (r: InstanceDomain['records'][number]) => (
    <tr key={`${r.type}-${r.value}`}>
      <td>
        <code>{r.type}</code>
      </td>
      <td>
        <code className="break">{r.name}</code> <CopyButton value={r.name} what={`${r.type} name`} />
      </td>
      <td>
        <code className="break">{r.value}</code> <CopyButton value={r.value} what={`${r.type} value`} />
      </td>
    </tr>
  );
  return (
    <div className="dns-panel">
      <h4>{domain.dnsVerified ? 'Keep these DNS records' : 'Add these DNS records at your DNS provider'}</h4>
      <table className="table dns-records">
        <caption className="visually-hidden">DNS records for {domain.domain}</caption>
        <thead>
          <tr>
            <th>Type</th>
            <th>Name</th>
            <th>Value</th>
          </tr>
        </thead>
        <tbody>{ownership.map(row)}</tbody>
      </table>
      {routing.length ? (
        <>
          <p className="muted">And one of these, so that the domain reaches the instance:</p>
          <table className="table dns-records">
            <caption className="visually-hidden">Where {domain.domain} points</caption>
            <tbody>{routing.map(row)}</tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}

/** One custom domain: status, certificate in words, the records to add, visit, check now, remove. */
export function DomainItem(props: {
  instanceId: string;
  domain: InstanceDomain;
  tlsAvailable: boolean;
  canManage: boolean;
}) {
  const { instanceId, domain, tlsAvailable, canManage } = props;
  const { verify, remove } = useDomainMutations(instanceId);
  const dns = dnsBadge(domain);
  const checked = verify.data?.domain.id === domain.id ? verify.data : undefined;
  return (
    <li className="card instance-domain" aria-label={domain.domain}>
      <header className="instance-domain-head">
        <h3 className="break">{domain.domain}</h3>
        <Badge tone={dns.tone}>{dns.label}</Badge>
        <Badge tone={domain.sslStatus === 'active' ? 'success' : domain.sslStatus === 'failed' ? 'danger' : 'neutral'}>
          {domain.sslStatus === 'active' ? 'https' : `certificate: ${domain.sslStatus.replace('_', ' ')}`}
        </Badge>
        <a href={domain.url} target="_blank" rel="noreferrer">
          Visit {domain.url}
        </a>
      </header>
      <p className="ssl-sentence">{sslSentence(domain, tlsAvailable)}</p>
      {domain.lastError ? <Alert tone="warning">{domain.lastError}</Alert> : null}
      {checked && !checked.verified ? <p role="status">Checked just now: not verified yet.</p> : null}
      <RecordsToAdd domain={domain} />
      {canManage ? (
        <div className="actions">
          <Button
            pending={verify.isPending}
            pendingLabel="Checking…"
            onClick={() => verify.mutate({ id: instanceId, domainId: domain.id })}
          >
            Check DNS now
          </Button>
          <ConfirmButton
            label="Remove"
            confirmLabel={`Remove ${domain.domain}`}
            question={`Remove ${domain.domain}? It stops reaching this instance.`}
            pending={remove.isPending}
            onConfirm={() => remove.mutate({ id: instanceId, domainId: domain.id })}
          />
        </div>
      ) : null}
      {verify.error || remove.error ? <Alert>{messageOf(verify.error ?? remove.error)}</Alert> : null}
    </li>
  );
}
