import type { ReactNode } from 'react';
import { Field, SelectField, TextAreaField } from '../../../components/field';
import type { CredentialChoice, ServerField, ServerFormValues } from '../utils/server-input';

/* The fields the add and the edit forms of a server share; their names are `serverFields`. */

const numeric = { type: 'number', inputMode: 'numeric' } as const;

type ErrorOf = (name: ServerField) => string | undefined;

export interface ServerFieldsProps {
  /** The values the form starts with. */
  values: Partial<ServerFormValues>;
  error: ErrorOf;
}

/** Name, address, SSH user, Docker socket. */
export function ServerAddressFields({ values, error }: ServerFieldsProps) {
  return (
    <>
      <Field
        label="Name"
        name="name"
        autoComplete="off"
        placeholder="odoo-1"
        defaultValue={values.name}
        error={error('name')}
      />
      <div className="form-row">
        <Field
          label="Host"
          name="host"
          autoCapitalize="none"
          autoComplete="off"
          spellCheck={false}
          placeholder="odoo-1.example.com or 127.0.0.1"
          defaultValue={values.host}
          error={error('host')}
        />
        <Field label="SSH port" name="port" {...numeric} defaultValue={values.port} error={error('port')} />
      </div>
      <Field
        label="SSH user"
        name="sshUser"
        autoCapitalize="none"
        autoComplete="off"
        defaultValue={values.sshUser}
        error={error('sshUser')}
      />
      <Field
        label="Docker socket"
        name="dockerSocket"
        autoCapitalize="none"
        autoComplete="off"
        spellCheck={false}
        placeholder="/var/run/docker.sock"
        defaultValue={values.dockerSocket}
        hint="Where the Docker Engine listens on the server, reached over SSH: another path for a rootless engine (/run/user/1000/docker.sock). Empty: /var/run/docker.sock."
        error={error('dockerSocket')}
      />
    </>
  );
}

/** CPU, memory and how many instances the server takes. */
export function CapacityFields({ values, error }: ServerFieldsProps) {
  const field = (label: string, name: 'capacity.cpuCores' | 'capacity.memoryMb' | 'capacity.maxInstances') => (
    <Field label={label} name={name} {...numeric} defaultValue={values[name]} error={error(name)} />
  );
  return (
    <fieldset className="plain-fieldset">
      <legend className="field-legend">Capacity</legend>
      <div className="form-row form-row-thirds">
        {field('CPU cores', 'capacity.cpuCores')}
        {field('Memory (MB)', 'capacity.memoryMb')}
        {field('Max instances', 'capacity.maxInstances')}
      </div>
    </fieldset>
  );
}

export interface CredentialFieldsProps<C extends CredentialChoice> {
  choice: C;
  onChoice: (choice: C) => void;
  /** The choices offered, with their labels, in order. */
  choices: readonly (readonly [C, string])[];
  hint: ReactNode;
  error: ErrorOf;
}

/** How the platform signs in over SSH: the choice, then the key or the password it asks for (write-only). */
export function CredentialFields<C extends CredentialChoice>({
  choice,
  onChoice,
  choices,
  hint,
  error,
}: CredentialFieldsProps<C>) {
  return (
    <>
      <SelectField
        label="SSH access"
        value={choice}
        onChange={(event) => onChoice(event.target.value as C)}
        hint={hint}
      >
        {choices.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      {choice === 'key' ? (
        <TextAreaField
          label="Private key"
          name="sshPrivateKey"
          className="code-input"
          rows={5}
          spellCheck={false}
          placeholder={'-----BEGIN OPENSSH PRIVATE KEY-----\n…\n-----END OPENSSH PRIVATE KEY-----'}
          error={error('sshPrivateKey')}
        />
      ) : null}
      {choice === 'password' ? (
        <Field
          label="SSH password"
          name="sshPassword"
          type="password"
          autoComplete="new-password"
          error={error('sshPassword')}
        />
      ) : null}
    </>
  );
}
