import { useRef } from 'react';
import { Button } from '../../../components/button';
import { Field, SelectField } from '../../../components/field';
import { readForm } from '../../../lib/form';
import { noAuditFilters, type AuditFilters } from '../api/use-audit-log';

const fields = ['action', 'actor', 'since', 'until'] as const;

export interface AuditFiltersFormProps {
  filters: AuditFilters;
  onApply: (filters: AuditFilters) => void;
  errors: Partial<Record<keyof AuditFilters, string>>;
  pending: boolean;
  /** The actions the log holds, offered in the action filter. */
  actions: readonly string[];
}

/** Narrows the log by action, actor and date range; applied on submit. */
export function AuditFiltersForm({ filters, onApply, errors, pending, actions }: AuditFiltersFormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const isFiltered = Object.values(filters).some(Boolean);

  return (
    <form ref={formRef} className="form form-inline" noValidate onSubmit={(event) => onApply(readForm(event, fields))}>
      <div className="filter-row">
        <SelectField label="Action" name="action" defaultValue={filters.action} error={errors.action}>
          <option value="">Any action</option>
          {[...new Set([...actions, ...(filters.action ? [filters.action] : [])])].map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </SelectField>
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
