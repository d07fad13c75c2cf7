import type { Organization, UpdateOrgInput } from '@ocore/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormError } from '../../../components/alert';
import { useToast } from '../../../components/toast';
import { Button } from '../../../components/button';
import { Field } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';

const fields = ['name', 'slug', 'logoUrl'] as const;

/** Only what changed is sent, so the audit log records only real changes. */
function changesOf(org: Organization, values: Record<(typeof fields)[number], string>): UpdateOrgInput {
  const changes: UpdateOrgInput = {};
  if (values.name !== org.name) changes.name = values.name;
  if (values.slug !== org.slug) changes.slug = values.slug;
  if (values.logoUrl.trim() !== (org.logoUrl ?? '')) changes.logoUrl = values.logoUrl.trim();
  return changes;
}

/** Name, slug and logo of the current organization (needs manage:org_settings). */
export function EditOrgForm({ org }: { org: Organization }) {
  const trpc = useTRPC();
  const notify = useToast();
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.organizations.update.mutationOptions({
      onSuccess: async (updated) => {
        notify('Changes saved.');
        queryClient.setQueryData(trpc.organizations.current.queryKey(), updated);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.organizations.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
        ]);
      },
    }),
  );
  const errors = toFormErrors(update.error, fields);

  return (
    <form className="form" noValidate onSubmit={(event) => update.mutate(changesOf(org, readForm(event, fields)))}>
      <FormError message={errors.general} />
      <Field
        label="Name"
        name="name"
        defaultValue={org.name}
        required
        hint="2-100 characters."
        error={errors.fields['name']}
      />
      <Field
        label="Slug"
        name="slug"
        defaultValue={org.slug}
        required
        autoCapitalize="none"
        spellCheck={false}
        hint="3-50 lowercase letters, digits and hyphens; unique across oCore."
        error={errors.fields['slug']}
      />
      <Field
        label="Logo URL"
        name="logoUrl"
        type="url"
        inputMode="url"
        defaultValue={org.logoUrl ?? ''}
        placeholder="https://cdn.example.com/logo.png"
        hint="An https:// image shown in the header. Leave empty for none."
        error={errors.fields['logoUrl']}
      />
      <div className="form-actions">
        <Button type="submit" pending={update.isPending} pendingLabel="Saving…">
          Save changes
        </Button>
      </div>
    </form>
  );
}
