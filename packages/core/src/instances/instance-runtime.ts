import { RuntimeError, type ContainerRuntime, type ContainerRuntimes } from '../runtime/container-runtime.ports.js';
import type { CoreDeps } from '../shared/deps.js';
import { DomainError } from '../shared/domain-error.js';
import type { InstanceRecord } from './instance.ports.js';
import { runtimeNames } from './instance.rules.js';
import { serverOf, sshTarget, StepFailure } from './operation.runner.js';
import type { SecretBox } from '../shared/secret-box.js';

/** What reaching an instance's container needs: the servers' sealed SSH secrets and their engines. */
export interface InstanceRuntimeDeps extends CoreDeps {
  secrets: SecretBox;
  runtimes: ContainerRuntimes;
}

/** A failure to reach the engine, as the user sees it: UNAVAILABLE, saying what was being done. */
export function unavailable(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  const message = err instanceof StepFailure ? `${err.step}: ${err.message}` : (err as Error).message;
  return new DomainError('UNAVAILABLE', message);
}

/** True when the engine said the container is not there (the instance is not deployed). */
export function isMissingContainer(err: unknown): boolean {
  return err instanceof RuntimeError && err.kind === 'not_found';
}

/**
 * The engine that runs the instance, and its Odoo container's name. UNAVAILABLE when the
 * server is gone, in maintenance, or has no SSH secret.
 */
export async function instanceRuntime(
  deps: InstanceRuntimeDeps,
  instance: InstanceRecord,
): Promise<{ runtime: ContainerRuntime; container: string }> {
  try {
    const server = await serverOf(deps, instance);
    if (!server) throw new DomainError('UNAVAILABLE', 'connect to server: the instance’s server is gone');
    return { runtime: deps.runtimes.forServer(sshTarget(deps, server)), container: runtimeNames(instance).container };
  } catch (err) {
    throw unavailable(err);
  }
}
