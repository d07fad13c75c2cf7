import { useId, type ReactNode } from 'react';
import { Button } from './button';
import { FieldNotes, describedBy } from './field';
import { cx } from '../lib/cx';
import { emptyKeyValue, type KeyValue } from '../lib/key-values';

export interface KeyValueRowsProps {
  legend: string;
  rows: readonly KeyValue[];
  onChange: (rows: KeyValue[]) => void;
  /** Names the inputs of row n for screen readers and tests: "Override 1 name". */
  rowLabel: string;
  keyPlaceholder: string;
  valuePlaceholder: string;
  hint?: ReactNode;
  error?: string | undefined;
}

/** KEY=VALUE lines, added and removed one at a time. */
export function KeyValueRows({
  legend,
  rows,
  onChange,
  rowLabel,
  keyPlaceholder,
  valuePlaceholder,
  hint,
  error,
}: KeyValueRowsProps) {
  const id = useId();
  const update = (index: number, change: Partial<KeyValue>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <fieldset
      className={cx('plain-fieldset field', error && 'field-invalid')}
      aria-describedby={describedBy(id, error, hint)}
    >
      <legend className="field-legend">{legend}</legend>
      <ul className="kv-rows">
        {rows.map((row, index) => (
          // Rows have no identity of their own; the list only grows or loses a row by its button.
          <li key={index} className="kv-row">
            <input
              aria-label={`${rowLabel} ${index + 1} name`}
              value={row.key}
              placeholder={keyPlaceholder}
              autoCapitalize="characters"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={error ? true : undefined}
              onChange={(event) => update(index, { key: event.target.value })}
            />
            <span aria-hidden="true">=</span>
            <input
              aria-label={`${rowLabel} ${index + 1} value`}
              value={row.value}
              placeholder={valuePlaceholder}
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => update(index, { value: event.target.value })}
            />
            <Button variant="ghost" size="sm" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
              Remove<span className="visually-hidden"> {`${rowLabel} ${index + 1}`}</span>
            </Button>
          </li>
        ))}
      </ul>
      <div>
        <Button variant="secondary" size="sm" onClick={() => onChange([...rows, emptyKeyValue])}>
          Add {rowLabel.toLowerCase()}
        </Button>
      </div>
      <FieldNotes id={id} error={error} hint={hint} />
    </fieldset>
  );
}
