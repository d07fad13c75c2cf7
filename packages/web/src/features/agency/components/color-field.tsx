import { useId, type ReactNode } from 'react';
import { describedBy, FieldNotes } from '../../../components/field';
import { cx } from '../../../lib/cx';
import { isHexColor } from '../../../lib/brand-variables';

export interface ColorFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
}

/** `#abc` as the picker wants it: `#aabbcc`. */
function sixDigitHex(value: string): string {
  const hex = value.trim().toLowerCase();
  return hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
}

/** A hex color as text, with a color picker beside it that edits the same value. */
export function ColorField({ label, name, value, onChange, error, hint }: ColorFieldProps) {
  const id = useId();
  const pickerId = `${id}-picker`;
  return (
    <div className={cx('field', error && 'field-invalid')}>
      <label htmlFor={id}>{label}</label>
      <div className="color-row">
        <label htmlFor={pickerId} className="visually-hidden">
          {label} picker
        </label>
        <input
          id={pickerId}
          type="color"
          className="color-swatch"
          value={isHexColor(value) ? sixDigitHex(value) : '#000000'}
          onChange={(event) => onChange(event.target.value)}
        />
        <input
          id={id}
          name={name}
          value={value}
          placeholder="#2563eb"
          autoCapitalize="none"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, error, hint)}
          onChange={(event) => onChange(event.target.value)}
        />
      </div>
      <FieldNotes id={id} error={error} hint={hint} />
    </div>
  );
}
