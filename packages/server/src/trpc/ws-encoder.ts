import { randomUUID } from 'node:crypto';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The WebSocket message encoder: JSON, as tRPC's own, except that the event every subscriber
 * of a change receives is serialized once, not once per subscriber. A subscription's message is
 * `{id, jsonrpc, result: {type: 'data', id, data: {id, data: <event>}}}`; its envelope differs
 * per subscriber, the event object is the one the bus handed to all of them, so its JSON is
 * kept by object (a WeakMap: gone with the event) and spliced into the small envelope's.
 */
export function createWsEncoder() {
  const cache = new WeakMap<object, string>();
  const markerValue = `ocore-shared-${randomUUID()}`;
  const marker = JSON.stringify(markerValue);

  const splice = (envelope: unknown, json: string): string => {
    const text = JSON.stringify(envelope);
    const at = text.indexOf(marker);
    return `${text.slice(0, at)}${json}${text.slice(at + marker.length)}`;
  };

  return {
    encode(message: unknown): string {
      const result = isObject(message) ? message['result'] : undefined;
      if (!isObject(result) || result['type'] !== 'data' || !isObject(result['data'])) return JSON.stringify(message);
      const outer = result['data'];
      const tracked = 'id' in outer && isObject(outer['data']) ? outer : undefined;
      const shared = tracked ? (tracked['data'] as object) : outer;
      let json = cache.get(shared);
      if (json === undefined) {
        json = JSON.stringify(shared);
        if (json === undefined) return JSON.stringify(message);
        cache.set(shared, json);
      }
      const data = tracked ? { ...tracked, data: markerValue } : markerValue;
      return splice({ ...(message as object), result: { ...result, data } }, json);
    },
    decode(data: unknown): unknown {
      if (typeof data !== 'string') throw new Error('The WebSocket API speaks JSON in text frames');
      return JSON.parse(data);
    },
  };
}
