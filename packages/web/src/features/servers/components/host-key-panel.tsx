import type { Server } from '@ocore/core';
import { Alert } from '../../../components/alert';
import { ConfirmButton } from '../../../components/confirm-button';
import { messageOf } from '../../../lib/errors';
import { useUpdateServer } from '../../../lib/use-servers';

export interface HostKeyPanelProps {
  server: Server;
  canManage: boolean;
}

/**
 * The SSH host key pinned at the first connection, which every later connection must show
 * again; after a rebuild the server shows another, and resetting lets the next one be pinned.
 */
export function HostKeyPanel({ server, canManage }: HostKeyPanelProps) {
  const reset = useUpdateServer();
  if (!server.sshHostKey) {
    return (
      <p className="muted">
        {reset.isSuccess ? 'The host key was forgotten. ' : ''}None pinned yet: the next deployment to this server pins
        the key it shows.
      </p>
    );
  }
  return (
    <div className="host-key">
      <p>
        Pinned fingerprint: <code className="break">{server.sshHostKey}</code>
      </p>
      {canManage ? (
        <ConfirmButton
          label="Reset host key"
          question="Forget the pinned key? Only do this after the server was rebuilt."
          confirmLabel="Reset host key"
          pending={reset.isPending}
          onConfirm={() => reset.mutate({ id: server.id, resetHostKey: true })}
        />
      ) : null}
      {reset.error ? <Alert>{messageOf(reset.error)}</Alert> : null}
    </div>
  );
}
