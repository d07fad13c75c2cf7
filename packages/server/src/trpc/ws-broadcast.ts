import { randomUUID } from 'node:crypto';
import * as wsExports from 'ws';
import { WebSocket } from 'ws';
import type { TransportLimits } from '../config/config.js';
import { jsonOnce } from '../shared/json-once.js';
import { assertBatchWithinBounds } from './request-bounds.js';

/**
 * Broadcast framing for tRPC's WebSocket subscriptions, the way engine.io sends a broadcast
 * (socket.io `packages/engine.io/lib/transports/websocket.ts`, `wsPreEncodedFrame`): a message
 * that many subscribers receive is encoded and framed once, and each socket's own ws sender
 * writes those bytes. Everything else is tRPC's standard path: the subscription is an async
 * generator yielding `tracked(id, event)`, tRPC makes the response and calls the encoder and
 * `socket.send` for each subscriber; only what those two do for a shared event changes here.
 */

interface FrameOptions {
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
}

/** ws's own frame builder: the package exports it (`Sender`), its type declarations do not. */
const { Sender } = wsExports as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };
const textFrame: FrameOptions = { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false };

/** The part of ws's per-socket sender engine.io uses for pre-encoded frames (not in ws's types). */
interface FrameSender {
  sendFrame(list: Buffer[], cb?: (error?: Error) => void): void;
}

/** The whole frame of each shared message, by its payload (the object the encoder hands tRPC). */
const frames = new WeakMap<Buffer, Buffer[]>();
/** Shared messages of one event, by envelope (subscription id and jsonrpc). */
const messagesByEvent = new WeakMap<object, Map<string, Buffer<ArrayBuffer>>>();

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const markerValue = `ocore-shared-${randomUUID()}`;
const marker = JSON.stringify(markerValue);

/**
 * The server's WebSocket class (`new WebSocketServer({ WebSocket: BroadcastWebSocket })`): a
 * shared message goes out as its prebuilt text frame through the socket's own sender, which
 * writes frames whole and in order with ws's other frames. With compression negotiated the
 * frame would differ per socket, and once closing nothing may be sent: then ws sends it.
 */
export class BroadcastWebSocket extends WebSocket {
  override send(data: Parameters<WebSocket['send']>[0], cb?: (error?: Error) => void): void;
  override send(
    data: Parameters<WebSocket['send']>[0],
    options: Parameters<WebSocket['send']>[1],
    cb?: (error?: Error) => void,
  ): void;
  override send(data: Parameters<WebSocket['send']>[0], ...rest: unknown[]): void {
    const frame = Buffer.isBuffer(data) ? frames.get(data) : undefined;
    const cb = rest.find((arg): arg is (error?: Error) => void => typeof arg === 'function');
    if (!frame) return super.send(data, ...(rest as [Parameters<WebSocket['send']>[1]]));
    if (this.readyState === WebSocket.OPEN && this.extensions === '') {
      return (this as unknown as { _sender: FrameSender })._sender.sendFrame(frame, cb);
    }
    super.send(data, { binary: false }, cb);
  }
}

/**
 * tRPC's WebSocket encoder: JSON, as tRPC's own, except for a subscription's tracked event.
 * Its message `{id, jsonrpc, result: {type: 'data', id, data: {id, data: <event>}}}` differs
 * between subscribers only in the envelope, and subscribers that use the same subscription id
 * (most: clients number their subscriptions from 1) get the very same bytes. Those are made
 * once per event and envelope, with their frame, and handed to tRPC as a Buffer that
 * `BroadcastWebSocket` recognizes. The event's own JSON is made once for all envelopes.
 */
export function createWsEncoder(limits?: Pick<TransportLimits, 'batchMaxCalls' | 'batchMaxCost'>) {
  return {
    encode(message: unknown): string | Buffer<ArrayBuffer> {
      return sharedMessage(message) ?? JSON.stringify(message);
    },
    decode(data: unknown): unknown {
      if (typeof data !== 'string') throw new Error('The WebSocket API speaks JSON in text frames');
      const parsed: unknown = JSON.parse(data);
      // An array of messages is a batch: bounded as tRPC's HTTP batches are.
      if (limits && Array.isArray(parsed)) assertBatchWithinBounds(parsed.map(callPath), limits);
      return parsed;
    },
  };
}

/** The procedure a WebSocket message calls (`params.path`), or '' for another message. */
function callPath(message: unknown): string {
  const params = isObject(message) ? message['params'] : undefined;
  const path = isObject(params) ? params['path'] : undefined;
  return typeof path === 'string' ? path : '';
}

function hasKeys(value: object, most: number): boolean {
  let count = 0;
  for (const key in value) if (Object.hasOwn(value, key) && ++count > most) return false;
  return true;
}

/** The shared message for a tracked event, made at its first subscriber; undefined for any other message. */
function sharedMessage(message: unknown): Buffer<ArrayBuffer> | undefined {
  const result = isObject(message) ? message['result'] : undefined;
  if (!isObject(result) || result['type'] !== 'data' || !isObject(result['data'])) return undefined;
  const tracked = result['data'];
  const event = tracked['data'];
  const { id, jsonrpc } = message as { id?: unknown; jsonrpc?: unknown };
  if (!isObject(event) || typeof tracked['id'] !== 'string' || (typeof id !== 'string' && typeof id !== 'number'))
    return undefined;
  // Exactly the envelope tRPC makes for a tracked value, so that the key below says all of it.
  if (!hasKeys(message as object, 3) || !hasKeys(result, 3) || !hasKeys(tracked, 2)) return undefined;
  const key = `${typeof id}:${id}:${String(jsonrpc)}:${String(result['id'])}:${tracked['id']}`;
  let messages = messagesByEvent.get(event);
  if (!messages) messagesByEvent.set(event, (messages = new Map<string, Buffer<ArrayBuffer>>()));
  let payload = messages.get(key);
  if (!payload) {
    const json = jsonOnce(event);
    if (json === undefined) return undefined;
    // The envelope as JSON.stringify orders it, with the event's kept JSON in place of a marker.
    const text = JSON.stringify({
      ...(message as object),
      result: { ...result, data: { ...tracked, data: markerValue } },
    });
    const at = text.indexOf(marker);
    payload = Buffer.from(`${text.slice(0, at)}${json}${text.slice(at + marker.length)}`);
    frames.set(payload, [Buffer.concat(Sender.frame(payload, textFrame))]);
    messages.set(key, payload);
  }
  return payload;
}
