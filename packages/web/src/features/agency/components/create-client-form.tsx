import { useMutation } from '@tanstack/react-query';
import { useRef } from 'react';
import { Alert, FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Field } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateAgency } from '../api/use-invalidate-agency';

const fields = ['name', 'slug'] as const;

/** A new client organization under the agency (manage:agency), with no members yet. */
export function CreateClientForm() {
  const trpc = useTRPC();
  const invalidate = useInvalidateAgency();
  const formRef = useRef<HTMLFormElement>(null);
  const create = useMutation(
    trpc.agency.createClient.mutationOptions({
      onSuccess: async () => {
        formRef.current?.reset();
        await invalidate();
      },
    }),
  );
  const errors = toFormErrors(create.error, fields);

  return (
    <form
      ref={formRef}
      className="form"
      noValidate
      onSubmit={(event) => {
        const { name, slug } = readForm(event, fields);
        create.mutate({ name, ...(slug.trim() ? { slug: slug.trim() } : {}) });
      }}
    >
      {create.isSuccess ? (
        <Alert tone="success">
          <p>
            <strong>{create.data.name}</strong> was created. Open it to add the client’s team.
          </p>
        </Alert>
      ) : null}
      <FormError message={errors.general} />
      <Field label="Client name" name="name" required placeholder="Acme Corp" hint="2-100 characters." error={errors.fields['name']} />
      <Field
        label="Slug (optional)"
        name="slug"
        autoCapitalize="none"
        spellCheck={false}
        placeholder="acme-corp"
        hint="3-50 lowercase letters, digits and hyphens. Leave empty to make one from the name."
        error={errors.fields['slug']}
      />
      <div className="form-actions">
        <Button type="submit" pending={create.isPending} pendingLabel="Creating…">
          Create client
        </Button>
      </div>
    </form>
  );
}
