import type { Duplex } from 'node:stream';
import * as wsExports from 'ws';
import { WebSocket } from 'ws';

interface FrameOptions {
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
}

/** ws's own frame builder: the package exports it (`Sender`), its type declarations do not. */
const { Sender } = wsExports as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };
const textOpcode = 1;

/** The connection under each server-side WebSocket, as the HTTP server's upgrade handed it over. */
const connections = new WeakMap<WebSocket, Duplex>();

/** Called by the upgrade handler with each WebSocket it accepts and the connection under it. */
export function rememberConnection(ws: WebSocket, connection: Duplex): void {
  connections.set(ws, connection);
}

/** A text message made once for many sockets: its UTF-8 payload, and the whole frame a server sends for it. */
export interface SharedTextMessage {
  payload: Buffer;
  frame: Buffer;
}

export function sharedTextMessage(text: string): SharedTextMessage {
  const payload = Buffer.from(text);
  const frame = Buffer.concat(
    Sender.frame(payload, { fin: true, rsv1: false, opcode: textOpcode, mask: false, readOnly: false }),
  );
  return { payload, frame };
}

/**
 * Where shared messages for `ws` may be written as whole frames: the connection under it. ws
 * writes each of its own frames whole, in one synchronous call, so a frame written between two
 * of them cannot split one. None with an extension negotiated (compression, whose frames ws may
 * still be making) or no connection known: then ws sends them. Fixed once the socket is open,
 * so a sender of many messages looks it up once.
 */
export function directConnection(ws: WebSocket): Duplex | undefined {
  return ws.extensions === '' ? connections.get(ws) : undefined;
}

/**
 * Sends a shared text message on an open WebSocket. Server frames are not masked, so the frame
 * is the same bytes for every socket: it goes to the connection in one write, instead of ws
 * framing it again per socket (a header, a cork, two writes).
 */
export function sendSharedText(
  ws: WebSocket,
  message: SharedTextMessage,
  connection: Duplex | undefined = directConnection(ws),
): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  if (connection?.writable) connection.write(message.frame);
  else ws.send(message.payload, { binary: false });
}
