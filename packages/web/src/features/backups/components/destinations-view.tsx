import type { CreateDestinationInput, Destination, DestinationKind } from '@ocore/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '../../../components/alert';
import { Badge } from '../../../components/badge';
import { Button } from '../../../components/button';
import { CheckboxField, Field, SelectField } from '../../../components/field';
import { ConfirmButton } from '../../../components/confirm-button';
import { Loading, Section } from '../../../components/layout';
import { Table } from '../../../components/table';
import { messageOf, toFormErrors } from '../../../lib/errors';
import { useServers } from '../../../lib/use-servers';
import { useTRPC } from '../../../lib/trpc';
import { useDestinations } from '../api/use-backups';

function where(d: Destination): string {
  if (d.server) return `server disk: ${d.server.directory}`;
  if (d.s3) return `s3://${d.s3.bucket}/${d.s3.prefix}${d.s3.endpoint ? ` at ${d.s3.endpoint}` : ''}`;
  if (d.sftp) return `sftp://${d.sftp.username}@${d.sftp.host}:${d.sftp.port}${d.sftp.directory}`;
  return d.kind;
}

type Values = Record<string, string> & { kind: DestinationKind };

/** The create input from the form's values: the settings of the kind chosen, credentials when given. */
function inputOf(v: Values, forcePathStyle: boolean): CreateDestinationInput {
  const base = { name: v['name'] ?? '' };
  if (v.kind === 'server')
    return { ...base, kind: 'server', server: { serverId: v['serverId'] ?? '', directory: v['directory'] ?? '' } };
  if (v.kind === 's3')
    return {
      ...base,
      kind: 's3',
      s3: {
        endpoint: v['endpoint'] || null,
        bucket: v['bucket'] ?? '',
        prefix: v['prefix'] ?? '',
        region: v['region'] || 'us-east-1',
        forcePathStyle,
      },
      credentials: { accessKeyId: v['accessKeyId'] ?? '', secretAccessKey: v['secretAccessKey'] ?? '' },
    };
  return {
    ...base,
    kind: 'sftp',
    sftp: {
      host: v['host'] ?? '',
      port: Number(v['port'] || 22),
      username: v['username'] ?? '',
      directory: v['directory'] ?? '',
      hostKey: null,
    },
    credentials: { password: v['password'] ?? '' },
  };
}

const kindFields: Record<DestinationKind, [string, string][]> = {
  server: [['directory', 'Directory on the server']],
  s3: [
    ['endpoint', 'Endpoint (empty for AWS)'],
    ['bucket', 'Bucket'],
    ['prefix', 'Prefix'],
    ['region', 'Region'],
    ['accessKeyId', 'Access key id'],
    ['secretAccessKey', 'Secret access key'],
  ],
  sftp: [
    ['host', 'Host'],
    ['port', 'Port'],
    ['username', 'User name'],
    ['directory', 'Directory'],
    ['password', 'Password'],
  ],
};

