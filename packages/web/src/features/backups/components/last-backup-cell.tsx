import { useQuery } from '@tanstack/react-query';
import { Badge } from '../../../components/badge';
import { formatDateTime } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';

/**
 * An instance's last successful backup, for a table cell: when it completed, "never", or that
 * a scheduled one is overdue. Reads the instance's backup list (which answers its backup health).
 */
export function LastBackupCell({ instanceId }: { instanceId: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.backups.list.queryOptions({ id: instanceId }));
  if (list.isPending) return <span className="muted">…</span>;
  if (list.error) return <span className="muted">unknown</span>;
  const { lastSuccessfulBackupAt: last, backupOverdue } = list.data;
  return (
    <span>
      {last ? formatDateTime(last) : 'never'} {backupOverdue ? <Badge tone="warning">overdue</Badge> : null}
    </span>
  );
}
