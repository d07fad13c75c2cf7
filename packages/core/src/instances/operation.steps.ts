import type { ContainerRuntime } from '../runtime/container-runtime.ports.js';
import type { InstanceDeps } from './instance.deps.js';
import type { InstanceRecord } from './instance.ports.js';
import { instanceLabels, odooConfPath, randomPassword, runtimeNames, sharedPostgres } from './instance.rules.js';
import type { Operation } from './operation.schema.js';
import { instanceHostname, instanceProxy, type RouteState } from './proxy.rules.js';
import { removeCertificate } from './proxy.steps.js';
import { syncServerProxy } from '../instance-domains/instance-domain-proxy.js';
import {
  dropDatabase,
  ensureDatabase,
  ensureSharedPostgres,
  installModules,
  odooConfFor,
  odooContainerSpec,
  odooImageFor,
  waitForHealth,
  type InstanceSecrets,
  type StepLog,
} from './odoo.steps.js';

export interface OperationContext {
  deps: InstanceDeps;
  runtime: ContainerRuntime;
  instance: InstanceRecord;
  operation: Operation;
  step: <T>(name: string, work: () => Promise<T>) => Promise<T>;
  log: StepLog;
}

/** The instance's passwords: generated and sealed at its first deploy, reused after. */
async function instanceSecrets(deps: InstanceDeps, instanceId: string): Promise<InstanceSecrets> {
  const sealed = await deps.store.instances.findSealedSecrets(instanceId);
  if (sealed) return JSON.parse(deps.secrets.open(sealed)) as InstanceSecrets;
  const secrets = { dbPassword: randomPassword(), adminPassword: randomPassword() };
  await deps.store.instances.saveSealedSecrets(instanceId, deps.secrets.seal(JSON.stringify(secrets)));
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

/**
 * Waits for every one of `work` (steps run at once), then fails with the first failure: no step
 * is still running on the server once the operation says it failed.
 */
async function allSettledOrFirstFailure<T extends readonly unknown[]>(work: {
  readonly [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const results = await Promise.allSettled(work);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * Everything an instance needs, each step converging (so a retry after a failure, or a
 * redeploy, runs the same steps): network, shared PostgreSQL, role and database, volumes,
 * the container with its odoo.conf, modules, and the health check.
 */
async function deploy(ctx: OperationContext): Promise<void> {
  const { deps, runtime, instance, step, log } = ctx;
  const names = runtimeNames(instance);
  const settings = deps.instanceSteps;
  const image = odooImageFor(settings.odooImage, instance.odooVersion);
  const superuser = await sharedDbPassword(deps, instance.serverId);
  // What does not depend on the rest is done at once (each Engine call waits on the server):
  // the image, the database behind its network and shared PostgreSQL, the volumes, and the
  // current odoo.conf.
  const [, secrets, , currentConf] = await allSettledOrFirstFailure([
    step(`pull image ${image}`, () =>
      runtime.ensureImage(image, (p) => {
        if (p.percent === 100 || p.status.startsWith('Pull complete')) void log('info', `${image}: ${p.status}`);
      }),
    ),
    (async () => {
      await step(`ensure network ${names.network}`, () =>
        runtime.ensureNetwork(names.network, {
          'ocore.managed': 'true',
          'ocore.organization': instance.organizationId,
        }),
      );
      await step('ensure shared PostgreSQL', () => ensureSharedPostgres(runtime, settings, names.network, superuser));
      // The instance's passwords are made right before its database: an instance without them has none.
      const secrets = await instanceSecrets(deps, instance.id);
      await step(`create database ${names.database}`, () =>
        ensureDatabase(runtime, names.database, secrets.dbPassword),
      );
      return secrets;
    })(),
    step('create volumes', () =>
      Promise.all([
        runtime.ensureVolume(names.filestore, instanceLabels(instance)),
        runtime.ensureVolume(names.addons, instanceLabels(instance)),
      ]),
    ),
    // A redeploy or update rewrites the keys the control plane manages and keeps the user's own.
    (async () =>
      (await runtime.inspectContainer(names.container))
        ? await step('read odoo.conf', () => runtime.readFile(names.container, odooConfPath))
        : undefined)(),
  ] as const);
  const kept = odooConfFor(instance, secrets, currentConf).keptKeys;
  if (kept.length > 0) await log('info', `odoo.conf: kept your own keys ${kept.join(', ')}`);
  await step('create Odoo container', async () => {
    await runtime.createContainer(odooContainerSpec(instance, image, secrets, currentConf), { replace: true });
    await runtime.startContainer(names.container);
  });
  // Odoo initializes an empty database as its server starts: the modules are installed once it
  // answers, never by a second process initializing the same database at the same time.
  await step('wait for /web/health', () => waitForHealth(runtime, settings, names.container));
  await step('install modules', () => installModules(runtime, instance, log));
  await step('wait for /web/health', () => waitForHealth(runtime, settings, names.container));
  await updateProxy(ctx, 'up');
}

/**
 * Brings the server's proxy up to date with the instances on the server (and their custom
 * domains), this one in `state`. Without a base domain or proxy settings instances have no
 * hostnames: nothing to do.
 */
async function updateProxy(ctx: OperationContext, state: RouteState): Promise<void> {
  const { deps, runtime, instance, step } = ctx;
  const baseDomain = deps.instanceBaseDomain;
  if (!deps.instanceSteps.proxy || !baseDomain) return;
  await step('update proxy', () =>
    syncServerProxy(deps, runtime, instance.serverId, { override: { instanceId: instance.id, state } }),
  );
  if (!deps.instanceSteps.proxy.httpsPort) return;
  const hostname = instanceHostname(instance.slug, baseDomain);
  if (state === 'gone') return step('remove hostname certificate', () => removeCertificate(runtime, hostname));
  await orderHostnameCertificate(ctx, hostname);
}

/**
 * Queues the order of the instance's hostname certificate (HTTP-01 through the proxy, which routes
 * the hostname now) when it has none for this hostname yet; a failed one waits for the sweep.
 */
async function orderHostnameCertificate(ctx: OperationContext, hostname: string): Promise<void> {
  const { deps, instance } = ctx;
  const stored = await deps.store.hostnameCertificates.find(instance.id);
  if (!deps.hostnameCertificateOrders || (stored?.hostname === hostname && stored.sslStatus !== 'none')) return;
  await deps.hostnameCertificateOrders.request(instance.id);
  await ctx.log('info', `ordering a certificate for ${hostname}`);
}

/**
 * When the organization's last instance on the server goes, its network goes too: the
 * server's proxy and shared PostgreSQL leave it, then it is removed. A network something
 * else still uses is left in place, said in the log.
 */
async function leaveClientNetwork(ctx: OperationContext): Promise<void> {
  const { deps, runtime, instance, step, log } = ctx;
  const network = runtimeNames(instance).network;
  const others = (await deps.store.instances.listOnServer(instance.serverId)).filter(
    (i) => i.id !== instance.id && i.organizationId === instance.organizationId,
  );
  if (others.length > 0) return;
  await step(`leave network ${network}`, async () => {
    for (const container of [instanceProxy.container, sharedPostgres.container])
      await runtime.disconnectNetwork(network, container);
    try {
      await runtime.removeNetwork(network);
    } catch (err) {
      await log('warn', `kept network ${network}: ${(err as Error).message}`);
    }
  });
}

/** Removes the container, and unless `keepData` the database, role and volumes. */
async function remove(ctx: OperationContext): Promise<void> {
  const { runtime, instance, operation, step } = ctx;
  const names = runtimeNames(instance);
  await updateProxy(ctx, 'gone');
  await step('remove container', () => runtime.removeContainer(names.container));
  await leaveClientNetwork(ctx);
  if (operation.keepData) {
    await ctx.log('info', `kept database ${names.database} and volumes ${names.filestore}, ${names.addons}`);
    return;
  }
  await step(`drop database ${names.database}`, async () => {
    if (await runtime.inspectContainer('ocore-postgres')) await dropDatabase(runtime, names.database);
  });
  await step('remove volumes', async () => {
    await runtime.removeVolume(names.filestore);
    await runtime.removeVolume(names.addons);
  });
}

/** Runs the steps of the operation's kind. */
export async function executeOperation(ctx: OperationContext): Promise<void> {
  const { runtime, instance, step, deps } = ctx;
  const container = runtimeNames(instance).container;
  switch (ctx.operation.kind) {
    case 'provision':
    case 'redeploy':
    case 'update':
      return deploy(ctx);
    case 'start':
      if (!(await runtime.inspectContainer(container))) return deploy(ctx);
      await step('start container', () => runtime.startContainer(container));
      await step('wait for /web/health', () => waitForHealth(runtime, deps.instanceSteps, container));
      return updateProxy(ctx, 'up');
    case 'restart':
      await step('restart container', () => runtime.restartContainer(container));
      await step('wait for /web/health', () => waitForHealth(runtime, deps.instanceSteps, container));
      return updateProxy(ctx, 'up');
    case 'stop':
      await step('stop container', () => runtime.stopContainer(container));
      return updateProxy(ctx, 'stopped');
    case 'delete':
      return remove(ctx);
  }
}
