import {
  authenticate,
  authorizeTerminal,
  isDomainError,
  recordTerminalSession,
  requireActor,
  type Actor,
  type OpenedTerminal,
} from '@ocore/core';
import { decodeJwt } from 'jose';
import { WebSocket, type RawData } from 'ws';
import type { GuardedStream, StreamGuard } from '../events/stream-guard.js';
import type { AppDeps } from '../trpc/context.js';

/** Close codes of the terminal socket beyond the standard ones. */
export const terminalCloseCodes = { ended: 1000, refused: 1008, idle: 4001, tooLong: 4002, revoked: 4003 } as const;

/** When a session token stops being valid, in ms since the epoch (API keys do not expire). */
function expiryOf(token: string): number | undefined {
  try {
    const exp = decodeJwt(token).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** A control message from the browser: only resizing (input is binary frames). */
function parseResize(text: string): { columns: number; rows: number } | undefined {
  try {
    const message = JSON.parse(text) as { type?: unknown; columns?: unknown; rows?: unknown };
    const { columns, rows } = message;
    if (message.type !== 'resize' || !Number.isInteger(columns) || !Number.isInteger(rows)) return undefined;
    const [c, r] = [columns as number, rows as number];
    return c >= 10 && c <= 500 && r >= 5 && r <= 200 ? { columns: c, rows: r } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One open terminal: relays bytes between the socket and the exec session, ends it when the
 * process exits, the socket closes, it idles or lasts too long, or the user loses access
 * (the process's StreamGuard has it check again on any event that may change access), and
 * writes its one audit entry at the end.
 */
export class TerminalSession implements GuardedStream {
  readonly userId: string;
  readonly organizationIds: readonly string[];
  private ended = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly maxTimer: NodeJS.Timeout;
  private release: () => void = () => undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  /** The audit entry's write, once the session ended. */
  recorded: Promise<void> | undefined;

  constructor(
    private readonly deps: AppDeps,
    private readonly socket: WebSocket,
    private readonly token: string,
    private readonly actor: Actor,
    private readonly opened: OpenedTerminal,
    private readonly ip: string | null,
  ) {
    this.userId = actor.userId;
    this.organizationIds = [actor.organizationId, ...(actor.agencyOrganizationId ? [actor.agencyOrganizationId] : [])];
    this.maxTimer = setTimeout(
      () => this.end('maximum session length reached', terminalCloseCodes.tooLong),
      deps.terminalLimits.maxMs,
    );
    this.maxTimer.unref();
    this.touch();
    // A session lasts no longer than its token: at its expiry the check ends it.
    const expiresAt = expiryOf(token);
    if (expiresAt !== undefined) {
      this.expiryTimer = setTimeout(() => this.recheck(), Math.max(0, expiresAt - Date.now()) + 1000);
      this.expiryTimer.unref();
    }
  }

  /** Starts relaying; `guard` admits it (or refuses it over the limits). */
  start(guard: StreamGuard): void {
    this.release = guard.admit(this, this.socket);
    this.socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.socket.on('close', () => this.end('closed by the user', terminalCloseCodes.ended));
    this.send({ type: 'ready', kind: this.opened.grant.kind, instanceId: this.opened.grant.instanceId });
    void this.pump();
    void this.opened.session.done.then(({ exitCode }) => {
      this.send({ type: 'exit', exitCode });
      this.end(`the process exited (${exitCode ?? 'killed'})`, terminalCloseCodes.ended);
    });
  }

  recheck(): void {
    void this.check();
  }

  private async check(): Promise<void> {
    try {
      const actor = requireActor(await authenticate(this.deps, this.token, this.ip));
      if (actor.organizationId !== this.actor.organizationId) throw new Error('organization changed');
      await authorizeTerminal(this.deps, actor, this.opened.grant.instanceId, this.opened.grant.kind);
    } catch (error) {
      const code = isDomainError(error) ? error.code : 'ACCESS_REVOKED';
      this.send({ type: 'error', code, message: (error as Error).message });
      this.end(`access ended (${code})`, terminalCloseCodes.revoked);
    }
  }

  private async pump(): Promise<void> {
    try {
      for await (const chunk of this.opened.session.output) {
        if (this.ended) break;
        this.opened.transcript?.recordOutput(chunk);
        this.socket.send(chunk, { binary: true });
      }
    } catch {
      // The session's end is reported by `done`.
    }
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.ended) return;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) {
      this.touch();
      this.opened.transcript?.recordInput(bytes);
      this.opened.session.write(bytes);
      return;
    }
    const size = parseResize(bytes.toString('utf8'));
    if (!size)
      return this.send({
        type: 'error',
        code: 'INVALID_INPUT',
        message: 'control: expected {"type":"resize","columns":10-500,"rows":5-200}',
      });
    this.opened.session.resize(size.columns, size.rows).catch(() => undefined);
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(
      () => this.end('idle timeout', terminalCloseCodes.idle),
      this.deps.terminalLimits.idleMs,
    );
    this.idleTimer.unref();
  }

  private send(message: Record<string, unknown>): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  /** Ends the session once: the process, the socket, the timers, and the audit entry. */
  end(reason: string, code: number): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
    clearTimeout(this.expiryTimer);
    this.release();
    this.opened.session.close();
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(code, reason.slice(0, 120));
    this.recorded = recordTerminalSession(this.deps, this.actor, this.opened, reason).catch((error: unknown) =>
      this.deps.log.error({ err: error }, 'terminal session audit failed'),
    );
  }
}
