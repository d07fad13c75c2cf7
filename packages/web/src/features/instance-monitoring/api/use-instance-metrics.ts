import { uptimeOf, type MetricSample } from '@ocore/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';
import { useLiveSubscription, type LiveStatus } from '../../../lib/use-live-subscription';

/** The ranges offered, in ms back from now. */
export const metricRanges = [
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 6 hours', ms: 6 * 3_600_000 },
  { label: 'Last day', ms: 24 * 3_600_000 },
  { label: 'Last week', ms: 7 * 24 * 3_600_000 },
  { label: 'Last month', ms: 30 * 24 * 3_600_000 },
] as const;

/** The instance's points over the last `rangeMs`, then the new ones live (raw ranges only). */
export function useInstanceMetrics(
  id: string,
  rangeMs: number,
): { samples: MetricSample[]; uptime: number | null; status: LiveStatus; isPending: boolean; error: unknown } {
  const trpc = useTRPC();
  const client = useTRPCClient();
  // Fixed when the range is chosen: a new key on every render would refetch forever.
  const from = useMemo(() => new Date(Date.now() - rangeMs).toISOString(), [rangeMs]);
  const query = useQuery(trpc.instanceMonitoring.metrics.queryOptions({ id, from }));
  const [live, setLive] = useState<MetricSample[]>([]);
  const isRaw = query.data?.resolution === '10s';
  const status = useLiveSubscription(
    isRaw,
    (callbacks) =>
      client.instanceMonitoring.onSample.subscribe(
        { instanceId: id },
        {
          ...callbacks,
          onData: ({ data: event }) => {
            if (event.type === 'instance.metrics') setLive((kept) => [...kept, event.payload.sample].slice(-2000));
          },
        },
      ),
    () => setLive([]),
    [client, id],
  );
  const stored = query.data?.samples ?? [];
  const newer = live.filter((s) => s.at > (stored.at(-1)?.at ?? ''));
  const samples = [...stored, ...newer];
  return { samples, uptime: uptimeOf(samples), status, isPending: query.isPending, error: query.error };
}
