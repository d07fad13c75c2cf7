import { useMutation } from '@tanstack/react-query';
import { useRef } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { OrgNameFields, orgNameInput } from '../../../components/org-name-fields';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateAgency } from '../api/use-invalidate-agency';

const fields = ['name', 'slug'] as const;

/** A new client organization under the agency (manage:agency), with no members yet. */
export function CreateClientForm() {
  const trpc = useTRPC();
  const invalidate = useInvalidateAgency();
  const formRef = useRef<HTMLFormElement>(null);
  const notify = useToast();
  const create = useMutation(
    trpc.agency.createClient.mutationOptions({
      onSuccess: async (client) => {
        notify(`${client.name} was created. Open it to add the client’s team.`);
        formRef.current?.reset();
        await invalidate();
      },
    }),
  );
  const errors = toFormErrors(create.error, fields);

  return (
    <form
      data-shortcut="new"
      ref={formRef}
      className="form"
      noValidate
      onSubmit={(event) => {
        const { name, slug } = readForm(event, fields);
        create.mutate(orgNameInput({ name, slug }));
      }}
    >
      <FormError message={errors.general} />
      <OrgNameFields nameLabel="Client name" errors={errors.fields} />
      <div className="form-actions">
        <Button type="submit" pending={create.isPending} pendingLabel="Creating…">
          Create client
        </Button>
      </div>
    </form>
  );
}
