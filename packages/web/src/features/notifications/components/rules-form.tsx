import type { Channel, NotificationKind, NotificationRules } from '@ocore/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { CheckboxField } from '../../../components/field';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';

const labels: Record<NotificationKind, string> = {
  'instance.down': 'Instance down',
  'instance.recovered': 'Instance recovered',
  'instance.deploy_failed': 'Deploy failed',
  'instance.update_failed': 'Update failed',
  'instance.threshold': 'Resource threshold crossed',
  'backup.failed': 'Backup failed',
  'backup.overdue': 'Backup overdue',
  'backup.restore_drill_failed': 'Restore drill failed',
  'certificate.failed': 'Certificate failed',
  'certificate.expiring': 'Certificate expiring (14 and 3 days)',
  'domain.misconfigured': 'Domain misconfigured',
  'domain.unverified': 'Domain still unverified (14 and 28 days)',
  'server.unreachable': 'Server unreachable',
  'server.recovered': 'Server reachable again',
};

/** A grid of kinds × channels; saving replaces the rules. */
export function RulesForm({
  rules,
  channels,
  isAgency,
}: {
  rules: NotificationRules;
  channels: readonly Channel[];
  isAgency: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const notify = useToast();
  const save = useMutation(
    trpc.notifications.setRules.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.notifications.getRules.queryKey(), next);
        notify('Rules saved.');
      },
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    save.mutate({
      rules: rules.rules.map((r) => ({
        kind: r.kind,
        channelIds: channels.filter((c) => data.get(`${r.kind}:${c.id}`) === 'on').map((c) => c.id),
      })),
      copyClientNotifications: data.get('copyClientNotifications') === 'on',
    });
  };
  if (channels.length === 0) return <p>Add a channel first; then choose what it receives.</p>;
  return (
    <form className="form" noValidate onSubmit={submit}>
      <FormError message={save.error ? messageOf(save.error) : null} />
      {rules.rules.map((rule) => (
        <fieldset key={rule.kind} className="plain-fieldset">
          <legend>{labels[rule.kind]}</legend>
          {channels.map((c) => (
            <CheckboxField
              key={c.id}
              label={`${labels[rule.kind]} → ${c.name}`}
              name={`${rule.kind}:${c.id}`}
              defaultChecked={rule.channelIds.includes(c.id)}
            />
          ))}
        </fieldset>
      ))}
      {isAgency ? (
        <CheckboxField
          label="Also send my clients' notifications to these channels"
          name="copyClientNotifications"
          defaultChecked={rules.copyClientNotifications}
        />
      ) : null}
      <p className="hint">
        Notifications about the same thing (an instance going down and up again) are sent once per{' '}
        {rules.coalesceMinutes} minutes per channel; what was held back follows in one summary.
      </p>
      <div className="form-actions">
        <Button type="submit" pending={save.isPending} pendingLabel="Saving…">
          Save rules
        </Button>
      </div>
    </form>
  );
}
