import { hiddenInfrastructureFor, redactInfrastructure, type Actor, type CoreDeps } from '@ocore/core';

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/**
 * Every answer of an organization's procedure passes here: for a client's own member whose
 * agency hides its infrastructure (`limited`, `none`), the servers' addresses and logins are
 * replaced wherever they occur in text (failure reasons, log lines, audit diffs), whatever the
 * procedure. Streams redact each event themselves (events/stream-events.ts); structured fields
 * are redacted by the use cases.
 */
export async function hideInfrastructure(deps: CoreDeps, actor: Actor, data: unknown): Promise<unknown> {
  if (!actor.agencyOrganizationId || actor.viaAgency || isAsyncIterable(data)) return data;
  const hidden = await hiddenInfrastructureFor(deps, actor);
  return hidden ? redactInfrastructure(data, hidden) : data;
}

/** The same for a refusal: its message (and its cause's, which the error body repeats) may name a server. */
export async function hideInfrastructureInError(deps: CoreDeps, actor: Actor, error: Error): Promise<void> {
  if (!actor.agencyOrganizationId || actor.viaAgency) return;
  const hidden = await hiddenInfrastructureFor(deps, actor);
  if (!hidden) return;
  for (const err of [error, error.cause]) {
    if (err instanceof Error) err.message = redactInfrastructure(err.message, hidden);
  }
}
