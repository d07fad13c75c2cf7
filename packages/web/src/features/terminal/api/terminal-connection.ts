import type { TerminalKind } from '@ocore/core';
import { getToken } from '../../../lib/auth';
import { trpcClient } from '../../../lib/trpc';

/** A control message of the terminal socket (bytes travel as binary frames). */
export type TerminalControl =
  | { type: 'ready'; kind: TerminalKind; instanceId: string }
  | { type: 'exit'; exitCode: number | null }
  | { type: 'error'; code: string; message: string };

export interface TerminalHandlers {
  onOutput(bytes: Uint8Array): void;
  onControl(message: TerminalControl): void;
  onClose(code: number, reason: string): void;
}

export interface TerminalConnection {
  send(text: string): void;
  resize(columns: number, rows: number): void;
  close(): void;
}

const encoder = new TextEncoder();

/**
 * Asks for a one-time ticket (`terminals.open`, which refuses what the caller may not do with
 * the usual errors), then opens the terminal WebSocket and hands it the ticket and the token.
 */
export async function connectTerminal(
  request: { instanceId: string; kind: TerminalKind; columns: number; rows: number },
  handlers: TerminalHandlers,
): Promise<TerminalConnection> {
  const { ticket, path } = await trpcClient.terminals.open.mutate(request);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}${path}`);
  socket.binaryType = 'arraybuffer';
  let ready = false;
  const pending: (string | Uint8Array)[] = [];
  const deliver = (frame: string | Uint8Array) => {
    if (ready && socket.readyState === WebSocket.OPEN) socket.send(frame);
    else pending.push(frame);
  };
  socket.addEventListener('open', () => socket.send(JSON.stringify({ ticket, token: getToken() ?? '' })));
  socket.addEventListener('message', (event: MessageEvent<ArrayBuffer | string>) => {
    if (typeof event.data !== 'string') return handlers.onOutput(new Uint8Array(event.data));
    const message = JSON.parse(event.data) as TerminalControl;
    if (message.type === 'ready') {
      ready = true;
      // What was typed before the session was ready goes now, in order.
      for (const frame of pending.splice(0)) socket.send(frame);
    }
    handlers.onControl(message);
  });
  socket.addEventListener('close', (event) => handlers.onClose(event.code, event.reason));
  return {
    send: (text) => deliver(encoder.encode(text)),
    resize: (columns, rows) => deliver(JSON.stringify({ type: 'resize', columns, rows })),
    close: () => socket.close(1000, 'closed by the user'),
  };
}
