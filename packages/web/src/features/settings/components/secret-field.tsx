import { useId, type ReactNode } from 'react';
import { Badge } from '../../../components/badge';
import { Button } from '../../../components/button';
import { describedBy, FieldNotes } from '../../../components/field';
import { cx } from '../../../lib/cx';
import { keepSecret, type SecretDraft } from '../utils/secret-draft';

export interface SecretFieldProps {
  label: string;
  isSet: boolean;
  draft: SecretDraft;
  onDraftChange: (draft: SecretDraft) => void;
  error?: string | undefined;
  hint?: ReactNode;
  placeholder?: string;
}

/**
 * A write-only secret: says whether one is stored, never what it is. "Replace" opens an empty
 * password input, "Clear" marks it for removal; the section's Save button sends either.
 */
export function SecretField({ label, isSet, draft, onDraftChange, error, hint, placeholder }: SecretFieldProps) {
  const id = useId();
  // "Personal API key" → "Replace personal API key" for screen readers.
  const noun = label.charAt(0).toLowerCase() + label.slice(1);
  const forWhom = <span className="visually-hidden"> {noun}</span>;
  return (
    <div className={cx('field secret-field', error && 'field-invalid')} role="group" aria-labelledby={`${id}-label`}>
      <div className="secret-head">
        <span id={`${id}-label`} className="secret-label">
          {label}
        </span>
        <Badge tone={isSet ? 'success' : 'neutral'}>{isSet ? 'Set' : 'Not set'}</Badge>
        {draft.mode === 'clear' ? <Badge tone="warning">Cleared when saved</Badge> : null}
        <span className="secret-actions">
          {draft.mode === 'keep' ? (
            <>
              <Button variant="ghost" size="sm" onClick={() => onDraftChange({ mode: 'replace', value: '' })}>
                {isSet ? 'Replace' : 'Set'}
                {forWhom}
              </Button>
              {isSet ? (
                <Button
                  variant="ghost"
                  size="sm"
                  className="text-danger"
                  onClick={() => onDraftChange({ mode: 'clear' })}
                >
                  Clear{forWhom}
                </Button>
              ) : null}
            </>
          ) : (
            <Button variant="ghost" size="sm" onClick={() => onDraftChange(keepSecret)}>
              {draft.mode === 'clear' ? 'Undo' : 'Cancel'}
              {forWhom}
            </Button>
          )}
        </span>
      </div>
      {draft.mode === 'replace' ? (
        <>
          <label htmlFor={id} className="visually-hidden">
            New {noun}
          </label>
          <input
            id={id}
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            // The user just asked to type a new value.
            autoFocus
            placeholder={placeholder}
            value={draft.value}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(id, error, hint)}
            onChange={(event) => onDraftChange({ mode: 'replace', value: event.target.value })}
          />
        </>
      ) : null}
      <FieldNotes id={id} error={error} hint={hint} />
    </div>
  );
}
