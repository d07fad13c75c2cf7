import { useRef } from 'react';
import { Button } from '../../../components/button';
import { Field } from '../../../components/field';
import { readForm } from '../../../lib/form';
import { noAuditFilters, type AuditFilters } from '../api/use-audit-log';

const fields = ['action', 'actor', 'since', 'until'] as const;

/** The actions the platform records, offered as suggestions; the filter matches one exactly. */
const knownActions = [
  'organization.created',
  'organization.updated',
  'organization.deleted',
  'member.added',
  'member.role_changed',
  'member.removed',
  'org_settings.updated',
  'org_settings.subscription_validated',
  'disaster_recovery.exported',
  'disaster_recovery.imported',
];

export interface AuditFiltersFormProps {
  filters: AuditFilters;
  onApply: (filters: AuditFilters) => void;
  errors: Partial<Record<keyof AuditFilters, string>>;
  pending: boolean;
}

/** Narrows the log by action, actor and date range; applied on submit. */
export function AuditFiltersForm({ filters, onApply, errors, pending }: AuditFiltersFormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const isFiltered = Object.values(filters).some(Boolean);

  return (
    <form ref={formRef} className="form form-inline" noValidate onSubmit={(event) => onApply(readForm(event, fields))}>
      <div className="filter-row">
        <Field
          label="Action"
          name="action"
          list="audit-actions"
          autoComplete="off"
          spellCheck={false}
          placeholder="org_settings.updated"
          defaultValue={filters.action}
          error={errors.action}
        />
        <datalist id="audit-actions">
          {knownActions.map((action) => (
            <option key={action} value={action} />
          ))}
        </datalist>
        <Field
          label="Actor email"
          name="actor"
          type="email"
          autoComplete="off"
          placeholder="someone@example.com"
          defaultValue={filters.actor}
          error={errors.actor}
        />
        <Field label="Since" name="since" type="date" defaultValue={filters.since} error={errors.since} />
        <Field label="Until" name="until" type="date" defaultValue={filters.until} error={errors.until} />
      </div>
      <div className="form-actions">
        <Button type="submit" variant="secondary" pending={pending} pendingLabel="Filtering…">
          Apply filters
        </Button>
        {isFiltered ? (
          <Button
            variant="ghost"
            onClick={() => {
              formRef.current?.reset();
              onApply(noAuditFilters);
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </div>
    </form>
  );
}
