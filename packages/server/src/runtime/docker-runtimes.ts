import type { ContainerRuntime, ContainerRuntimes, SshTarget } from '@ocore/core';
import Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { DockerContainerRuntime, type EngineConnection } from './docker-container-runtime.js';
import { dockerSocketPath, openDockerTunnel, type DockerTunnel } from './ssh-docker-transport.js';
import type { RegistryCredentials } from './registry-auth.js';

export interface DockerRuntimesOptions {
  /** How long the SSH connection (TCP, key exchange, login) may take. */
  connectTimeoutMs?: number;
  /** A private registry's login (OCORE_REGISTRY_*), sent with pulls from that registry only. */
  registry?: RegistryCredentials;
}

/** A pooled runtime factory: the runtimes of every server, and closing their connections. */
export interface DockerRuntimes extends ContainerRuntimes {
  /** Ends every SSH connection (at shutdown, and in tests). */
  closeAll(): void;
}

/**
 * The runtimes of the agency's servers: Docker Engine API calls carried over one SSH connection
 * per server (the server's stored credentials, its pinned host key), opened at the first call
 * and opened again after it drops. Credentials or pin changed means another connection.
 */
export function createDockerRuntimes(options: DockerRuntimesOptions = {}): DockerRuntimes {
  const tunnels = new Map<string, Promise<DockerTunnel>>();

  const connect = async (target: SshTarget): Promise<EngineConnection> => {
    const key = createHash('sha256').update(JSON.stringify(target)).digest('hex');
    let pending = tunnels.get(key);
    if (pending) {
      const tunnel = await pending.catch(() => undefined);
      if (!tunnel?.isOpen()) {
        // Callers that waited on the same dropped tunnel share one new connection, not one each.
        if (tunnels.get(key) === pending) tunnels.delete(key);
        pending = tunnels.get(key);
      }
    }
    if (!pending) {
      pending = openDockerTunnel(target, options.connectTimeoutMs);
      tunnels.set(key, pending);
      // A failed attempt is not kept: the next call tries again.
      pending.catch(() => tunnels.get(key) === pending && tunnels.delete(key));
    }
    const tunnel = await pending;
    return {
      // docker-modem takes an http.Agent (its `agent` option), which @types/dockerode does not list.
      docker: new Docker({ protocol: 'http', host: 'docker', port: 80, agent: tunnel.agent } as Docker.DockerOptions),
      hostKey: tunnel.hostKey,
    };
  };

  return {
    forServer: (target) => new DockerContainerRuntime(() => connect(target), options.registry),
    closeAll: () => {
      for (const pending of tunnels.values()) void pending.then((t) => t.close()).catch(() => undefined);
      tunnels.clear();
    },
  };
}

/** The engine of the control plane's own host, through its local socket (no SSH, no host key). */
export function localContainerRuntime(socketPath = dockerSocketPath, registry?: RegistryCredentials): ContainerRuntime {
  const docker = new Docker({ socketPath });
  return new DockerContainerRuntime(() => Promise.resolve({ docker, hostKey: null }), registry);
}
