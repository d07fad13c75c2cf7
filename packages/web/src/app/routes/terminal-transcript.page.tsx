import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Alert } from '../../components/alert';
import { Loading, Page } from '../../components/layout';
import { RequirePermission } from '../../features/auth/components/require-permission';
import { TerminalTranscriptView } from '../../features/audit/components/terminal-transcript';
import { messageOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';

function TranscriptContent({ id }: { id: string }) {
  const trpc = useTRPC();
  const transcript = useQuery(trpc.terminals.transcript.queryOptions({ id }));
  return (
    <Page
      title="Session transcript"
      description="A terminal or Odoo shell session, as the organization asked to keep it."
      actions={<Link to="/audit-log">Back to the audit log</Link>}
    >
      {transcript.isPending ? <Loading what="the transcript" /> : null}
      {transcript.error ? <Alert>{messageOf(transcript.error)}</Alert> : null}
      {transcript.data ? <TerminalTranscriptView transcript={transcript.data} /> : null}
    </Page>
  );
}

/** `/audit-log/transcripts/:id`: the transcript a terminal session's audit entry links to. */
export function TerminalTranscriptPage() {
  const { id = '' } = useParams();
  return (
    <RequirePermission permission="view:audit_log" title="Session transcript" what="the session transcripts">
      <TranscriptContent id={id} />
    </RequirePermission>
  );
}
