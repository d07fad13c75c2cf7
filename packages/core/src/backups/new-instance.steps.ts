import type { ContainerRuntime, ContainerSpec } from '../runtime/container-runtime.ports.js';
import type { InstanceDeps } from '../instances/instance.deps.js';
import type { InstanceRecord } from '../instances/instance.ports.js';
import { instanceLabels, randomPassword, runtimeNames } from '../instances/instance.rules.js';
import {
  dropDatabase,
  ensureDatabase,
  ensureSharedPostgres,
  odooContainerSpec,
  odooImageFor,
  waitForHealth,
  type InstanceSecrets,
} from '../instances/odoo.steps.js';
import { syncServerProxy } from '../instance-domains/instance-domain-proxy.js';

/**
 * An instance made from data rather than from nothing (a restore into a new instance, a drill,
 * a staging clone): its role, empty database and volumes are made, then its container is
 * created with Odoo's configuration but running `sleep` (Odoo must not initialize the empty
 * database, nor a clone's crons run before it is neutralized) so the data can be loaded into
 * it; only then does Odoo start.
 */
export type InstanceShell = Pick<
  InstanceRecord,
  'id' | 'organizationId' | 'serverId' | 'odooVersion' | 'workers' | 'envVars' | 'memoryLimitMb' | 'cpuLimit'
> &
  Partial<InstanceRecord>;

const asRecord = (shell: InstanceShell) => shell as InstanceRecord;

/** The instance's passwords, generated and sealed when it has none yet (provisioning reuses them). */
export async function shellSecrets(deps: InstanceDeps, shell: InstanceShell, store = true): Promise<InstanceSecrets> {
  const sealed = store ? await deps.store.instances.findSealedSecrets(shell.id) : undefined;
  if (sealed) return JSON.parse(deps.secrets.open(sealed)) as InstanceSecrets;
  const secrets = { dbPassword: randomPassword(), adminPassword: randomPassword() };
  if (store) await deps.store.instances.saveSealedSecrets(shell.id, deps.secrets.seal(JSON.stringify(secrets)));
  return secrets;
}

/** The superuser password of the server's shared PostgreSQL, generated at its first use. */
async function sharedDbPassword(deps: InstanceDeps, serverId: string): Promise<string> {
  const sealed = await deps.store.instances.findSharedDbSecret(serverId);
  if (sealed) return deps.secrets.open(sealed);
  const password = randomPassword();
  await deps.store.instances.saveSharedDbSecret(serverId, deps.secrets.seal(password));
  return password;
}

/** Role, empty database, volumes, and the container holding Odoo's configuration but running `sleep`. */
export async function prepareShell(
  deps: InstanceDeps,
  runtime: ContainerRuntime,
  shell: InstanceShell,
  secrets: InstanceSecrets,
  /** More volumes for the shell only (a clone's source filestore). */
  extraVolumes: NonNullable<ContainerSpec['volumes']> = [],
): Promise<void> {
  const names = runtimeNames(shell);
  const image = odooImageFor(deps.instanceSteps.odooImage, shell.odooVersion);
  await runtime.ensureImage(image);
  await runtime.ensureNetwork(names.network, { 'ocore.managed': 'true', 'ocore.organization': shell.organizationId });
  const superuser = await sharedDbPassword(deps, shell.serverId);
  await ensureSharedPostgres(runtime, deps.instanceSteps, names.network, superuser);
  await ensureDatabase(runtime, names.database, secrets.dbPassword);
  await runtime.ensureVolume(names.filestore, instanceLabels(shell));
  await runtime.ensureVolume(names.addons, instanceLabels(shell));
  const spec = odooContainerSpec(asRecord(shell), image, secrets);
  await runtime.createContainer(
    { ...spec, command: ['sleep', 'infinity'], restart: 'no', volumes: [...(spec.volumes ?? []), ...extraVolumes] },
    { replace: true },
  );
  await runtime.startContainer(names.container);
}

/** Replaces the `sleep` container by Odoo itself and waits until it answers /web/health. */
export async function startShell(
  deps: InstanceDeps,
  runtime: ContainerRuntime,
  shell: InstanceShell,
  secrets: InstanceSecrets,
): Promise<void> {
  const names = runtimeNames(shell);
  const image = odooImageFor(deps.instanceSteps.odooImage, shell.odooVersion);
  await runtime.createContainer(odooContainerSpec(asRecord(shell), image, secrets), { replace: true });
  await runtime.startContainer(names.container);
  await waitForHealth(runtime, deps.instanceSteps, names.container);
}

/** Gives the instance its hostname on the server's proxy (nothing without a base domain and proxy). */
export async function routeShell(deps: InstanceDeps, runtime: ContainerRuntime, instance: InstanceRecord) {
  // The whole server's routes, so the other instances keep their custom domains and TLS.
  await syncServerProxy(deps, runtime, instance.serverId, { override: { instanceId: instance.id, state: 'up' } });
}

/** Removes everything `prepareShell` made: container, database and role, volumes. */
export async function removeShell(runtime: ContainerRuntime, shell: Pick<InstanceRecord, 'id' | 'organizationId'>) {
  const names = runtimeNames(shell);
  await runtime.removeContainer(names.container);
  await dropDatabase(runtime, names.database);
  await runtime.removeVolume(names.filestore);
  await runtime.removeVolume(names.addons);
}
