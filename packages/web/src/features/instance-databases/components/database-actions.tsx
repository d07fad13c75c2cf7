import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField, Field } from '../../../components/field';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { useSetDatabases } from '../api/use-instance-databases';

type Action = 'duplicate' | 'rename' | 'drop' | null;

export interface DatabaseActionsProps {
  instanceId: string;
  name: string;
  prefix: string;
  served: boolean;
}

/** What can be done to one database: duplicate, rename, drop (typed name), neutralize, serve. */
export function DatabaseActions({ instanceId, name, prefix, served }: DatabaseActionsProps) {
  const trpc = useTRPC();
  const setList = useSetDatabases(instanceId);
  const [action, setAction] = useState<Action>(null);
  const [value, setValue] = useState('');
  const [neutralize, setNeutralize] = useState(true);
  const close = { onSuccess: (list: unknown) => (setList(list), setAction(null), setValue('')) };
  const duplicate = useMutation(trpc.instanceDatabases.duplicate.mutationOptions(close));
  const rename = useMutation(trpc.instanceDatabases.rename.mutationOptions(close));
  const drop = useMutation(trpc.instanceDatabases.drop.mutationOptions(close));
  const neutralizeNow = useMutation(trpc.instanceDatabases.neutralize.mutationOptions(close));
  const serve = useMutation(trpc.instanceDatabases.serve.mutationOptions());
  const pending = [duplicate, rename, drop, neutralizeNow, serve].some((m) => m.isPending);
  const error = [duplicate, rename, drop, neutralizeNow, serve].find((m) => m.error)?.error;
  const open = (next: Action) => (setAction(next), setValue(next === 'drop' ? '' : prefix));

  return (
    <div className="database-actions" role="group" aria-label={`Actions on ${name}`}>
      <Button variant="ghost" size="sm" onClick={() => open('duplicate')}>
        Duplicate
      </Button>
      <Button variant="ghost" size="sm" disabled={served} onClick={() => open('rename')}>
        Rename
      </Button>
      <Button
        variant="ghost"
        size="sm"
        pending={neutralizeNow.isPending}
        onClick={() => neutralizeNow.mutate({ id: instanceId, name })}
      >
        Neutralize
      </Button>
      {!served ? (
        <Button
          variant="ghost"
          size="sm"
          pending={serve.isPending}
          onClick={() => serve.mutate({ id: instanceId, name })}
        >
          Serve this one
        </Button>
      ) : null}
      <Button variant="ghost" size="sm" className="text-danger" disabled={served} onClick={() => open('drop')}>
        Drop
      </Button>
      {action ? (
        <form
          className="form form-inline"
          onSubmit={(event) => {
            event.preventDefault();
            if (action === 'duplicate') duplicate.mutate({ id: instanceId, name, newName: value, neutralize });
            if (action === 'rename') rename.mutate({ id: instanceId, name, newName: value });
            if (action === 'drop') drop.mutate({ id: instanceId, name, confirmName: value });
          }}
        >
          <Field
            label={action === 'drop' ? `Type ${name} to drop it` : 'New name'}
            name="value"
            autoComplete="off"
            value={value}
            onChange={(event) => setValue(event.target.value)}
          />
          {action !== 'duplicate' ? <p className="muted">A backup of {name} is taken first.</p> : null}
          {action === 'duplicate' ? (
            <CheckboxField
              label="Neutralize the copy (no crons, no outgoing mail)"
              name="neutralize"
              checked={neutralize}
              onChange={(event) => setNeutralize(event.target.checked)}
            />
          ) : null}
          <Button
            type="submit"
            variant={action === 'drop' ? 'danger' : 'primary'}
            size="sm"
            pending={pending}
            disabled={action === 'drop' && value !== name}
          >
            {action === 'duplicate' ? 'Duplicate' : action === 'rename' ? 'Rename' : 'Drop'}
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setAction(null)}>
            Cancel
          </Button>
        </form>
      ) : null}
      {serve.isSuccess ? (
        <p role="status">
          The instance restarts to serve {name}.
          {serve.data.backupId ? ` The database it served was backed up first (backup ${serve.data.backupId}).` : ''}
        </p>
      ) : null}
      {neutralizeNow.isSuccess ? (
        <p role="status">Neutralized, after a backup of it (backup {neutralizeNow.data.backupId}).</p>
      ) : null}
      <FormError message={error ? messageOf(error) : null} />
    </div>
  );
}
