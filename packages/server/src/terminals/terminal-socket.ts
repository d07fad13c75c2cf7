import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { authenticate, isDomainError, requireActor, startTerminal } from '@ocore/core';
import { WebSocketServer, type WebSocket } from 'ws';
import { streamGuardOf } from '../events/stream-guard.js';
import type { AppDeps } from '../trpc/context.js';
import { terminalCloseCodes, TerminalSession } from './terminal-session.js';

/** Keystrokes and pastes are small; a larger frame is no terminal's. */
const maxFrameBytes = 64 * 1024;

/** The first message: the ticket from `terminals.open` and the bearer token it was issued to. */
function parseHello(data: Buffer): { ticket: string; token: string } | undefined {
  try {
    const hello = JSON.parse(data.toString('utf8')) as { ticket?: unknown; token?: unknown };
    return typeof hello.ticket === 'string' && typeof hello.token === 'string'
      ? { ticket: hello.ticket, token: hello.token }
      : undefined;
  } catch {
    return undefined;
  }
}

function refuse(socket: WebSocket, code: string, message: string): void {
  socket.send(JSON.stringify({ type: 'error', code, message }));
  socket.close(terminalCloseCodes.refused, code);
}

/**
 * The terminal WebSocket (`/terminal`), on the same http.Server as /trpc: the upgrade is
 * Origin-checked by the caller; the first message must come within the auth grace and hold a
 * ticket and the token it was issued to; then binary frames carry the terminal's bytes.
 */
export function createTerminalSocket(deps: AppDeps) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  const sessions = new Set<TerminalSession>();

  const open = async (socket: WebSocket, data: Buffer, ip: string | null) => {
    const hello = parseHello(data);
    if (!hello) return refuse(socket, 'INVALID_INPUT', 'first message: expected {"ticket": …, "token": …}');
    try {
      const actor = requireActor(await authenticate(deps, hello.token, ip));
      const opened = await startTerminal(deps, actor, hello.ticket);
      const session = new TerminalSession(deps, socket, hello.token, actor, opened, ip);
      if (socket.readyState !== socket.OPEN) return session.end('closed by the user', terminalCloseCodes.ended);
      sessions.add(session);
      socket.once('close', () => sessions.delete(session));
      try {
        session.start(streamGuardOf(deps.bus, deps.transport));
      } catch (error) {
        refuse(socket, 'RATE_LIMITED', (error as Error).message);
        session.end('refused: too many live sessions', terminalCloseCodes.refused);
      }
    } catch (error) {
      if (!isDomainError(error)) deps.log.error({ err: error }, 'terminal failed to open');
      refuse(socket, isDomainError(error) ? error.code : 'INTERNAL', (error as Error).message);
    }
  };

  return {
    handleUpgrade(req: IncomingMessage, raw: Duplex, head: Buffer, ip: string | null): void {
      wss.handleUpgrade(req, raw, head, (socket) => {
        const timer = setTimeout(
          () => refuse(socket, 'UNAUTHENTICATED', 'send the ticket first'),
          deps.transport.wsAuthGraceMs,
        );
        timer.unref();
        socket.once('close', () => clearTimeout(timer));
        socket.once('message', (data, isBinary) => {
          clearTimeout(timer);
          if (isBinary) return refuse(socket, 'INVALID_INPUT', 'first message: expected the ticket as JSON text');
          void open(socket, Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer), ip);
        });
      });
    },
    /** Ends every session, and resolves once each wrote its audit entry. */
    async close(): Promise<void> {
      const live = [...sessions];
      for (const session of live) session.end('the server shut down', 1001);
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      await Promise.all(live.map((session) => session.recorded ?? Promise.resolve()));
    },
  };
}