function CreateDestination() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const servers = useServers();
  const create = useMutation(
    trpc.backupDestinations.create.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.backupDestinations.list.queryKey() }),
    }),
  );
  const [values, setValues] = useState<Values>({ kind: 'server', name: '' });
  const [pathStyle, setPathStyle] = useState(true);
  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const names = ['name', 'server', 's3', 'sftp', 'credentials'];
  const errors = toFormErrors(create.error, names);
  return (
    <form
      data-shortcut="new"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(inputOf(values, pathStyle), { onSuccess: () => setValues({ kind: values.kind, name: '' }) });
      }}
    >
      <Field
        label="Name"
        value={values['name'] ?? ''}
        onChange={(e) => set('name', e.target.value)}
        error={errors.fields['name']}
      />
      <SelectField
        label="Kind"
        value={values.kind}
        onChange={(e) => setValues({ kind: e.target.value as DestinationKind, name: values['name'] ?? '' })}
      >
        <option value="server">The server’s own disk</option>
        <option value="s3">S3-compatible storage</option>
        <option value="sftp">SFTP</option>
      </SelectField>
      {values.kind === 'server' ? (
        <SelectField label="Server" value={values['serverId'] ?? ''} onChange={(e) => set('serverId', e.target.value)}>
          <option value="" disabled>
            Choose a server
          </option>
          {(servers.data?.items ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      {kindFields[values.kind].map(([name, label]) => (
        <Field
          key={name}
          label={label}
          type={name === 'password' || name === 'secretAccessKey' ? 'password' : 'text'}
          value={values[name] ?? ''}
          onChange={(e) => set(name, e.target.value)}
        />
      ))}
      {values.kind === 's3' ? (
        <CheckboxField
          label="Path-style addressing"
          checked={pathStyle}
          onChange={(e) => setPathStyle(e.target.checked)}
        />
      ) : null}
      {errors.fields[values.kind] ? <Alert>{errors.fields[values.kind]}</Alert> : null}
      {errors.fields['credentials'] ? <Alert>{errors.fields['credentials']}</Alert> : null}
      {errors.general ? <Alert>{errors.general}</Alert> : null}
      <Button type="submit" pending={create.isPending} pendingLabel="Adding…">
        Add destination
      </Button>
    </form>
  );
}

function DestinationActions({ destination, isDefault }: { destination: Destination; isDefault: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.backupDestinations.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.settings.get.queryKey() });
  };
  const test = useMutation(trpc.backupDestinations.test.mutationOptions());
  const remove = useMutation(trpc.backupDestinations.delete.mutationOptions({ onSettled: refresh }));
  const makeDefault = useMutation(trpc.settings.update.mutationOptions({ onSettled: refresh }));
  const failure = test.error ?? remove.error ?? makeDefault.error;
  return (
    <div className="backup-actions">
      <Button variant="ghost" size="sm" pending={test.isPending} onClick={() => test.mutate({ id: destination.id })}>
        Test
      </Button>
      <Button
        variant="ghost"
        size="sm"
        pending={makeDefault.isPending}
        onClick={() => makeDefault.mutate({ backupDestinationId: isDefault ? null : destination.id })}
      >
        {isDefault ? 'Unset default' : 'Make default'}
      </Button>
      <ConfirmButton
        label="Delete"
        question={`Delete ${destination.name}?`}
        confirmLabel="Delete"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ id: destination.id })}
      />
      {test.data ? <span role="status">Reached {test.data.detail}</span> : null}
      {failure ? <span className="field-error">{messageOf(failure)}</span> : null}
    </div>
  );
}

/** The organization's backup destinations, the default among them, and a form to add one. */
export function DestinationsView() {
  const trpc = useTRPC();
  const destinations = useDestinations();
  const settings = useQuery(trpc.settings.get.queryOptions());
  if (destinations.isPending) return <Loading what="the destinations" />;
  if (destinations.error) return <Alert>{messageOf(destinations.error)}</Alert>;
  const defaultId = settings.data?.backupDestinationId ?? null;
  return (
    <>
      <Section title="Destinations" description="Credentials are write-only: stored sealed, never shown again.">
        <Table
          caption="Backup destinations"
          rows={destinations.data.items}
          rowKey={(d) => d.id}
          empty={<p className="muted">No destination yet: add one below.</p>}
          columns={[
            {
              header: 'Name',
              cell: (d) => (
                <>
                  {d.name} {d.id === defaultId ? <Badge tone="accent">default</Badge> : null}
                </>
              ),
            },
            { header: 'Where', stacked: true, cell: where },
            {
              header: 'Actions',
              align: 'end',
              cell: (d) => <DestinationActions destination={d} isDefault={d.id === defaultId} />,
            },
          ]}
        />
      </Section>
      <Section title="Add a destination">
        <CreateDestination />
      </Section>
    </>
  );
}
