import { type DomainEvent, type Operation, type OperationLogLine, type OperationWithLogs } from '@ocore/core';
import type { ApiClient } from '../shared/client.js';
import { CliError, exitCodes } from '../shared/errors.js';
import { lifecycleHandlers, runLive, type Ending } from '../shared/live-subscription.js';
import type { Session } from '../shared/session.js';
import { formatLogLine } from './instance.format.js';

/** Which operation to follow: found (or asked for) once the subscription listens, so no line is missed. */
export interface FollowTarget {
  /** The instance's name, for messages. */
  name: string;
  /** Narrows the subscription to one instance; unknown before a create. */
  instanceId?: string;
  /**
   * The instance and the operation to follow; no operation id means its newest. The operation
   * a request answered with, when there is one, stands in when the instance's operations can no
   * longer be listed (a delete that finished before they were asked).
   */
  pick: (api: ApiClient) => Promise<{ instanceId: string; operationId?: string; requested?: Operation }>;
}

interface FollowState {
  session: Session;
  api: ApiClient;
  target: FollowTarget;
  ending: Ending;
  operation?: OperationWithLogs;
  instanceId?: string;
  buffered: DomainEvent<'instance.operation' | 'instance.log'>[];
  printed: Set<string>;
}

const finished = new Set(['succeeded', 'failed']);
const keyOf = (line: OperationLogLine) => `${line.at}\u0000${line.step}\u0000${line.text}`;

function printLine(state: FollowState, line: OperationLogLine): void {
  const key = keyOf(line);
  if (state.printed.has(key)) return;
  state.printed.add(key);
  if (!state.session.json) state.session.io.stdout.write(`${formatLogLine(line)}\n`);
}

/** Ends the command with the operation's outcome: exit 0 when it succeeded, else 1 with its reason. */
async function finish(state: FollowState, status: string, step: string | null, error: string | null) {
  const { session, target, operation } = state;
  if (!operation) return;
  if (session.json) {
    // A deleted instance has no operations to list any more: its delete operation is all there is.
    const items = await state.api.instances.operations
      .query({ id: state.instanceId ?? '' })
      .then((list) => list.items)
      .catch(() => []);
    const latest = items.find((o) => o.id === operation.id) ?? { ...operation, status, step, error };
    session.print(latest, () => '');
  }
  const what = `the ${operation.kind} of instance ${target.name}`;
  if (status === 'succeeded') {
    if (!session.json) session.io.stdout.write(`Done: ${what} succeeded.\n`);
    return state.ending.end();
  }
  state.ending.end(new CliError(`${what} failed${step ? ` at ${step}` : ''}: ${error ?? 'no reason given'}`));
}

function see(state: FollowState, event: DomainEvent<'instance.operation' | 'instance.log'>): void {
  const id = state.operation?.id;
  if (!id || state.ending.isEnded()) return;
  if (event.type === 'instance.log') {
    if (event.payload.operationId === id) printLine(state, event.payload.line);
    return;
  }
  const { operation } = event.payload;
  if (operation.id === id && finished.has(operation.status)) {
    void finish(state, operation.status, operation.step, operation.error).catch((e: unknown) =>
      state.ending.end(e instanceof Error ? e : new Error(String(e))),
    );
  }
}

/** Once listening: picks the operation, prints what it logged so far, then what was buffered meanwhile. */
async function begin(state: FollowState): Promise<void> {
  const picked = await state.target.pick(state.api);
  const { requested } = picked;
  const items = await state.api.instances.operations
    .query({ id: picked.instanceId })
    .then((list) => list.items)
    .catch((error: unknown) => {
      if (requested) return [];
      throw error;
    });
  const listed = picked.operationId ? items.find((o) => o.id === picked.operationId) : items[0];
  // Its lines so far are in the buffered events: the subscription listened before the request.
  const operation = listed ?? (requested && { ...requested, logs: [] });
  if (!operation) {
    const which = picked.operationId ? `no operation ${picked.operationId}` : 'no operations yet';
    throw new CliError(`instance ${state.target.name} has ${which}; see \`ocore instance logs ${picked.instanceId}\``);
  }
  state.operation = operation;
  state.instanceId = picked.instanceId;
  if (!state.session.json) {
    state.session.io.stderr.write(
      `Following the ${operation.kind} of instance ${state.target.name} (operation ${operation.id}); Ctrl-C stops following.\n`,
    );
  }
  for (const line of operation.logs) printLine(state, line);
  if (finished.has(operation.status)) return finish(state, operation.status, operation.step, operation.error);
  for (const event of state.buffered.splice(0)) see(state, event);
}

/** Follows an operation's log lines live until it ends: exit 0 when it succeeded, 1 when it failed. */
export async function followOperation(session: Session, target: FollowTarget): Promise<void> {
  const api = session.signedIn();
  const hint = `the operation goes on; see \`ocore instance logs ${target.instanceId ?? target.name}\``;
  await runLive(
    session,
    {
      interrupted: () => new CliError(`stopped following: ${hint}`, exitCodes.cancelled),
      timeoutSeconds: undefined,
      timedOut: (seconds) => new CliError(`stopped following after ${seconds} s: ${hint}`),
    },
    (live, ending) => {
      const state: FollowState = { session, api, target, ending, buffered: [], printed: new Set() };
      return live.api.instances.onOperation.subscribe(
        target.instanceId ? { instanceId: target.instanceId } : undefined,
        {
          ...lifecycleHandlers(session, live, ending, () => begin(state)),
          onData: ({ data }) => (state.operation ? see(state, data) : void state.buffered.push(data)),
        },
      );
    },
  );
}
