import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert, FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Field } from '../../../components/field';
import { Table } from '../../../components/table';
import { messageOf, toFormErrors } from '../../../lib/errors';
import { formatBytes } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { useInstanceDatabases, useSetDatabases } from '../api/use-instance-databases';
import { DatabaseActions } from './database-actions';

/** The databases of one instance: sizes, the served one, and (manage:instances) what can be done to them. */
export function InstanceDatabases({ instanceId, canManage }: { instanceId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const list = useInstanceDatabases(instanceId);
  const setList = useSetDatabases(instanceId);
  const [name, setName] = useState<string | null>(null);
  const create = useMutation(
    trpc.instanceDatabases.create.mutationOptions({ onSuccess: (l) => (setList(l), setName(null)) }),
  );
  if (list.isPending) return <p role="status">Loading the databases…</p>;
  if (list.error) return <Alert>{messageOf(list.error)}</Alert>;
  const { prefix } = list.data;
  const errors = toFormErrors(create.error, ['name']);

  return (
    <div className="instance-databases">
      <Table
        caption="Databases"
        rows={list.data.items}
        rowKey={(d) => d.name}
        columns={[
          { header: 'Name', cell: (d) => (d.served ? <strong>{d.name} (served)</strong> : d.name) },
          { header: 'Size', cell: (d) => formatBytes(d.sizeBytes), align: 'end' },
          ...(canManage
            ? [
                {
                  header: 'Actions',
                  cell: (d: { name: string; served: boolean }) => (
                    <DatabaseActions instanceId={instanceId} name={d.name} prefix={prefix} served={d.served} />
                  ),
                },
              ]
            : []),
        ]}
      />
      {canManage ? (
        <form
          className="form form-inline"
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate({ id: instanceId, name: name ?? prefix });
          }}
        >
          <Field
            label="New database"
            name="name"
            hint={`Its name starts with ${prefix}`}
            value={name ?? prefix}
            onChange={(event) => setName(event.target.value)}
            error={errors.fields['name']}
          />
          <Button type="submit" pending={create.isPending} pendingLabel="Creating…">
            Create
          </Button>
          <FormError message={errors.general} />
        </form>
      ) : null}
    </div>
  );
}
