import type { ApiKey, Role } from '@ocore/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { Alert, FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CopyButton } from '../../../components/copy-button';
import { ConfirmButton } from '../../../components/confirm-button';
import { EmptyState } from '../../../components/empty-state';
import { Field, SelectField } from '../../../components/field';
import { ListSection } from '../../../components/list-section';
import { Table, type Column } from '../../../components/table';
import { messageOf, toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { formatDateTime } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';

const fields = ['name', 'role'] as const;

/**
 * The current organization's API keys for scripts and CI: create one (its key is shown once,
 * here), list them with their last use, revoke one. Managing them needs manage:members.
 */
export function ApiKeysSection({ organizationName, canManage }: { organizationName: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const roles = useQuery(trpc.members.roles.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async () => {
        formRef.current?.reset();
        await refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: refresh }));
  const errors = toFormErrors(create.error, fields);
  const columns: Column<ApiKey>[] = [
    { header: 'Name', cell: (k) => <span className="cell-name">{k.name}</span> },
    { header: 'Key', cell: (k) => <code>{k.prefix}…</code> },
    { header: 'Role', cell: (k) => k.role },
    { header: 'Created', cell: (k) => formatDateTime(k.createdAt) },
    { header: 'Last used', cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Never') },
    ...(canManage
      ? [
          {
            header: 'Actions',
            align: 'end' as const,
            cell: (k: ApiKey) => (
              <div className="row-action">
                <ConfirmButton
                  label="Revoke"
                  question={`Revoke ${k.name}? Scripts using it stop at once.`}
                  confirmLabel="Revoke key"
                  pending={revoke.isPending && revoke.variables.id === k.id}
                  onConfirm={() => revoke.mutate({ id: k.id })}
                />
                {revoke.error && revoke.variables.id === k.id ? (
                  <p className="field-error">{messageOf(revoke.error)}</p>
                ) : null}
              </div>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <ListSection
        title="API keys"
        what="API keys"
        query={keys}
        description={`Keys act in ${organizationName} with their role, wherever a token is accepted (the API, the CLI).`}
      >
        {(list) => (
          <Table
            caption="API keys"
            columns={columns}
            rows={list.items}
            rowKey={(k) => k.id}
            empty={<EmptyState title="No API keys">Create one for a script or a CI job.</EmptyState>}
          />
        )}
      </ListSection>
      {canManage ? (
        <form
          ref={formRef}
          className="form form-inline"
          noValidate
          aria-label="Create an API key"
          onSubmit={(event) => create.mutate(readForm(event, fields))}
        >
          {create.isSuccess ? (
            <Alert tone="success">
              <p>
                Key <strong>{create.data.name}</strong> created. Copy it now: it is not shown again.
              </p>
              <p>
                <code data-testid="new-api-key">{create.data.key}</code>{' '}
                <CopyButton value={create.data.key} what="API key" />
              </p>
            </Alert>
          ) : null}
          <FormError message={errors.general} />
          <div className="form-row">
            <Field label="Key name" name="name" required placeholder="CI deploys" error={errors.fields['name']} />
            {/* Mounted again once the roles arrive: a default set before its options exist selects the first (Owner). */}
            <SelectField
              key={roles.data ? 'roles' : 'loading'}
              label="Key role"
              name="role"
              defaultValue="Viewer"
              error={errors.fields['role']}
            >
              {(roles.data?.items ?? ([] as Role[])).map((role) => (
                <option key={role.id} value={role.name}>
                  {role.name}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="form-actions">
            <Button type="submit" pending={create.isPending} pendingLabel="Creating…">
              Create key
            </Button>
          </div>
        </form>
      ) : null}
    </>
  );
}
