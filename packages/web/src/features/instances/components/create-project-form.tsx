import { createProjectInput } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { Field, TextAreaField } from '../../../components/field';
import { toFormErrors, type FormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { schemaFormErrors } from '../../../lib/schema-errors';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateInstances } from '../api/use-instances';

const fields = ['name', 'description'] as const;

/** Creates a project (manage:instances). */
export function CreateProjectForm() {
  const trpc = useTRPC();
  const invalidate = useInvalidateInstances();
  const formRef = useRef<HTMLFormElement>(null);
  const notify = useToast();
  const [checked, setChecked] = useState<FormErrors | null>(null);
  const create = useMutation(
    trpc.projects.create.mutationOptions({
      onSuccess: async (project) => {
        notify(`Project ${project.name} was created.`);
        formRef.current?.reset();
        await invalidate();
      },
    }),
  );
  const errors = checked ?? toFormErrors(create.error, fields);
  return (
    <form
      data-shortcut="new"
      ref={formRef}
      className="form"
      noValidate
      onSubmit={(event) => {
        const input = readForm(event, fields);
        const problems = schemaFormErrors(createProjectInput.safeParse(input), fields);
        setChecked(problems);
        if (!problems) create.mutate(input);
      }}
    >
      <FormError message={errors.general} />
      <Field label="Name" name="name" autoComplete="off" placeholder="Acme ERP" error={errors.fields['name']} />
      <TextAreaField label="Description" name="description" rows={2} error={errors.fields['description']} />
      <div className="form-actions">
        <Button type="submit" pending={create.isPending} pendingLabel="Creating…">
          Create project
        </Button>
      </div>
    </form>
  );
}
