import { defaultDockerSocket, RuntimeError, type SshTarget } from '@ocore/core';
import { Agent } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { fingerprint } from '../topologies/deploy/ssh-node-executor.js';

export const dockerSocketPath = defaultDockerSocket;

/** One SSH connection to a server, carrying the Docker Engine API through its socket. */
export interface DockerTunnel {
  /** An http.Agent whose every connection is a stream to the server's Docker socket. */
  agent: Agent;
  /** The SHA256 fingerprint of the host key the server showed. */
  hostKey: string;
  /** False once the SSH connection has ended; a new tunnel is needed then. */
  isOpen(): boolean;
  close(): void;
}

const where = (t: SshTarget) => `${t.user}@${t.host}:${t.port}`;

function connectError(target: SshTarget, err: Error & { code?: string; level?: string }): RuntimeError {
  const step = `connect to ${where(target)} over SSH`;
  if (err.level === 'client-authentication')
    return new RuntimeError(step, 'the server did not accept the key or password', 'auth');
  if (err.code === 'ECONNREFUSED') return new RuntimeError(step, 'connection refused', 'unreachable');
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
    return new RuntimeError(step, 'the host name does not resolve', 'unreachable');
  if (err.level === 'client-timeout' || /timed out/i.test(err.message))
    return new RuntimeError(step, 'no answer in time', 'unreachable');
  return new RuntimeError(step, err.message, 'unreachable');
}

/**
 * Opens the SSH connection. The host key is checked against the pin in ssh2's `hostVerifier`,
 * which runs during the key exchange, before any user authentication: a server showing another
 * key never receives the key or password. With no pin the key is accepted and reported.
 */
export async function openDockerTunnel(target: SshTarget, connectTimeoutMs = 10_000): Promise<DockerTunnel> {
  // ssh2 loads at the first use, not at start-up.
  const { Client: SshClient } = await import('ssh2');
  const client: Client = new SshClient();
  let seen: string | undefined;
  let open = false;
  const login = new Promise<void>((resolve, reject) => {
    client.once('ready', () => {
      open = true;
      resolve();
    });
    // An 'error' with no listener would bring the process down; one listens for the client's whole life.
    client.on('error', (err) => {
      open = false;
      if (target.hostKey && seen && seen !== target.hostKey)
        reject(
          new RuntimeError(
            `connect to ${where(target)} over SSH`,
            `the SSH host key changed (pinned ${target.hostKey}, now ${seen}); nothing was sent to it. If the server ` +
              `was rebuilt, reset its pinned key with PUT /api/servers/{id} {"resetHostKey": true}`,
            'host_key_mismatch',
          ),
        );
      else reject(connectError(target, err));
    });
    client.on('close', () => {
      open = false;
      // A server that hangs up before the login (no error from ssh2) would otherwise leave this waiting for good.
      reject(
        new RuntimeError(`connect to ${where(target)} over SSH`, 'the server closed the connection', 'unreachable'),
      );
    });
    try {
      connectClient();
    } catch (err) {
      // ssh2 throws at once on a key it cannot read.
      reject(
        new RuntimeError(
          `connect to ${where(target)} over SSH`,
          `the stored SSH key cannot be used: ${(err as Error).message}`,
          'auth',
        ),
      );
    }
  });
  try {
    await login;
  } catch (err) {
    // A failed login leaves no socket behind (a server that hung up half-way would keep it open for good).
    client.destroy();
    throw err;
  }

  function connectClient(): void {
    client.connect({
      host: target.host,
      port: target.port,
      username: target.user,
      readyTimeout: connectTimeoutMs,
      keepaliveInterval: 15_000,
      hostVerifier: (key: Buffer) => {
        seen = fingerprint(key);
        return !target.hostKey || seen === target.hostKey;
      },
      ...(target.privateKey ? { privateKey: target.privateKey } : {}),
      ...(target.password ? { password: target.password } : {}),
    });
  }

  const agent = new Agent({ keepAlive: true, maxSockets: 32, maxFreeSockets: 8 });
  const socketPath = target.dockerSocket ?? dockerSocketPath;
  // http's own contract: the stream is handed over through the callback once the channel is open.
  (agent as unknown as { createConnection: unknown }).createConnection = (
    _options: unknown,
    callback: (err: Error | null, stream?: Duplex) => void,
  ) => {
    client.openssh_forwardOutStreamLocal(socketPath, (err, channel) => {
      if (err)
        return callback(
          new RuntimeError(
            `open the Docker Engine socket ${socketPath} on ${where(target)}`,
            `${err.message}. Is Docker installed and running there, listening on that socket (the server's ` +
              `dockerSocket setting), and may ${target.user} use it (root or the docker group)?`,
            'unreachable',
          ),
        );
      callback(null, asSocket(channel));
    });
    return undefined;
  };
  if (seen === undefined) throw new Error(`no host key was seen from ${target.host}:${target.port}`);
  return {
    agent,
    hostKey: seen,
    isOpen: () => open,
    close: () => {
      open = false;
      agent.destroy();
      client.end();
    },
  };
}

const noop = () => undefined;

/** What http.ClientRequest calls on a socket, which an SSH channel does not have. */
function asSocket(channel: Duplex): Duplex {
  const socket = channel as Duplex & Record<string, unknown>;
  for (const name of ['setKeepAlive', 'setNoDelay', 'setTimeout', 'ref', 'unref'])
    if (typeof socket[name] !== 'function') socket[name] = noop;
  return channel;
}
