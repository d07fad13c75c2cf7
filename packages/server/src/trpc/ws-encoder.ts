import { randomUUID } from 'node:crypto';
import { jsonOnce } from '../shared/json-once.js';
import type { TransportLimits } from '../config/config.js';
import { assertBatchWithinBounds } from './request-bounds.js';
import { sharedTextMessage, type SharedTextMessage } from './ws-frames.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Subscription ids are the client's: a string or a number. */
export type SubscriptionId = string | number;

const markerValue = `ocore-shared-${randomUUID()}`;
const marker = JSON.stringify(markerValue);

function splice(envelope: unknown, json: string): string {
  const text = JSON.stringify(envelope);
  const at = text.indexOf(marker);
  return `${text.slice(0, at)}${json}${text.slice(at + marker.length)}`;
}

/**
 * The WebSocket message encoder: JSON, as tRPC's own, except that the event every subscriber
 * of a change receives is serialized once, not once per subscriber. A subscription's message is
 * `{id, jsonrpc, result: {type: 'data', id, data: {id, data: <event>}}}`; its envelope differs
 * per subscriber, the event object is the one the bus handed to all of them, so its JSON is
 * kept by object and spliced into the small envelope's.
 *
 * It also tells a subscription that claimed it (`claimStartedMessage`) its id, from the
 * `started` message tRPC sends for it.
 */
export function createWsEncoder(limits?: Pick<TransportLimits, 'batchMaxCalls' | 'batchMaxCost'>) {
  return {
    encode(message: unknown): string {
      const result = isObject(message) ? message['result'] : undefined;
      if (isObject(result) && result['type'] === 'started') tellClaimant(message as { id: unknown; jsonrpc?: unknown });
      return encodeMessage(message);
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

/** A message as JSON, a subscription's event spliced in from its kept JSON. */
function encodeMessage(message: unknown): string {
  const result = isObject(message) ? message['result'] : undefined;
  if (!isObject(result) || result['type'] !== 'data' || !isObject(result['data'])) return JSON.stringify(message);
  const outer = result['data'];
  const tracked = 'id' in outer && isObject(outer['data']) ? outer : undefined;
  const shared = tracked ? (tracked['data'] as object) : outer;
  // The event every subscriber of a change receives: its JSON is made once, kept by object.
  const json = jsonOnce(shared);
  if (json === undefined) return JSON.stringify(message);
  const data = tracked ? { ...tracked, data: markerValue } : markerValue;
  return splice({ ...(message as object), result: { ...result, data } }, json);
}

/** Where a subscription's live events go without tRPC: its own id, in the client's form. */
export interface SubscriptionAddress {
  id: SubscriptionId;
  jsonrpc: '2.0' | undefined;
  /** The address as text, made once: subscribers with the same one share each event's message. */
  key: string;
}

let claimant: ((address: SubscriptionAddress) => void) | null = null;

/**
 * Asks for the id of the subscription whose iterator is being started right now. tRPC's
 * WebSocket handler calls the iterator's first `next()` and then, in the same synchronous run,
 * sends that subscription's `started` message, which carries the client's id. The claim lapses
 * at the end of that run: anything else (a caller without tRPC, another tRPC version that does
 * it differently) gets no address and the events keep going through tRPC.
 */
export function claimStartedMessage(tell: (address: SubscriptionAddress) => void): void {
  claimant = tell;
  queueMicrotask(() => {
    if (claimant === tell) claimant = null;
  });
}

function tellClaimant(message: { id: unknown; jsonrpc?: unknown }) {
  const tell = claimant;
  claimant = null;
  if (!tell || (typeof message.id !== 'string' && typeof message.id !== 'number')) return;
  const jsonrpc = message.jsonrpc === '2.0' ? '2.0' : undefined;
  tell({ id: message.id, jsonrpc, key: `${typeof message.id}:${message.id}:${jsonrpc ?? ''}` });
}

/** Messages of one event by subscription address: subscribers that use the same id share one. */
const messagesByEvent = new WeakMap<object, Map<string, SharedTextMessage>>();

/**
 * The message tRPC would send for `tracked(event.id, event)` to the subscription at `address`,
 * made once per event and id whatever the number of subscribers.
 */
export function trackedDataMessage(address: SubscriptionAddress, event: { id: string }): SharedTextMessage {
  let messages = messagesByEvent.get(event);
  if (!messages) messagesByEvent.set(event, (messages = new Map<string, SharedTextMessage>()));
  let message = messages.get(address.key);
  if (!message) {
    // The response tRPC makes for a tracked value, encoded as the encoder encodes it.
    const response = {
      id: address.id,
      jsonrpc: address.jsonrpc,
      result: { type: 'data', id: event.id, data: { id: event.id, data: event } },
    };
    message = sharedTextMessage(encodeMessage(response));
    messages.set(address.key, message);
  }
  return message;
}
