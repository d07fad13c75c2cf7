import type { Organization } from '@ocore/core';
import { Badge } from '../../../components/badge';
import { formatDate } from '../../../lib/format';

export function OrgDetails({ org, role }: { org: Organization; role: string | null | undefined }) {
  return (
    <dl className="details">
      <div>
        <dt>Name</dt>
        <dd>{org.name}</dd>
      </div>
      <div>
        <dt>Slug</dt>
        <dd>
          <code>{org.slug}</code>
        </dd>
      </div>
      <div>
        <dt>Logo</dt>
        <dd>
          {org.logoUrl ? (
            <img className="details-logo" src={org.logoUrl} alt={`${org.name} logo`} referrerPolicy="no-referrer" />
          ) : (
            <span className="muted">No logo — add an https:// image URL below.</span>
          )}
        </dd>
      </div>
      <div>
        <dt>Your role</dt>
        <dd>{role ? <Badge tone="accent">{role}</Badge> : '—'}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{formatDate(org.createdAt)}</dd>
      </div>
      <div>
        <dt>Organization ID</dt>
        <dd>
          <code className="break">{org.id}</code>
        </dd>
      </div>
    </dl>
  );
}
