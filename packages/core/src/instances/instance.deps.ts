import type { ContainerRuntimes } from '../runtime/container-runtime.ports.js';
import type { CoreDeps } from '../shared/deps.js';
import type { NewDomainEvent } from '../shared/events.js';
import type { Repositories } from '../shared/store.js';
import type { InstanceRecord, OperationQueue } from './instance.ports.js';
import { toInstance, type InstanceUrlOptions } from './instance.rules.js';
import type { Instance } from './instance.schema.js';
import type { Operation, OperationLogLine } from './operation.schema.js';
import type { StepSettings } from './odoo.steps.js';
import type { SecretBox } from '../shared/secret-box.js';
import type { CertificateQueue } from '../portal-domains/portal-domain.ports.js';

/** What reading instances needs: the base domain their URLs are under. */
export interface InstanceViewDeps extends CoreDeps {
  /** OCORE_INSTANCE_BASE_DOMAIN; instances have no URL without it. */
  instanceBaseDomain: string | undefined;
  /** Scheme and port of the instances' URLs; https on 443 when not given. */
  instanceAccess?: InstanceUrlOptions;
}

/** What changing and running instances needs. */
export interface InstanceDeps extends InstanceViewDeps {
  secrets: SecretBox;
  runtimes: ContainerRuntimes;
  operationQueue: OperationQueue;
  instanceSteps: StepSettings;
  /** Certificate orders of the instances' own hostnames (none: their hostnames stay on http). */
  hostnameCertificateOrders?: CertificateQueue;
}

/** Events of the instances slice, pushed live (see ARCHITECTURE.md's event list). */
export const instanceEvents = {
  /** The whole instance, after any change of its status or fields. */
  status: 'instance.status',
  /** An operation, after any change of its status or step. */
  operation: 'instance.operation',
  /** One log line of an operation. */
  log: 'instance.log',
} as const;

type Emit = (event: NewDomainEvent) => Promise<void>;

/** Emits the instance as it now is. */
export async function emitInstance(deps: InstanceViewDeps, emit: Emit, record: InstanceRecord): Promise<Instance> {
  const instance = toInstance(record, deps.instanceBaseDomain, deps.instanceAccess);
  await emit({
    organizationId: record.organizationId,
    type: instanceEvents.status,
    payload: { targetType: 'instance', targetId: record.id, status: record.status, instance },
  });
  return instance;
}

/** Emits the operation as it now is. */
export async function emitOperation(emit: Emit, operation: Operation): Promise<void> {
  await emit({
    organizationId: operation.organizationId,
    type: instanceEvents.operation,
    payload: { targetType: 'instance', targetId: operation.instanceId, operation },
  });
}

/** Emits one log line of an operation. */
export async function emitLog(emit: Emit, operation: Operation, line: OperationLogLine): Promise<void> {
  await emit({
    organizationId: operation.organizationId,
    type: instanceEvents.log,
    payload: { targetType: 'instance', targetId: operation.instanceId, operationId: operation.id, line },
  });
}

export type Tx = Repositories;
