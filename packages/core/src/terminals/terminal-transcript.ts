import { requirePermission, type Actor } from '../auth/actor.js';
import type { SecretBox } from '../shared/secret-box.js';
import type { CoreDeps } from '../shared/deps.js';
import { notFound } from '../shared/domain-error.js';
import type { TerminalGrant } from './terminal.ports.js';
import type {
  ListTranscriptsInput,
  TerminalTranscript,
  TerminalTranscriptSummary,
} from './terminal-transcript.schema.js';

/** What a kept transcript holds at most: the rest is cut (and the transcript says so). */
export const transcriptLimits = { outputBytes: 1024 * 1024, inputBytes: 256 * 1024 } as const;

export interface TranscriptRecord extends Omit<TerminalTranscriptSummary, 'id'> {
  organizationId: string;
  /** `{ output, input }` as JSON, sealed by the SecretBox. */
  contentSealed: string;
}

/** Kept transcripts of terminal sessions (organizations with `terminalTranscripts` on). */
export interface TerminalTranscriptStore {
  insert(record: TranscriptRecord): Promise<string>;
  list(organizationId: string, filter: ListTranscriptsInput): Promise<TerminalTranscriptSummary[]>;
  find(
    organizationId: string,
    id: string,
  ): Promise<(TerminalTranscriptSummary & { contentSealed: string }) | undefined>;
}

export interface TranscriptDeps extends CoreDeps {
  secrets: SecretBox;
  terminalTranscripts: TerminalTranscriptStore;
}

/** One session's bytes, both ways, each kept up to its bound. */
export class TranscriptRecorder {
  private readonly output: Buffer[] = [];
  private readonly input: Buffer[] = [];
  outputBytes = 0;
  inputBytes = 0;
  truncated = false;

  recordOutput(chunk: Uint8Array): void {
    this.outputBytes = this.keep(this.output, this.outputBytes, transcriptLimits.outputBytes, chunk);
  }

  recordInput(chunk: Uint8Array): void {
    this.inputBytes = this.keep(this.input, this.inputBytes, transcriptLimits.inputBytes, chunk);
  }

  content(): { output: string; input: string } {
    return { output: Buffer.concat(this.output).toString('utf8'), input: Buffer.concat(this.input).toString('utf8') };
  }

  private keep(parts: Buffer[], size: number, limit: number, chunk: Uint8Array): number {
    const room = limit - size;
    if (chunk.length > room) this.truncated = true;
    if (room <= 0) return size;
    const part = Buffer.from(chunk.subarray(0, room));
    parts.push(part);
    return size + part.length;
  }
}

/** A recorder when the organization keeps transcripts, else null. */
export async function transcriptRecorderFor(
  deps: CoreDeps,
  organizationId: string,
): Promise<TranscriptRecorder | null> {
  const settings = await deps.store.settings.find(organizationId);
  return settings?.terminalTranscripts ? new TranscriptRecorder() : null;
}

/** Seals and stores a session's transcript; answers its id. */
export async function saveTranscript(
  deps: TranscriptDeps,
  grant: TerminalGrant,
  times: { startedAt: Date; endedAt: Date },
  recorder: TranscriptRecorder,
): Promise<string> {
  return deps.terminalTranscripts.insert({
    organizationId: grant.organizationId,
    instanceId: grant.instanceId,
    userId: grant.userId,
    kind: grant.kind,
    startedAt: times.startedAt.toISOString(),
    endedAt: times.endedAt.toISOString(),
    outputBytes: recorder.outputBytes,
    inputBytes: recorder.inputBytes,
    truncated: recorder.truncated,
    contentSealed: deps.secrets.seal(JSON.stringify(recorder.content())),
  });
}

/** The organization's kept transcripts, newest first (view:audit_log, as the audit log). */
export async function listTranscripts(
  deps: TranscriptDeps,
  actor: Actor,
  input: ListTranscriptsInput,
): Promise<TerminalTranscriptSummary[]> {
  requirePermission(actor, 'view:audit_log');
  // A filter naming an instance must name one of this organization's (as every list filter).
  if (input.instanceId && !(await deps.store.instances.find(actor.organizationId, input.instanceId)))
    throw notFound('Instance');
  return deps.terminalTranscripts.list(actor.organizationId, input);
}

/** One transcript with its output and input (view:audit_log). */
export async function readTranscript(deps: TranscriptDeps, actor: Actor, id: string): Promise<TerminalTranscript> {
  requirePermission(actor, 'view:audit_log');
  const found = await deps.terminalTranscripts.find(actor.organizationId, id);
  if (!found) throw notFound('Transcript');
  const { contentSealed, ...summary } = found;
  const content = JSON.parse(deps.secrets.open(contentSealed)) as { output: string; input: string };
  return { ...summary, ...content };
}
