import type { RouterOutputs } from '@ocore/server';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

/** One entry as the API sends it. */
export type AuditEntry = RouterOutputs['audit']['list']['items'][number];

/** The filter form's values: exact action, actor email, and calendar days (YYYY-MM-DD) from date inputs. */
export interface AuditFilters {
  action: string;
  actor: string;
  since: string;
  until: string;
}

export const noAuditFilters: AuditFilters = { action: '', actor: '', since: '', until: '' };

const pageSize = 50;

/** Midnight at the start of a calendar day where the user is, as an ISO instant. */
function startOfDay(day: string, plusDays = 0): string | undefined {
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return undefined;
  date.setDate(date.getDate() + plusDays);
  return date.toISOString();
}

function toInput(filters: AuditFilters) {
  const action = filters.action.trim();
  const actor = filters.actor.trim();
  const since = filters.since ? startOfDay(filters.since) : undefined;
  // The server's `until` is exclusive: the whole "until" day counts, up to the next midnight.
  const until = filters.until ? startOfDay(filters.until, 1) : undefined;
  return {
    limit: pageSize,
    ...(action ? { action } : {}),
    ...(actor ? { actor } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
}

/** The actions the organization's log holds, for the action filter. */
export function useAuditActions(enabled: boolean) {
  const trpc = useTRPC();
  return useQuery(trpc.audit.actions.queryOptions(undefined, { enabled }));
}

/** The audit log, newest first, a page at a time; `fetchNextPage` loads older entries. */
export function useAuditLog(filters: AuditFilters, enabled: boolean) {
  const trpc = useTRPC();
  return useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(toInput(filters), {
      enabled,
      getNextPageParam: (page) => page.nextCursor,
    }),
  );
}
