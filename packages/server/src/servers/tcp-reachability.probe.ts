import { connect } from 'node:net';
import type { ReachabilityProbe } from '@ocore/core';

/** Reachability by opening a TCP connection to the server's SSH port. */
export function createTcpReachabilityProbe(): ReachabilityProbe {
  return {
    probe: (host, port, timeoutMs) =>
      new Promise((resolve) => {
        const socket = connect({ host, port });
        const finish = (result: { reachable: true } | { reachable: false; error: string }) => {
          socket.destroy();
          resolve(result);
        };
        socket.setTimeout(timeoutMs, () =>
          finish({ reachable: false, error: `no answer from ${host}:${port} within ${timeoutMs / 1000} s` }),
        );
        socket.once('connect', () => finish({ reachable: true }));
        socket.once('error', (err: NodeJS.ErrnoException) =>
          finish({ reachable: false, error: `${host}:${port}: ${err.code ?? err.message}` }),
        );
      }),
  };
}
