import { odooLogLevels } from '@ocore/core';
import { Button } from '../../../components/button';
import { Field, SelectField } from '../../../components/field';
import { readForm } from '../../../lib/form';
import { noLogFilters, type LogFilters } from '../api/use-instance-logs';

const fields = ['search', 'level', 'since', 'until', 'tail'] as const;

export interface LogFiltersFormProps {
  filters: LogFilters;
  onApply: (filters: LogFilters) => void;
  errors: Partial<Record<keyof LogFilters, string>>;
}

/** Search, lowest level, time range and how many lines; applied on submit. */
export function LogFiltersForm({ filters, onApply, errors }: LogFiltersFormProps) {
  const apply = (values: Record<(typeof fields)[number], string>) =>
    onApply({
      search: values.search.trim(),
      level: values.level as LogFilters['level'],
      since: values.since,
      until: values.until,
      tail: Number(values.tail) || noLogFilters.tail,
    });
  return (
    <form className="form form-inline" noValidate onSubmit={(event) => apply(readForm(event, fields))}>
      <div className="filter-row">
        <Field label="Search" name="search" type="search" defaultValue={filters.search} error={errors.search} />
        <SelectField label="Lowest level" name="level" defaultValue={filters.level} error={errors.level}>
          <option value="">Every level</option>
          {odooLogLevels.map((level) => (
            <option key={level} value={level}>
              {level}
            </option>
          ))}
        </SelectField>
        <Field label="Since" name="since" type="datetime-local" defaultValue={filters.since} error={errors.since} />
        <Field label="Until" name="until" type="datetime-local" defaultValue={filters.until} error={errors.until} />
        <Field
          label="Lines"
          name="tail"
          type="number"
          min={1}
          max={5000}
          defaultValue={filters.tail}
          error={errors.tail}
        />
      </div>
      <div className="form-actions">
        <Button type="submit" variant="secondary">
          Apply filters
        </Button>
      </div>
    </form>
  );
}
