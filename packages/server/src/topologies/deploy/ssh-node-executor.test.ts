import type { NodePlan } from '@ocore/core';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTcpReachabilityProbe } from '../../servers/tcp-reachability.probe.js';
import { createSshNodeExecutor } from './ssh-node-executor.js';

/** A TCP server that accepts SSH connections and never speaks; `hangUp` drops them all. */
async function silentServer(): Promise<{ port: number; hangUp(): void; server: Server }> {
  const held = new Set<Socket>();
  const server = createServer((socket) => {
    held.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server, hangUp: () => held.forEach((s) => s.destroy()) };
}

const plan: NodePlan = {
  nodeId: 'lb',
  kind: 'load-balancer',
  server: { id: 's', name: 'lb-1', host: '127.0.0.1' },
  healthPort: 1,
  publishIp: null,
  settings: { kind: 'load-balancer', lbType: 'haproxy', listenPort: 1, backends: [] },
};

describe('the SSH node executor against a server that never answers', () => {
  let silent: Awaited<ReturnType<typeof silentServer>> | undefined;
  afterEach(() => void silent?.server.close());

  it('fails the step on the timeout and survives the peer hanging up afterwards', async () => {
    silent = await silentServer();
    const uncaught: Error[] = [];
    const onUncaught = (err: Error) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const executor = createSshNodeExecutor({ reachability: createTcpReachabilityProbe(), connectTimeoutMs: 300 });
      const target = {
        host: '127.0.0.1',
        port: silent.port,
        user: 'root',
        privateKey: null,
        password: 'secret',
        hostKey: null,
      };
      const result = await executor.check(target, plan, '/srv/ocore/lb');
      expect(result).toEqual({
        ok: false,
        reason: `cannot reach root@127.0.0.1:${silent.port} over SSH: no answer in time`,
      });
      // ssh2 reports the lost connection as a second error; unheard, it would kill the process.
      silent.hangUp();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
