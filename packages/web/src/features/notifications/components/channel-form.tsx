import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { Field, SelectField } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';

const fields = ['name', 'kind', 'addresses', 'url', 'secret'] as const;
type Kind = 'email' | 'webhook' | 'slack';

/** Adds an email, signed webhook or Slack channel; secrets are write-only. */
export function ChannelForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('email');
  const notify = useToast();
  const create = useMutation(
    trpc.notifications.createChannel.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notifications.listChannels.queryKey() }),
    }),
  );
  const errors = toFormErrors(create.error, fields);
  return (
    <form
      data-shortcut="new"
      className="form"
      noValidate
      onSubmit={(event) => {
        const form = event.currentTarget;
        const v = readForm(event, fields);
        const addresses = v.addresses.split(/[\s,]+/).filter(Boolean);
        create.mutate(
          {
            name: v.name,
            kind,
            ...(kind === 'email' ? { addresses } : { url: v.url }),
            ...(kind === 'webhook' ? { secret: v.secret } : {}),
          },
          {
            onSuccess: () => {
              notify('Channel added.');
              form.reset();
            },
          },
        );
      }}
    >
      <FormError message={errors.general} />
      <div className="form-row form-row-even">
        <Field label="Name" name="name" error={errors.fields['name']} />
        <SelectField label="Kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          <option value="email">Email</option>
          <option value="webhook">Webhook (signed JSON)</option>
          <option value="slack">Slack incoming webhook</option>
        </SelectField>
      </div>
      {kind === 'email' ? (
        <Field
          label="Addresses"
          name="addresses"
          hint="One or more addresses, separated by commas."
          error={errors.fields['addresses']}
        />
      ) : (
        <Field label="URL" name="url" type="url" error={errors.fields['url']} />
      )}
      {kind === 'webhook' ? (
        <Field
          label="Signing secret"
          name="secret"
          type="password"
          autoComplete="off"
          hint="At least 16 characters. Each request carries X-Ocore-Signature: sha256=HMAC(secret, timestamp + '.' + body) and X-Ocore-Timestamp. It is never shown again."
          error={errors.fields['secret']}
        />
      ) : null}
      <div className="form-actions">
        <Button type="submit" pending={create.isPending} pendingLabel="Adding…">
          Add channel
        </Button>
      </div>
    </form>
  );
}
