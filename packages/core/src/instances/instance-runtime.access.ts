import { requirePermission, type Actor } from '../auth/actor.js';
import { requireFeature } from '../agency/portal-config.service.js';
import type { PortalFeature } from '../agency/agency.schema.js';
import type { Permission } from '../members/permissions.js';
import { type ContainerRuntime, type ExecCommand, type ExecResult } from '../runtime/container-runtime.ports.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import type { InstanceDeps } from './instance.deps.js';
import type { InstanceRecord } from './instance.ports.js';
import { runtimeNames } from './instance.rules.js';
import { unavailable } from './instance-runtime.js';
import { connect, serverOf } from './operation.runner.js';

/** An instance's running container, reached for one request of a feature page (files, databases). */
export interface InstanceAccess {
  instance: InstanceRecord;
  runtime: ContainerRuntime;
  names: ReturnType<typeof runtimeNames>;
  /** Runs a command in the instance's container as the Odoo user; a runtime failure becomes UNAVAILABLE. */
  execOdoo(command: Omit<ExecCommand, 'user'>): Promise<ExecResult>;
}

/** Runs `work`, turning a runtime failure into UNAVAILABLE; domain errors pass. */
export async function onRuntime<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw unavailable(err);
  }
}

/**
 * Checks the actor (permission, then the portal feature for a client member), finds the
 * instance in the actor's organization, and connects to its server. Only a running
 * instance has a container to work in: any other status is refused naming it.
 */
export async function accessInstance(
  deps: InstanceDeps,
  actor: Actor,
  id: string,
  permission: Permission,
  feature: PortalFeature,
): Promise<InstanceAccess> {
  requirePermission(actor, permission);
  await requireFeature(deps, actor, feature);
  const instance = await deps.store.instances.find(actor.organizationId, id);
  if (!instance) throw notFound('Instance');
  if (instance.status !== 'running')
    throw new DomainError('INVALID_INPUT', `status: the instance is ${instance.status}; start it first`, {
      field: 'status',
    });
  const server = await serverOf(deps, instance);
  if (!server) throw new DomainError('UNAVAILABLE', "The instance's server was deleted");
  const runtime = await onRuntime(() => connect(deps, server));
  const names = runtimeNames(instance);
  return {
    instance,
    runtime,
    names,
    execOdoo: (command) => onRuntime(() => runtime.exec(names.container, { ...command, user: 'odoo' })),
  };
}
