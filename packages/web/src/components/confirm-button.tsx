import { useState, type ReactNode } from 'react';
import { Button } from './button';

export interface ConfirmButtonProps {
  label: string;
  /** The question shown once the button was pressed, e.g. "Remove Bob?". */
  question: ReactNode;
  confirmLabel: string;
  pending?: boolean;
  onConfirm: () => void;
}

/** A destructive action that asks once, in place, before it runs. */
export function ConfirmButton({ label, question, confirmLabel, pending = false, onConfirm }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button variant="ghost" size="sm" className="text-danger" onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={label}>
      <span className="confirm-question">{question}</span>
      <Button variant="danger" size="sm" pending={pending} pendingLabel="Working…" onClick={onConfirm}>
        {confirmLabel}
      </Button>
      <Button variant="ghost" size="sm" disabled={pending} onClick={() => setAsking(false)}>
        Cancel
      </Button>
    </span>
  );
}
