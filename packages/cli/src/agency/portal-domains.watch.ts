import {
  sslStatuses,
  verificationStatuses,
  type DomainEvent,
  type DomainEventTypeOf,
  type PortalDomain,
} from '@ocore/core';
import { CliError, usageError } from '../shared/errors.js';
import type { LiveClient } from '../shared/live-client.js';
import { lifecycleHandlers, runLive, type Ending } from '../shared/live-subscription.js';
import { formatTime } from '../shared/output.js';
import type { Session } from '../shared/session.js';
import { domainName, formatWatchLine } from './portal-domains.format.js';
import { matchPortalDomain } from './portal-domains.lookup.js';

/** What `--until` waits for: a domain status, or an SSL status (`active`: the certificate is live). */
export const watchTargets: readonly string[] = [...verificationStatuses, ...sslStatuses.filter((s) => s !== 'none')];

type PortalDomainEvent = DomainEvent<DomainEventTypeOf<'portal_domain'>>;

export interface WatchOptions {
  until?: string;
  timeout?: number;
}

/** The domain as it is after the event, for events that carry it (created and status). */
function domainOf(event: PortalDomainEvent): PortalDomain | undefined {
  return 'domain' in event.payload ? event.payload.domain : undefined;
}

function hasReached(domain: PortalDomain, target: string): boolean {
  return domain.status === target || domain.sslStatus === target;
}

/** One watch: which domain, the names seen so far, and the events held back until the first listing. */
interface WatchState {
  session: Session;
  options: WatchOptions;
  ending: Ending;
  watchedId?: string;
  names: Map<string, string>;
  heldBack: PortalDomainEvent[] | undefined;
}

function write(state: WatchState, line: string): void {
  state.session.io.stdout.write(`${line}\n`);
}

/**
 * Prints one event: the JSON line as it came, or the domain's new state. A verify event
 * has no line of its own: the status event just before it carries what the check found.
 */
function printEvent(state: WatchState, event: PortalDomainEvent, domain: PortalDomain | undefined): void {
  if (state.session.json) return write(state, JSON.stringify(event));
  if (domain) return write(state, formatWatchLine(event.createdAt, domain));
  if (event.type === 'portal_domain.deleted') {
    const id = event.payload.targetId ?? '';
    write(state, `${formatTime(event.createdAt)}  ${state.names.get(id) ?? id}  deleted`);
  }
}

function handleEvent(state: WatchState, event: PortalDomainEvent): void {
  const { options, ending, watchedId } = state;
  if (ending.isEnded() || (watchedId !== undefined && event.payload.targetId !== watchedId)) return;
  const domain = domainOf(event);
  if (domain) state.names.set(domain.id, domainName(domain));
  printEvent(state, event, domain);
  if (domain && options.until !== undefined && hasReached(domain, options.until)) return ending.end();
  if (watchedId !== undefined && event.type === 'portal_domain.deleted') {
    const name = state.names.get(watchedId) ?? watchedId;
    ending.end(
      options.until === undefined ? undefined : new CliError(`${name} was deleted before it reached ${options.until}`),
    );
  }
}

/**
 * Lists the domains once the subscription listens, so no change falls in between: prints
 * their state (text only), resolves `ref`, and ends at once when it is already there.
 */
async function startFromListing(state: WatchState, ref: string | undefined): Promise<void> {
  const { session, options, ending } = state;
  const { items } = await session.signedIn().portalDomains.list.query();
  for (const d of items) state.names.set(d.id, domainName(d));
  const watched = ref === undefined ? undefined : matchPortalDomain(items, ref);
  state.watchedId = watched?.id;
  if (!session.json) for (const d of watched ? [watched] : items) write(state, formatWatchLine(d.updatedAt, d));
  if (watched && options.until !== undefined && hasReached(watched, options.until)) return ending.end();
  const what = watched ? domainName(watched) : 'the portal domains';
  const until = options.until === undefined ? '' : ` until it is ${options.until}`;
  session.io.stderr.write(`Watching ${what}${until}; press Ctrl-C to stop.\n`);
  const heldBack = state.heldBack ?? [];
  state.heldBack = undefined;
  for (const event of heldBack) handleEvent(state, event);
}

function subscribe(state: WatchState, live: LiveClient, ref: string | undefined): { unsubscribe(): void } {
  return live.api.portalDomains.onStatus.subscribe(undefined, {
    ...lifecycleHandlers(state.session, live, state.ending, () => startFromListing(state, ref)),
    onData: ({ data }) => (state.heldBack ? state.heldBack.push(data) : handleEvent(state, data)),
  });
}

function timeoutFailure(options: WatchOptions, ref: string | undefined, seconds: number): CliError {
  if (options.until !== undefined) return new CliError(`${ref} did not reach ${options.until} within ${seconds} s`);
  return new CliError(`stopped watching after ${seconds} s (--timeout)`);
}

/**
 * Prints each change of the agency's portal domains (of `ref` alone when given) as it
 * happens, until Ctrl-C or `--until` (exit 0) or `--timeout` (exit 1).
 */
export async function watchPortalDomains(
  session: Session,
  options: WatchOptions,
  ref: string | undefined,
): Promise<void> {
  if (options.until !== undefined && ref === undefined) {
    throw usageError(
      '--until needs the domain to wait for: `ocore agency portal-domain watch <domain> --until <status>`',
    );
  }
  const timing = {
    timeoutSeconds: options.timeout,
    timedOut: (seconds: number) => timeoutFailure(options, ref, seconds),
  };
  await runLive(session, timing, (live, ending) => {
    const state: WatchState = { session, options, ending, names: new Map(), heldBack: [] };
    return subscribe(state, live, ref);
  });
}
