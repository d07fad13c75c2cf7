import { useQuery } from '@tanstack/react-query';
import { SelectField } from './field';
import { Loading } from './layout';
import { EmptyState } from './empty-state';
import { useTRPC } from '../lib/trpc';

export interface InstancePickerProps {
  value: string | undefined;
  onChange: (id: string) => void;
  /** What the picked instance is for, in the label ("Logs of"). */
  label: string;
}

/** A choice of the organization's instances, for pages about one of them (logs, monitoring). */
export function InstancePicker({ value, onChange, label }: InstancePickerProps) {
  const trpc = useTRPC();
  const instances = useQuery(trpc.instances.list.queryOptions());
  if (instances.isPending) return <Loading what="the instances" />;
  const items = instances.data?.items ?? [];
  if (items.length === 0)
    return (
      <EmptyState title="No instance yet">
        <p>Once an instance is provisioned, it shows here.</p>
      </EmptyState>
    );
  return (
    <SelectField label={label} value={value ?? ''} onChange={(event) => onChange(event.target.value)}>
      <option value="" disabled>
        Choose an instance
      </option>
      {items.map((instance) => (
        <option key={instance.id} value={instance.id}>
          {instance.name} ({instance.status})
        </option>
      ))}
    </SelectField>
  );
}
