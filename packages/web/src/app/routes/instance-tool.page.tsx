import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { EmptyState } from '../../components/empty-state';
import { SelectField } from '../../components/field';
import { Loading, Page } from '../../components/layout';
import { RequirePermission } from '../../features/auth/components/require-permission';
import { useTRPC } from '../../lib/trpc';
import { hasPermission, useMe } from '../../lib/use-me';

export interface InstanceToolPageProps {
  title: string;
  description: string;
  /** The tool of one instance; `canManage` is manage:instances. */
  render: (instanceId: string, canManage: boolean) => ReactNode;
  /** The tool works on an instance in any status (domains), not only a running one. */
  anyStatus?: boolean;
}

function InstanceToolContent({ title, description, render, anyStatus = false }: InstanceToolPageProps) {
  const trpc = useTRPC();
  const me = useMe();
  const { id } = useParams();
  const instances = useQuery(trpc.instances.list.queryOptions());
  const [picked, setPicked] = useState<string | null>(null);
  if (instances.isPending) return <Loading what="the instances" />;
  const running = (instances.data?.items ?? []).filter((i) => anyStatus || i.status === 'running');
  const selected = id ?? picked ?? running[0]?.id ?? null;
  return (
    <Page title={title} description={description}>
      {!id && running.length > 1 ? (
        <SelectField
          label="Instance"
          name="instance"
          value={selected ?? ''}
          onChange={(e) => setPicked(e.target.value)}
        >
          {running.map((instance) => (
            <option key={instance.id} value={instance.id}>
              {instance.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      {selected ? (
        render(selected, hasPermission(me.data, 'manage:instances'))
      ) : (
        <EmptyState title="No running instance">{title} works on a running instance; none runs yet.</EmptyState>
      )}
    </Page>
  );
}

/** A tool page of one instance: `/instances/:id/…` in the dashboard, or a picker of the running ones in the portal. */
export function InstanceToolPage(props: InstanceToolPageProps) {
  return (
    <RequirePermission permission="view:instances" title={props.title} what="its instances">
      <InstanceToolContent {...props} />
    </RequirePermission>
  );
}
