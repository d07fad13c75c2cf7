import { describe, expect, it } from 'vitest';
import { createWsEncoder } from './ws-encoder.js';

const event = {
  id: '42',
  organizationId: 'org',
  type: 'portal_domain.status',
  payload: { domain: { host: 'a.example', note: 'quote " and \u2028 and ocore-shared-' } },
  createdAt: '2026-11-24T00:00:00.000Z',
};

describe('the WebSocket encoder', () => {
  it('gives the same JSON as JSON.stringify for subscription data, tracked or not, and for everything else', () => {
    const encoder = createWsEncoder();
    const messages: unknown[] = [
      { id: 1, jsonrpc: '2.0', result: { type: 'data', id: '42', data: { id: '42', data: event } } },
      { id: 7, jsonrpc: '2.0', result: { type: 'data', data: event } },
      { id: 3, jsonrpc: '2.0', result: { type: 'started' } },
      { id: 3, jsonrpc: '2.0', result: { type: 'data', data: 'text' } },
      { id: 9, error: { message: 'nope', code: -32600 } },
      { id: null, method: 'reconnect' },
      { id: 2, result: { type: 'data', id: '5', data: { id: '5', data: { when: new Date(0), skip: undefined } } } },
    ];
    for (const message of messages)
      expect(JSON.parse(encoder.encode(message))).toEqual(JSON.parse(JSON.stringify(message)));
    expect(encoder.encode(messages[0])).toBe(JSON.stringify(messages[0]));
  });

  it('serializes an event shared by many subscribers once', () => {
    const encoder = createWsEncoder();
    let calls = 0;
    const shared = { ...event, toJSON: () => (calls++, { id: event.id }) };
    for (let subscription = 1; subscription <= 100; subscription++) {
      const text = encoder.encode({
        id: subscription,
        jsonrpc: '2.0',
        result: { type: 'data', id: '42', data: { id: '42', data: shared } },
      });
      expect(JSON.parse(text)).toEqual({
        id: subscription,
        jsonrpc: '2.0',
        result: { type: 'data', id: '42', data: { id: '42', data: { id: '42' } } },
      });
    }
    expect(calls).toBe(1);
  });

  it('refuses binary frames', () => {
    expect(() => createWsEncoder().decode(Buffer.from('{}'))).toThrow(/text frames/);
    expect(createWsEncoder().decode('{"a":1}')).toEqual({ a: 1 });
  });
});
