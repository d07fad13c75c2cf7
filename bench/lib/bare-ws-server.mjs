// The baseline of the fan-out benchmark: a bare `ws` server in its own process that sends
// one message to every connected socket. Over IPC:
//   { id, cmd: 'memory' }              -> after full GCs (needs --expose-gc): memoryUsage()
//   { id, cmd: 'broadcast', message }  -> sends `message` to every socket
//   { id, cmd: 'usage' }               -> CPU time so far and involuntary context switches
import { WebSocketServer } from 'ws';
import { usage } from './usage.mjs';

const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT) });

async function answer(msg) {
  if (msg.cmd === 'memory') {
    for (let i = 0; i < 3; i++) {
      globalThis.gc?.();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { memory: process.memoryUsage(), clients: wss.clients.size };
  }
  if (msg.cmd === 'usage') return usage();
  if (msg.cmd === 'broadcast') {
    for (const ws of wss.clients) ws.send(msg.message);
    return {};
  }
  throw new Error(`unknown command ${msg.cmd}`);
}

process.on('message', (msg) => {
  answer(msg).then(
    (result) => process.send?.({ id: msg.id, ok: true, ...result }),
    (error) => process.send?.({ id: msg.id, ok: false, error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
wss.on('listening', () => process.send?.({ type: 'ready' }));
