import type { DrImportResult } from '@ocore/core';
import { useNavigate } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { messageOf } from '../../../lib/errors';
import { useSwitchOrg } from '../../../lib/use-switch-org';

/** "1 topology", "2 topologies". */
const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What the import created and restored, who was left out, and a way into the new organization. */
export function ImportResult({ result }: { result: DrImportResult }) {
  const { organization, restored, skippedMembers, skipped, notes } = result;
  const switchOrg = useSwitchOrg();
  const navigate = useNavigate();
  const open = () => switchOrg.mutate({ organizationId: organization.id }, { onSuccess: () => void navigate('/org') });

  return (
    <Alert tone="success">
      <p>
        Restored into the new organization <strong>{organization.name}</strong> (<code>{organization.slug}</code>):{' '}
        {restored.roles} roles, {restored.members} members, {restored.secrets} secrets,{' '}
        {counted(restored.servers, 'server', 'servers')}, {counted(restored.topologies, 'topology', 'topologies')},{' '}
        {counted(restored.templates, 'template', 'templates')}, {counted(restored.projects, 'project', 'projects')},{' '}
        {counted(restored.instances, 'instance definition', 'instance definitions')},{' '}
        {counted(restored.clients, 'client', 'clients')},{' '}
        {counted(restored.portalDomains, 'portal domain', 'portal domains')},{' '}
        {counted(restored.notificationChannels, 'notification channel', 'notification channels')}. You are its Owner.
      </p>
      {notes.map((note) => (
        <p key={note}>{note}</p>
      ))}
      {skippedMembers.length > 0 ? (
        <div>
          <p>Not restored ({skippedMembers.length}):</p>
          <ul className="plain-list">
            {skippedMembers.map((m) => (
              <li key={m.email}>
                <span className="break">{m.email}</span>: {m.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {skipped.length > 0 ? (
        <div>
          <p>Left out of the restore ({skipped.length}):</p>
          <ul className="plain-list">
            {skipped.map((s) => (
              <li key={s.item}>
                <code className="break">{s.item}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Button size="sm" variant="secondary" pending={switchOrg.isPending} pendingLabel="Switching…" onClick={open}>
        Switch to {organization.name}
      </Button>
      {switchOrg.error ? <p className="field-error">{messageOf(switchOrg.error)}</p> : null}
    </Alert>
  );
}
