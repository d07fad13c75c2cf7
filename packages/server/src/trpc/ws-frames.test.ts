import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer, type PerMessageDeflateOptions } from 'ws';
import { rememberConnection, sendSharedText, sharedTextMessage } from './ws-frames.js';

const servers: Server[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  // Upgraded connections are no longer the HTTP server's: they are ended here.
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A WebSocket server upgraded as http-server.ts does, and one client connected to it; its messages in order. */
async function connectedPair(perMessageDeflate: boolean | PerMessageDeflateOptions = false) {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate });
  const server = createServer();
  servers.push(server);
  const accepted = new Promise<{ ws: WebSocket; connection: Socket }>((resolve) =>
    server.on('upgrade', (req, connection: Socket, head) =>
      wss.handleUpgrade(req, connection, head, (ws) => {
        rememberConnection(ws, connection);
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

describe('shared text messages', () => {
  it('are the frame a server sends for the text: unmasked, final, text, with the length in the header', () => {
    const short = sharedTextMessage('héllo');
    expect(short.payload.toString('utf8')).toBe('héllo');
    expect([...short.frame.subarray(0, 2)]).toEqual([0x81, 6]);
    expect(short.frame.subarray(2)).toEqual(short.payload);

    const long = sharedTextMessage('x'.repeat(1000));
    expect([...long.frame.subarray(0, 4)]).toEqual([0x81, 126, 1000 >> 8, 1000 & 255]);
    expect(long.frame.length).toBe(1004);
  });

  it("reach the client as text, in order with ws's own messages and pings", async () => {
    const { ws, received } = await connectedPair();
    const shared = sharedTextMessage(JSON.stringify({ n: 2, text: 'shared by many sockets ✓' }));
    ws.send('one');
    sendSharedText(ws, shared);
    ws.ping();
    ws.send('three');
    sendSharedText(ws, sharedTextMessage('x'.repeat(70_000)));
    ws.send(Buffer.from('five'), { binary: true });
    await expect.poll(() => received.length).toBe(5);
    expect(received.map((m) => m.text)).toEqual([
      'one',
      '{"n":2,"text":"shared by many sockets ✓"}',
      'three',
      'x'.repeat(70_000),
      'five',
    ]);
    expect(received.map((m) => m.binary)).toEqual([false, false, false, false, true]);
  });

  it('go through ws when compression was negotiated, so that they wait for the messages ws is still compressing', async () => {
    // Compressed messages are made asynchronously; a frame written straight to the connection would overtake them.
    const { ws, received } = await connectedPair({ threshold: 0 });
    expect(ws.extensions).toContain('permessage-deflate');
    ws.send('a'.repeat(50_000));
    sendSharedText(ws, sharedTextMessage('after the big one'));
    await expect.poll(() => received.length).toBe(2);
    expect(received.map((m) => m.text.slice(0, 20))).toEqual(['a'.repeat(20), 'after the big one']);
  });

  it('are not written once the socket is closing: nothing may follow the close frame', async () => {
    const { ws, connection, client, received } = await connectedPair();
    const closed = new Promise((resolve) => client.once('close', resolve));
    ws.close(1000, 'bye');
    const written = connection.bytesWritten;
    sendSharedText(ws, sharedTextMessage('too late'));
    expect(connection.bytesWritten).toBe(written);
    await closed;
    expect(received).toEqual([]);
  });
});
