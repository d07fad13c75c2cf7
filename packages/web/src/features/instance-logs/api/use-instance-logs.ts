import type { InstanceLogLine, OdooLogLevel } from '@ocore/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { getToken } from '../../../lib/auth';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';
import { useLiveSubscription, type LiveStatus } from '../../../lib/use-live-subscription';

export interface LogFilters {
  search: string;
  level: OdooLogLevel | '';
  /** `datetime-local` values, local time. */
  since: string;
  until: string;
  tail: number;
}

export const noLogFilters: LogFilters = { search: '', level: '', since: '', until: '', tail: 500 };

/** The filters as the API takes them (empty ones left out, local times as ISO). */
export function toLogsInput(id: string, filters: LogFilters) {
  return {
    id,
    tail: filters.tail,
    ...(filters.search ? { search: filters.search } : {}),
    ...(filters.level ? { level: filters.level } : {}),
    ...(filters.since ? { since: new Date(filters.since).toISOString() } : {}),
    ...(filters.until ? { until: new Date(filters.until).toISOString() } : {}),
  };
}

/** The instance's log as filtered. */
export function useInstanceLogs(id: string, filters: LogFilters) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.instanceLogs.list.queryOptions(toLogsInput(id, filters)),
    placeholderData: keepPreviousData,
  });
}

const keptLive = 2000;

/** The Odoo container's new lines as written, while `enabled` (filtered by text and level). */
export function useLiveLogs(
  id: string,
  filters: LogFilters,
  enabled: boolean,
): { lines: InstanceLogLine[]; status: LiveStatus } {
  const client = useTRPCClient();
  const [lines, setLines] = useState<InstanceLogLine[]>([]);
  const status = useLiveSubscription(
    enabled,
    (callbacks) =>
      client.instanceLogs.follow.subscribe(
        {
          id,
          ...(filters.search ? { search: filters.search } : {}),
          ...(filters.level ? { level: filters.level } : {}),
        },
        { ...callbacks, onData: (line) => setLines((kept) => [...kept, line].slice(-keptLive)) },
      ),
    () => setLines([]),
    [client, id, filters.search, filters.level],
  );
  return { lines, status };
}

/** Downloads the filtered log as a text file (the REST download, with the session's token). */
export async function downloadLogs(id: string, filters: LogFilters): Promise<void> {
  const input = toLogsInput(id, filters);
  const query = new URLSearchParams(
    Object.entries(input).flatMap(([key, value]) => (key === 'id' ? [] : [[key, String(value)]])),
  );
  const res = await fetch(`/api/instances/${encodeURIComponent(id)}/logs/download?${query}`, {
    headers: { Authorization: `Bearer ${getToken() ?? ''}` },
  });
  if (!res.ok)
    throw new Error(((await res.json()) as { message?: string }).message ?? `download failed (${res.status})`);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `instance-${id}.log`;
  link.click();
  URL.revokeObjectURL(url);
}
