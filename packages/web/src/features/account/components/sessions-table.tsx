import type { Session } from '@ocore/core';
import { Badge } from '../../../components/badge';
import { ConfirmButton } from '../../../components/confirm-button';
import { Table, type Column } from '../../../components/table';
import { messageOf } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { logout } from '../../../lib/auth';
import type { useSessions } from '../api/use-sessions';

/** The user's sign-ins: where from, when, and an End for each (ending this one signs out here). */
export function SessionsTable({
  sessions,
  actions,
}: {
  sessions: readonly Session[];
  actions: ReturnType<typeof useSessions>;
}) {
  const { end, endOthers } = actions;
  const columns: Column<Session>[] = [
    {
      header: 'Signed in',
      cell: (s) => (
        <span className="cell-name">
          {formatDateTime(s.createdAt)} {s.current ? <Badge tone="accent">This session</Badge> : null}
        </span>
      ),
    },
    { header: 'From', cell: (s) => s.ip ?? 'Unknown address' },
    { header: 'With', cell: (s) => (s.passkey ? 'Passkey' : 'Password') },
    { header: 'Last used', cell: (s) => formatDateTime(s.lastUsedAt) },
    {
      header: 'Actions',
      align: 'end',
      cell: (s) => (
        <div className="row-action">
          <ConfirmButton
            label="End"
            question={s.current ? 'End this session? You are signed out here.' : 'End this session?'}
            confirmLabel="End session"
            pending={end.isPending && end.variables.id === s.id}
            onConfirm={() => end.mutate({ id: s.id }, { onSuccess: () => (s.current ? logout() : undefined) })}
          />
          {end.variables?.id === s.id && end.error ? <p className="field-error">{messageOf(end.error)}</p> : null}
        </div>
      ),
    },
  ];
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <Table caption="Sessions" columns={columns} rows={sessions} rowKey={(s) => s.id} />
      {others > 0 ? (
        <div className="form-actions">
          <ConfirmButton
            label="End all other sessions"
            question={`End ${others === 1 ? 'the other session' : `the ${others} other sessions`}?`}
            confirmLabel="End them"
            pending={endOthers.isPending}
            onConfirm={() => endOthers.mutate()}
          />
          {endOthers.error ? <p className="field-error">{messageOf(endOthers.error)}</p> : null}
        </div>
      ) : null}
    </>
  );
}
