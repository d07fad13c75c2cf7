import type { SubscriptionCheck, SubscriptionValidation } from '@ocore/core';
import { Badge, type BadgeTone } from '../../../components/badge';
import { formatDateTime } from '../../../lib/format';

const checkNames: Record<SubscriptionCheck['name'], string> = {
  format: 'Code format',
  version: 'Odoo version',
  remote: 'Subscription authority',
};

const statusTones: Record<SubscriptionCheck['status'], BadgeTone> = {
  passed: 'success',
  failed: 'danger',
  skipped: 'neutral',
};

/** A validation's verdict, when it ran, and each check with its outcome. */
export function SubscriptionChecks({ validation }: { validation: SubscriptionValidation }) {
  return (
    <div className="validation">
      <h3>Last validation</h3>
      <p className="validation-verdict">
        <Badge tone={validation.valid ? 'success' : 'danger'}>{validation.valid ? 'Valid' : 'Not valid'}</Badge>{' '}
        <span>
          for Odoo {validation.odooVersion}, checked{' '}
          <time dateTime={validation.checkedAt}>{formatDateTime(validation.checkedAt)}</time>
        </span>
      </p>
      {validation.reason ? <p className="field-error">{validation.reason}</p> : null}
      <ul className="check-list">
        {validation.checks.map((check) => (
          <li key={check.name} className="check">
            <span className="check-name">{checkNames[check.name]}</span>
            <Badge tone={statusTones[check.status]}>{check.status}</Badge>
            <span className="check-detail muted">{check.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
