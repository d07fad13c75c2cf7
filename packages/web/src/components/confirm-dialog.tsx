import { useId, type ReactNode } from 'react';
import { Button } from './button';
import './confirm-dialog.css';

export interface ConfirmDialogProps {
  /** The question, which also names the dialog, e.g. "Deploy HA Production?". */
  title: string;
  /** What the action will do, in a sentence or a list. */
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** `danger` for actions that remove something. */
  tone?: 'primary' | 'danger';
  /** Which button takes the focus: the safe one when confirming loses work. */
  focus?: 'confirm' | 'cancel';
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before an action, drawn where it is placed (beside the button that asked), so the
 * question stays in view of the action. The confirm button takes the focus; Escape cancels.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  tone = 'primary',
  focus = 'confirm',
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const titleId = useId();
  return (
    <div
      role="dialog"
      aria-labelledby={titleId}
      className="confirm-dialog"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        onCancel();
      }}
    >
      <p id={titleId} className="confirm-dialog-title">
        {title}
      </p>
      <div className="confirm-dialog-body">{children}</div>
      <div className="row-buttons">
        {/* The user's own press asked the question: answering it is the next move. */}
        <Button variant={tone} autoFocus={focus === 'confirm'} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button variant="ghost" autoFocus={focus === 'cancel'} onClick={onCancel}>
          {cancelLabel}
        </Button>
      </div>
    </div>
  );
}
