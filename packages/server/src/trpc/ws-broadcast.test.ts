import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer, type PerMessageDeflateOptions } from 'ws';
import { BroadcastWebSocket, createWsEncoder } from './ws-broadcast.js';

const event = {
  id: '42',
  organizationId: 'org',
  type: 'portal_domain.status',
  payload: { domain: { host: 'a.example', note: 'quote " and \u2028 and ocore-shared-' } },
  createdAt: '2026-11-24T00:00:00.000Z',
};

/** The response tRPC's WebSocket handler makes for `tracked(event.id, event)`, keys in its order. */
const trackedResponse = (id: string | number, data: object, jsonrpc?: '2.0') => ({
  id,
  jsonrpc,
  result: { type: 'data', data: { id: '42', data }, id: '42' },
});

const text = (encoded: string | Buffer) => (typeof encoded === 'string' ? encoded : encoded.toString('utf8'));

describe('the WebSocket encoder', () => {
  it('gives the same JSON as JSON.stringify for subscription data, tracked or not, and for everything else', () => {
    const encoder = createWsEncoder();
    const messages: unknown[] = [
      trackedResponse(1, event, '2.0'),
      trackedResponse('one', event),
      { id: 7, jsonrpc: '2.0', result: { type: 'data', data: event } },
      { id: 3, jsonrpc: '2.0', result: { type: 'started' } },
      { id: 3, jsonrpc: '2.0', result: { type: 'data', data: 'text' } },
      { id: 9, error: { message: 'nope', code: -32600 } },
      { id: null, method: 'reconnect' },
      { id: 2, result: { type: 'data', id: '5', data: { id: '5', data: { when: new Date(0), skip: undefined } } } },
    ];
    for (const message of messages) expect(text(encoder.encode(message))).toBe(JSON.stringify(message));
  });

  it('makes the message of an event once per envelope, and its JSON once for all of them', () => {
    const encoder = createWsEncoder();
    let calls = 0;
    const shared = { ...event, toJSON: () => (calls++, { id: event.id }) };
    const first = encoder.encode(trackedResponse(1, shared, '2.0'));
    for (let subscriber = 0; subscriber < 100; subscriber++) {
      expect(encoder.encode(trackedResponse(1, shared, '2.0'))).toBe(first);
    }
    const other = encoder.encode(trackedResponse(2, shared, '2.0'));
    expect(other).not.toBe(first);
    expect(JSON.parse(text(other))).toEqual({
      id: 2,
      jsonrpc: '2.0',
      result: { type: 'data', id: '42', data: { id: '42', data: { id: '42' } } },
    });
    expect(calls).toBe(1);
  });

  it('refuses binary frames', () => {
    expect(() => createWsEncoder().decode(Buffer.from('{}'))).toThrow(/text frames/);
    expect(createWsEncoder().decode('{"a":1}')).toEqual({ a: 1 });
  });
});

const servers: Server[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A server with BroadcastWebSocket, as http-server.ts makes it, and one client; the client's messages in order. */
async function connectedPair(perMessageDeflate: boolean | PerMessageDeflateOptions = false) {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate, WebSocket: BroadcastWebSocket });
  const server = createServer();
  servers.push(server);
  const accepted = new Promise<{ ws: WebSocket; connection: Socket }>((resolve) =>
    server.on('upgrade', (req, connection: Socket, head) =>
      wss.handleUpgrade(req, connection, head, (ws) => {
        sockets.push(ws);
        resolve({ ws, connection });
      }),
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: perMessageDeflate !== false });
  sockets.push(client);
  const received: { text: string; binary: boolean }[] = [];
  client.on('message', (data: Buffer, binary) => received.push({ text: data.toString('utf8'), binary }));
  await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
  return { ...(await accepted), client, received };
}

const encoder = createWsEncoder();
const shared = (data: object) => encoder.encode(trackedResponse(1, data));

describe('a shared message on a BroadcastWebSocket', () => {
  it("is written as its prebuilt text frame, one write, in order with ws's own messages and pings", async () => {
    const { ws, connection, received } = await connectedPair();
    const big = { pad: 'x'.repeat(70_000) };
    ws.send('one');
    const before = connection.bytesWritten;
    const message = shared({ n: 2, text: 'shared by many sockets ✓' });
    ws.send(message);
    // The frame: FIN and the text opcode, the length, the payload; written whole.
    expect(connection.bytesWritten - before).toBe(2 + Buffer.byteLength(text(message)));
    ws.ping();
    ws.send('three');
    ws.send(shared(big));
    ws.send(Buffer.from('five'), { binary: true });
    await expect.poll(() => received.length).toBe(5);
    expect(received.map((m) => m.text)).toEqual(['one', text(message), 'three', text(shared(big)), 'five']);
    expect(received.map((m) => m.binary)).toEqual([false, false, false, false, true]);
  });

  it('goes through ws when compression was negotiated, so that it waits for what ws is still compressing', async () => {
    // Compressed messages are made asynchronously; a frame written at once would overtake them.
    const { ws, received } = await connectedPair({ threshold: 0 });
    expect(ws.extensions).toContain('permessage-deflate');
    ws.send('a'.repeat(50_000));
    ws.send(shared({ after: 'the big one' }));
    await expect.poll(() => received.length).toBe(2);
    expect(received[0]?.text.slice(0, 3)).toBe('aaa');
    expect(JSON.parse(received[1]?.text ?? '')).toMatchObject({ result: { data: { data: { after: 'the big one' } } } });
    expect(received[1]?.binary).toBe(false);
  });

  it('is not written once the socket is closing: nothing may follow the close frame', async () => {
    const { ws, connection, client, received } = await connectedPair();
    const closed = new Promise((resolve) => client.once('close', resolve));
    ws.close(1000, 'bye');
    const written = connection.bytesWritten;
    ws.send(shared({ too: 'late' }));
    expect(connection.bytesWritten).toBe(written);
    await closed;
    expect(received).toEqual([]);
  });
});
