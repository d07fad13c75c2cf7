import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button } from '../../../components/button';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateAgency } from '../api/use-invalidate-agency';
import type { ClientRow } from '../api/use-clients';

/**
 * Deletes a client organization with everything it owns. Nothing brings it back, so the
 * confirm button only works once the client's exact name is typed.
 */
export function DeleteClientButton({ client }: { client: ClientRow }) {
  const trpc = useTRPC();
  const id = useId();
  const invalidate = useInvalidateAgency();
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState('');
  const remove = useMutation(trpc.agency.deleteClient.mutationOptions({ onSuccess: invalidate }));
  const confirmed = typed === client.name;

  if (!asking) {
    return (
      <Button variant="ghost" size="sm" className="text-danger" onClick={() => setAsking(true)}>
        Delete<span className="visually-hidden"> {client.name}</span>
      </Button>
    );
  }
  return (
    <form
      className="confirm-delete"
      aria-label={`Delete ${client.name}`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (confirmed) remove.mutate({ clientOrgId: client.id });
      }}
    >
      <label htmlFor={id} className="confirm-question">
        Type “{client.name}” to delete it with all its data
      </label>
      <input
        id={id}
        value={typed}
        autoComplete="off"
        spellCheck={false}
        // The user just asked to delete; the name goes here next.
        autoFocus
        onChange={(event) => setTyped(event.target.value)}
      />
      <span className="confirm">
        <Button
          type="submit"
          variant="danger"
          size="sm"
          disabled={!confirmed}
          pending={remove.isPending}
          pendingLabel="Deleting…"
        >
          Delete client
        </Button>
        <Button variant="ghost" size="sm" disabled={remove.isPending} onClick={() => setAsking(false)}>
          Cancel
        </Button>
      </span>
      {remove.error ? <p className="field-error">{messageOf(remove.error)}</p> : null}
    </form>
  );
}
