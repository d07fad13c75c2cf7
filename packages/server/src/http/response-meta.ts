import { DomainError } from '@ocore/core';
import type { AnyTRPCRouter, TRPCError } from '@trpc/server';
import type { Meta } from '../trpc/trpc.js';

/** Each procedure's REST success status (201, 204) from its meta, by procedure path. */
export function successStatusByPath(router: AnyTRPCRouter): Map<string, number> {
  const statuses = new Map<string, number>();
  const procedures = router._def.procedures as Record<string, { _def: { meta?: Meta } }>;
  for (const [path, procedure] of Object.entries(procedures)) {
    const status = procedure._def.meta?.successStatus;
    if (status) statuses.set(path, status);
  }
  return statuses;
}

/** A Retry-After header when a failure says when to try again. */
export function retryAfterHeader(errors: readonly TRPCError[]): Record<string, string> {
  for (const error of errors) {
    const cause = error.cause;
    if (cause instanceof DomainError && cause.retryAfterSeconds)
      return { 'Retry-After': String(cause.retryAfterSeconds) };
  }
  return {};
}
