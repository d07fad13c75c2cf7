import type { DrDocument } from '@ocore/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Field } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { readJsonFile } from '../utils/read-json-file';
import { ImportResult } from './import-result';

const fields = ['document', 'name', 'slug', 'previousMasterKey'] as const;

function textOf(data: FormData, name: string): string | undefined {
  const value = data.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Restores an export file into a new organization owned by the user. */
export function ImportForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const restore = useMutation(
    trpc.dr.import.mutationOptions({
      onSuccess: async () => {
        formRef.current?.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.organizations.listMine.queryKey() });
      },
    }),
  );
  const errors = toFormErrors(restore.error, fields);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const file = data.get('document');
    setFileError(null);
    restore.reset();
    if (!(file instanceof File) || file.size === 0) {
      setFileError('Choose an export file first.');
      return;
    }
    let document: unknown;
    try {
      document = await readJsonFile(file);
    } catch (error) {
      setFileError(error instanceof Error ? error.message : String(error));
      return;
    }
    // The server checks the document's shape and checksum; its answer shows beside the file.
    restore.mutate({
      document: document as DrDocument,
      name: textOf(data, 'name'),
      slug: textOf(data, 'slug'),
      previousMasterKey: textOf(data, 'previousMasterKey'),
    });
  }

  return (
    <form ref={formRef} className="form" noValidate onSubmit={(event) => void submit(event)}>
      {restore.isSuccess ? <ImportResult key={restore.data.organization.id} result={restore.data} /> : null}
      <FormError message={errors.general} />
      <Field
        label="Export file"
        name="document"
        type="file"
        accept="application/json,.json"
        hint="A file made with Export above, on this or another oCore server."
        error={fileError ?? errors.fields['document']}
      />
      <div className="form-row form-row-even">
        <Field
          label="New name (optional)"
          name="name"
          placeholder="The exported name"
          hint="2-100 characters."
          error={errors.fields['name']}
        />
        <Field
          label="New slug (optional)"
          name="slug"
          autoCapitalize="none"
          spellCheck={false}
          placeholder="Made from the exported slug"
          hint="3-50 lowercase letters, digits and hyphens."
          error={errors.fields['slug']}
        />
      </div>
      <Field
        label="Previous master key (optional)"
        name="previousMasterKey"
        type="password"
        autoComplete="off"
        spellCheck={false}
        hint="Only for an export from a server with another master key: that server's OCORE_MASTER_KEY, to open the secrets."
        error={errors.fields['previousMasterKey']}
      />
      <div className="form-actions">
        <Button type="submit" pending={restore.isPending} pendingLabel="Importing…">
          Import into a new organization
        </Button>
      </div>
    </form>
  );
}
