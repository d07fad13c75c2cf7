import { requireFeature } from '../agency/portal-config.service.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import type { OpaqueTokens } from '../auth/session.ports.js';
import type { InstanceDeps } from '../instances/instance.deps.js';
import type { InstanceRecord } from '../instances/instance.ports.js';
import { connectToInstanceServer } from '../instances/operation.runner.js';
import type { ExecSession } from '../runtime/container-runtime.ports.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import type { TerminalGrant, TerminalTicketStore } from './terminal.ports.js';
import {
  saveTranscript,
  transcriptRecorderFor,
  type TerminalTranscriptStore,
  type TranscriptDeps,
  type TranscriptRecorder,
} from './terminal-transcript.js';
import { terminalCommand, terminalFeature, terminalTicketTtlMs, type TerminalLimits } from './terminal.rules.js';
import type { OpenTerminalInput, TerminalKind, TerminalTicket } from './terminal.schema.js';

/** What terminal sessions need beyond the instances' ports. */
export interface TerminalDeps extends InstanceDeps {
  terminalTickets: TerminalTicketStore;
  terminalTranscripts: TerminalTranscriptStore;
  opaqueTokens: OpaqueTokens;
  terminalLimits: TerminalLimits;
}

/** The WebSocket path of terminal sessions. */
export const terminalSocketPath = '/terminal';

/** Audit action of a session that ended. */
export const terminalSessionEnded = 'terminal.session_ended';

/**
 * Refuses unless the actor may open a `kind` session on the instance now: manage:instances,
 * the portal switch for a client's members (agency operators are never blocked), an
 * instance of the actor's own organization, and a running container. Answers the instance.
 */
export async function authorizeTerminal(
  deps: CoreDeps,
  actor: Actor,
  instanceId: string,
  kind: TerminalKind,
): Promise<InstanceRecord> {
  requirePermission(actor, 'manage:instances');
  await requireFeature(deps, actor, terminalFeature[kind]);
  const instance = await deps.store.instances.find(actor.organizationId, instanceId);
  if (!instance) throw notFound('Instance');
  if (instance.status !== 'running') {
    throw new DomainError(
      'INVALID_INPUT',
      `instanceId: the instance is ${instance.status}; a terminal opens only on a running instance`,
      { field: 'instanceId' },
    );
  }
  return instance;
}

/** Issues a one-time ticket for a session (manage:instances, and featureTerminal or featureOdooShell). */
export async function requestTerminal(
  deps: TerminalDeps,
  actor: Actor,
  input: OpenTerminalInput,
): Promise<TerminalTicket> {
  await authorizeTerminal(deps, actor, input.instanceId, input.kind);
  const { token, hash } = deps.opaqueTokens.create('ott_');
  const expiresAt = new Date(deps.clock.now().getTime() + terminalTicketTtlMs);
  await deps.terminalTickets.insert({
    hash,
    expiresAt,
    organizationId: actor.organizationId,
    userId: actor.userId,
    instanceId: input.instanceId,
    kind: input.kind,
    columns: input.columns,
    rows: input.rows,
  });
  return { ticket: token, expiresAt: expiresAt.toISOString(), path: terminalSocketPath };
}

export interface OpenedTerminal {
  session: ExecSession;
  grant: TerminalGrant;
  startedAt: Date;
  /** Records the session's bytes when the organization keeps transcripts (`terminalTranscripts`). */
  transcript: TranscriptRecorder | null;
}

/** Redeems the ticket (once, by the user and organization it was issued to), checks access again, and opens the session. */
export async function startTerminal(deps: TerminalDeps, actor: Actor, ticket: string): Promise<OpenedTerminal> {
  const grant = await deps.terminalTickets.redeem(deps.opaqueTokens.hash(ticket), deps.clock.now());
  if (!grant || grant.userId !== actor.userId || grant.organizationId !== actor.organizationId) {
    throw new DomainError('UNAUTHENTICATED', 'ticket: unknown, already used or expired; ask for a new one', {
      field: 'ticket',
    });
  }
  const instance = await authorizeTerminal(deps, actor, grant.instanceId, grant.kind);
  const where = terminalCommand(instance, grant.kind);
  try {
    const runtime = await connectToInstanceServer(deps, instance);
    const session = await runtime.openSession(where.container, {
      command: where.command,
      user: where.user,
      env: where.env,
      workdir: where.workdir,
      columns: grant.columns,
      rows: grant.rows,
    });
    const transcript = await transcriptRecorderFor(deps, grant.organizationId);
    return { session, grant, startedAt: deps.clock.now(), transcript };
  } catch (error) {
    throw new DomainError('UNAVAILABLE', `The instance's container could not be reached: ${(error as Error).message}`);
  }
}

/** One audit entry per session, when it ends: who, on which instance, what, when and how long. */
export async function recordTerminalSession(
  deps: TranscriptDeps,
  actor: Actor,
  opened: Pick<OpenedTerminal, 'grant' | 'startedAt'> & { transcript?: TranscriptRecorder | null },
  reason: string,
): Promise<void> {
  const endedAt = deps.clock.now();
  const durationSeconds = Math.max(0, Math.round((endedAt.getTime() - opened.startedAt.getTime()) / 1000));
  // The transcript first, so that the audit entry can name it.
  const transcriptId = opened.transcript
    ? await saveTranscript(deps, opened.grant, { startedAt: opened.startedAt, endedAt }, opened.transcript)
    : null;
  await commitAndPublish(deps, async (_tx, record) => {
    await record(actor, {
      organizationId: opened.grant.organizationId,
      action: terminalSessionEnded,
      targetType: 'instance',
      targetId: opened.grant.instanceId,
      diff: {
        kind: opened.grant.kind,
        startedAt: opened.startedAt.toISOString(),
        endedAt: endedAt.toISOString(),
        durationSeconds,
        reason,
        transcriptId,
      },
      payload: { kind: opened.grant.kind, durationSeconds },
    });
  });
}
