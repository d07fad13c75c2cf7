import type { ReactNode } from 'react';
import { messageOf } from '../lib/errors';
import { ConfirmButton } from './confirm-button';

/** A delete mutation of a list, shared by its rows: `{ id }` in, anything out. */
export interface DeleteMutation {
  isPending: boolean;
  error: unknown;
  variables: { id: string } | undefined;
  mutate: (input: { id: string }) => void;
}

export interface DeleteButtonProps {
  /** The row's id; only the row being deleted shows the pending state and the failure. */
  id: string;
  mutation: DeleteMutation;
  /** The question asked before deleting, e.g. "Delete odoo-1?". */
  question: ReactNode;
  confirmLabel: string;
}

/** A row's Delete: asks once in place, then says why it failed if it did. */
export function DeleteButton({ id, mutation, question, confirmLabel }: DeleteButtonProps) {
  const isThisRow = mutation.variables?.id === id;
  return (
    <div className="row-action">
      <ConfirmButton
        label="Delete"
        question={question}
        confirmLabel={confirmLabel}
        pending={isThisRow && mutation.isPending}
        onConfirm={() => mutation.mutate({ id })}
      />
      {isThisRow && mutation.error ? <p className="field-error">{messageOf(mutation.error)}</p> : null}
    </div>
  );
}
