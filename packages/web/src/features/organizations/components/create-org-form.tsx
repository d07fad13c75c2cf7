import type { Organization } from '@ocore/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useNavigate } from 'react-router';
import { Alert, FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { messageOf, toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { OrgNameFields, orgNameInput } from '../../../components/org-name-fields';
import { useTRPC } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { useSwitchOrg } from '../../../lib/use-switch-org';

const fields = ['name', 'slug'] as const;

function CreatedNotice({ org }: { org: Organization }) {
  const switchOrg = useSwitchOrg();
  const navigate = useNavigate();
  const open = () => switchOrg.mutate({ organizationId: org.id }, { onSuccess: () => void navigate('/org') });
  return (
    <Alert tone="success">
      <p>
        <strong>{org.name}</strong> was created and you are its Owner. Switch to it to add members.
      </p>
      <Button size="sm" variant="secondary" pending={switchOrg.isPending} pendingLabel="Switching…" onClick={open}>
        Switch to {org.name}
      </Button>
      {switchOrg.error ? <p className="field-error">{messageOf(switchOrg.error)}</p> : null}
    </Alert>
  );
}

/** A new organization owned by the user; the first one becomes current at once. */
export function CreateOrgForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const switchOrg = useSwitchOrg();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const create = useMutation(
    trpc.organizations.create.mutationOptions({
      onSuccess: async (org) => {
        formRef.current?.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.organizations.listMine.queryKey() });
        if (me.data && !me.data.organization) {
          await switchOrg.mutateAsync({ organizationId: org.id });
          await navigate('/org');
        }
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
        create.mutate(orgNameInput({ name, slug }));
      }}
    >
      {create.isSuccess ? <CreatedNotice key={create.data.id} org={create.data} /> : null}
      <FormError message={errors.general} />
      <OrgNameFields nameLabel="Name" errors={errors.fields} />
      <div className="form-actions">
        <Button type="submit" pending={create.isPending} pendingLabel="Creating…">
          Create organization
        </Button>
      </div>
    </form>
  );
}
