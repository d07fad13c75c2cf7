import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Loading } from '../../../components/layout';
import { useTRPC } from '../../../lib/trpc';

/** The organization's running instances, to pick the one a session opens on. */
export function InstancePicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const trpc = useTRPC();
  const instances = useQuery(trpc.instances.list.queryOptions());
  const id = useId();
  if (instances.isPending) return <Loading what="your instances" />;
  const running = (instances.data?.items ?? []).filter((instance) => instance.status === 'running');
  if (running.length === 0)
    return <p className="muted">No instance is running: a session opens on a running instance.</p>;
  return (
    <div className="field">
      <label htmlFor={id}>Instance</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Choose an instance…</option>
        {running.map((instance) => (
          <option key={instance.id} value={instance.id}>
            {instance.name}
          </option>
        ))}
      </select>
    </div>
  );
}
