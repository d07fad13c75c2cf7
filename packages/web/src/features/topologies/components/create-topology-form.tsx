import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Field, TextAreaField } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';

const fields = ['name', 'description'] as const;

/** A new, empty topology (manage:topologies); its editor opens next. */
export function CreateTopologyForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation(
    trpc.topologies.create.mutationOptions({
      onSuccess: async (topology) => {
        queryClient.setQueryData(trpc.topologies.get.queryKey({ id: topology.id }), topology);
        await queryClient.invalidateQueries({ queryKey: trpc.topologies.list.pathKey() });
        await navigate(`/topologies/${topology.id}`);
      },
    }),
  );
  const errors = toFormErrors(create.error, fields);

  return (
    <form
      data-shortcut="new"
      className="form"
      noValidate
      onSubmit={(event) => {
        const values = readForm(event, fields);
        create.mutate({ name: values.name, description: values.description.trim() || null });
      }}
    >
      <FormError message={errors.general} />
      <Field
        label="Name"
        name="name"
        autoComplete="off"
        placeholder="HA Production Setup"
        error={errors.fields['name']}
      />
      <TextAreaField label="Description (optional)" name="description" rows={2} error={errors.fields['description']} />
      <div className="form-actions">
        <Button type="submit" pending={create.isPending} pendingLabel="Creating…">
          Create and open
        </Button>
      </div>
    </form>
  );
}
