import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { toFormErrors, type FormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';
import {
  createServerInputOf,
  dockerSocketProblem,
  newServerValues,
  serverFields,
  type CredentialKind,
  type ServerField,
} from '../utils/server-input';
import { CapacityFields, CredentialFields, ServerAddressFields } from './server-fields';

const credentialChoices = [
  ['key', 'Private key'],
  ['password', 'Password'],
  ['none', 'None yet'],
] as const;

/** Registers a server (manage:servers); its SSH key or password is write-only. */
export function CreateServerForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const notify = useToast();
  const [credential, setCredential] = useState<CredentialKind>('key');
  const create = useMutation(
    trpc.servers.create.mutationOptions({
      onSuccess: async (server) => {
        notify(`Server ${server.name} was added.`);
        formRef.current?.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.servers.list.queryKey() });
      },
    }),
  );
  // A wrong Docker socket path, found in the browser with the core schema before sending.
  const [checked, setChecked] = useState<FormErrors | null>(null);
  const errors = checked ?? toFormErrors(create.error, serverFields);
  const error = (name: ServerField) => errors.fields[name];

  return (
    <form
      data-shortcut="new"
      ref={formRef}
      className="form"
      noValidate
      onSubmit={(event) => {
        const input = createServerInputOf(readForm(event, serverFields), credential);
        const problem = dockerSocketProblem(input, 'create');
        setChecked(problem ? { fields: { dockerSocket: problem }, general: null } : null);
        if (!problem) create.mutate(input);
      }}
    >
      <FormError message={errors.general} />
      <ServerAddressFields values={newServerValues} error={error} />
      <CredentialFields
        choice={credential}
        onChoice={setCredential}
        choices={credentialChoices}
        hint="Stored encrypted and never shown again. Deployments need one of them."
        error={error}
      />
      <CapacityFields values={newServerValues} error={error} />
      <div className="form-actions">
        <Button type="submit" pending={create.isPending} pendingLabel="Adding…">
          Add server
        </Button>
      </div>
    </form>
  );
}
