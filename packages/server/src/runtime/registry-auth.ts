import type { SecretBox } from '@ocore/core';

/**
 * The registry an image reference pulls from, as Docker reads it: the first part of the name
 * when it is a host (has a dot or a port, or is localhost), else Docker Hub (`docker.io`).
 */
export function registryOf(ref: string): string {
  const slash = ref.indexOf('/');
  const first = slash === -1 ? '' : ref.slice(0, slash);
  if (!(first.includes('.') || first.includes(':') || first === 'localhost')) return 'docker.io';
  return normalRegistry(first);
}

/** A registry host in lower case, Docker Hub's other names as `docker.io`. */
export function normalRegistry(host: string): string {
  const lower = host.toLowerCase();
  return lower === 'index.docker.io' || lower === 'registry-1.docker.io' ? 'docker.io' : lower;
}

/** The login of one private registry; the password stays sealed by the SecretBox until a pull sends it. */
export interface RegistryCredentials {
  /** The registry host they are for (`registry.example.com`, `127.0.0.1:5000`, `docker.io`). */
  registry: string;
  username: string;
  /** Opens the sealed password. */
  password(): string;
}

/** Seals the configured password at start-up: the runtimes hold it sealed, never in plain. */
export function sealRegistryCredentials(
  login: { registry: string; username: string; password: string },
  secrets: SecretBox,
): RegistryCredentials {
  const sealed = secrets.seal(login.password);
  return { registry: login.registry, username: login.username, password: () => secrets.open(sealed) };
}

/** How one pull is made: its registry, and the Engine API's authconfig when the credentials are for it. */
export interface PullAuth {
  registry: string;
  /** Sent as X-Registry-Auth; undefined: an anonymous pull. */
  authconfig?: { username: string; password: string; serveraddress: string };
}

/**
 * The pull of `ref`: with the credentials only when they are for its registry, so that the
 * login of a private registry is never sent to Docker Hub or another registry.
 */
export function pullAuthFor(ref: string, credentials: RegistryCredentials | undefined): PullAuth {
  const registry = registryOf(ref);
  if (!credentials || credentials.registry !== registry) return { registry };
  return {
    registry,
    authconfig: {
      username: credentials.username,
      password: credentials.password(),
      // Docker Hub's logins are kept under its v1 index address; any other registry under its host.
      serveraddress: registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry,
    },
  };
}

/**
 * How a failed pull was made, for its message: the registry, and whether credentials were
 * sent (with the username); never the password.
 */
export function describePull(auth: PullAuth): string {
  return auth.authconfig
    ? `registry ${auth.registry}, with the credentials of ${auth.authconfig.username} (OCORE_REGISTRY_USERNAME)`
    : `registry ${auth.registry}, without credentials`;
}
