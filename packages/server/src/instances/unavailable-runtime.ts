import { RuntimeError, type ContainerRuntime, type ContainerRuntimes } from '@ocore/core';

/**
 * Until the Docker Engine adapter (dockerode over SSH) is wired in, every runtime call is
 * refused with that reason: an operation then fails saying so, never pretends to succeed.
 */
export function createUnavailableRuntimes(): ContainerRuntimes {
  const refuse = () => {
    throw new RuntimeError('connect to the Docker Engine', 'no container runtime adapter is configured', 'engine');
  };
  const runtime = new Proxy({} as ContainerRuntime, { get: () => refuse });
  return { forServer: () => runtime };
}
