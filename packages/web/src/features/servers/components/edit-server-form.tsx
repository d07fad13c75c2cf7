import type { Server } from '@ocore/core';
import { useState } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { CheckboxField } from '../../../components/field';
import { toFormErrors, type FormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useUpdateServer } from '../../../lib/use-servers';
import {
  describeCredentials,
  dockerSocketProblem,
  serverFields,
  serverValuesOf,
  updateServerInputOf,
  type CredentialChoice,
  type ServerField,
} from '../utils/server-input';
import { CapacityFields, CredentialFields, ServerAddressFields } from './server-fields';

const editFields = [...serverFields, 'maintenance'] as const;

const credentialChoices = [
  ['keep', 'Keep as it is'],
  ['key', 'Replace with a private key'],
  ['password', 'Replace with a password'],
  ['none', 'Remove key and password'],
] as const;

/** Changes a server (manage:servers); a new key or password is write-only like the first. */
export function EditServerForm({ server }: { server: Server }) {
  const update = useUpdateServer();
  const notify = useToast();
  const [credential, setCredential] = useState<CredentialChoice>('keep');
  // A wrong Docker socket path, found in the browser with the core schema before sending.
  const [checked, setChecked] = useState<FormErrors | null>(null);
  const errors = checked ?? toFormErrors(update.error, serverFields);
  const error = (name: ServerField) => errors.fields[name];

  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        const values = readForm(event, editFields);
        const input = updateServerInputOf(server, values, credential, values.maintenance === 'on');
        const problem = dockerSocketProblem(input, 'update');
        setChecked(problem ? { fields: { dockerSocket: problem }, general: null } : null);
        if (problem) return;
        update.mutate(input, {
          onSuccess: (saved) => {
            setCredential('keep');
            notify(`Server ${saved.name} was saved.`);
          },
        });
      }}
    >
      <FormError message={errors.general} />
      <ServerAddressFields values={serverValuesOf(server)} error={error} />
      <CredentialFields
        choice={credential}
        onChoice={setCredential}
        choices={credentialChoices}
        hint={`${describeCredentials(server)} Stored encrypted and never shown again.`}
        error={error}
      />
      <CapacityFields values={serverValuesOf(server)} error={error} />
      <CheckboxField
        label="Maintenance"
        name="maintenance"
        defaultChecked={server.status === 'maintenance'}
        hint="Nothing new is placed on a server in maintenance. Unchecked, the reachability probe sets its status again."
      />
      <div className="form-actions">
        <Button type="submit" pending={update.isPending} pendingLabel="Saving…">
          Save server
        </Button>
      </div>
    </form>
  );
}
