import type { ContainerRuntime, ContainerSpec } from '../runtime/container-runtime.ports.js';
import { RuntimeError } from '../runtime/container-runtime.ports.js';
import type { InstanceRecord } from './instance.ports.js';
import type { ProxySettings } from './proxy.rules.js';
import { instanceLabels, mergeOdooConf, renderOdooConf, runtimeNames, sharedPostgres } from './instance.rules.js';

/** Writes one line to the operation's log. */
export type StepLog = (level: 'info' | 'warn' | 'error', text: string) => Promise<void>;

/** Runs `work` as the named step: logged when it starts, and its failure carries the step. */
export type RunStep = <T>(step: string, work: () => Promise<T>) => Promise<T>;

export interface StepSettings {
  /** Image references: `{version}` is the Odoo version ("18.0"), `{major}` its major ("18"). */
  odooImage: string;
  postgresImage: string;
  /** How long Odoo may take to answer /web/health, and how often it is asked. */
  healthTimeoutMs: number;
  healthIntervalMs: number;
  /** The reverse proxy giving instances their hostnames; none when unset. */
  proxy?: ProxySettings;
  /** Runs the waits; tests shorten them. */
  sleep: (ms: number) => Promise<void>;
}

export interface InstanceSecrets {
  dbPassword: string;
  adminPassword: string;
}

/** The image of an instance's Odoo version. */
export function odooImageFor(pattern: string, version: string): string {
  return pattern.replaceAll('{version}', version).replaceAll('{major}', version.split('.')[0] ?? version);
}

/** Polls `check` until it passes or `timeoutMs` is spent (counted in intervals); the last failure is the reason. */
export async function waitFor(
  settings: StepSettings,
  timeoutMs: number,
  check: () => Promise<string | undefined>,
): Promise<string | undefined> {
  const attempts = Math.max(1, Math.ceil(timeoutMs / settings.healthIntervalMs));
  let problem = await check();
  for (let i = 1; problem !== undefined && i < attempts; i += 1) {
    await settings.sleep(settings.healthIntervalMs);
    problem = await check();
  }
  return problem;
}

/** The networks the shared PostgreSQL container is on, as its label records them. */

/**
 * Makes sure the server's shared PostgreSQL runs and is on `network`. The runtime cannot
 * attach a running container to another network, so joining a new client's network
 * recreates the container (its data is on its volume): other instances lose their database
 * connections for a few seconds, once per new client on the server.
 */
export async function ensureSharedPostgres(
  runtime: ContainerRuntime,
  settings: StepSettings,
  network: string,
  superuserPassword: string,
): Promise<void> {
  const state = await runtime.inspectContainer(sharedPostgres.container);
  const networks = state ? state.networks : [];
  if (!state || !networks.includes(network)) {
    const all = [...new Set([...networks, network])];
    await runtime.ensureImage(settings.postgresImage);
    await runtime.ensureVolume(sharedPostgres.volume, { 'ocore.managed': 'true', 'ocore.role': 'postgres' });
    const spec: ContainerSpec = {
      name: sharedPostgres.container,
      image: settings.postgresImage,
      env: { POSTGRES_PASSWORD: superuserPassword },
      labels: { 'ocore.managed': 'true', 'ocore.role': 'postgres', 'ocore.networks': all.join(',') },
      networks: all.map((name) => ({ name, aliases: [sharedPostgres.alias] })),
      volumes: [{ volume: sharedPostgres.volume, target: '/var/lib/postgresql/data' }],
      restart: 'unless-stopped',
    };
    await runtime.createContainer(spec, { replace: Boolean(state) });
  }
  if (state?.status !== 'running' || !networks.includes(network))
    await runtime.startContainer(sharedPostgres.container);
  await waitForPostgres(runtime, settings, sharedPostgres.container);
}

/** Waits until PostgreSQL in `container` accepts connections (pg_isready), or fails with what it said. */
export async function waitForPostgres(
  runtime: ContainerRuntime,
  settings: StepSettings,
  container: string,
  timeoutMs = 60_000,
): Promise<void> {
  const problem = await waitFor(settings, timeoutMs, async () => {
    const ready = await runtime.exec(container, { command: ['pg_isready', '-h', '127.0.0.1', '-U', 'postgres'] });
    return ready.exitCode === 0 ? undefined : ready.stdout.trim() || ready.stderr.trim() || 'not ready';
  });
  if (problem !== undefined) throw new RuntimeError('wait for PostgreSQL', problem);
}

/** Runs SQL as the superuser of a PostgreSQL container (from stdin: no password on a command line). */
export async function runPsql(
  runtime: ContainerRuntime,
  sql: string,
  step: string,
  container: string = sharedPostgres.container,
): Promise<void> {
  const result = await runtime.exec(container, {
    command: ['psql', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres'],
    stdin: sql,
  });
  if (result.exitCode !== 0) throw new RuntimeError(step, result.stderr.trim() || `psql exited ${result.exitCode}`);
}

/** Creates (or resets the password of) the instance's role, and its database when missing. */
export async function ensureDatabase(
  runtime: ContainerRuntime,
  name: string,
  password: string,
  container: string = sharedPostgres.container,
): Promise<void> {
  // The name is `odoo_` and hex digits, the password hex digits: neither can break out of the SQL.
  await runPsql(
    runtime,
    `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${name}') THEN CREATE ROLE ${name} LOGIN PASSWORD '${password}';
  ELSE ALTER ROLE ${name} LOGIN PASSWORD '${password}'; END IF;
END $$;
SELECT 'CREATE DATABASE ${name} OWNER ${name}' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '${name}')\\gexec
`,
    'create database',
    container,
  );
}

/** Drops the instance's databases and role (connections closed first). */
export async function dropDatabase(runtime: ContainerRuntime, name: string): Promise<void> {
  // Every database the role owns goes too (the instance may have made more: instance-databases/).
  await runPsql(
    runtime,
    `DROP DATABASE IF EXISTS ${name} WITH (FORCE);
SELECT format('DROP DATABASE %I WITH (FORCE)', d.datname) FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = '${name}'\\gexec
DROP ROLE IF EXISTS ${name};\n`,
    'drop database',
  );
}

/** The instance's odoo.conf: rendered, with the user's own keys of `currentConf` kept (see mergeOdooConf). */
export function odooConfFor(
  instance: InstanceRecord,
  secrets: InstanceSecrets,
  currentConf?: string,
): { conf: string; keptKeys: string[] } {
  const names = runtimeNames(instance);
  const rendered = renderOdooConf({
    workers: instance.workers,
    database: names.database,
    dbPassword: secrets.dbPassword,
    adminPassword: secrets.adminPassword,
    dbHost: sharedPostgres.alias,
    memoryLimitMb: instance.memoryLimitMb,
  });
  return mergeOdooConf(rendered, currentConf);
}

/** The Odoo container: the instance's own network and volumes, odoo.conf, limits, as user odoo. */
export function odooContainerSpec(
  instance: InstanceRecord,
  image: string,
  secrets: InstanceSecrets,
  /** The odoo.conf of the container it replaces: the user's own keys in it are kept. */
  currentConf?: string,
): ContainerSpec {
  const names = runtimeNames(instance);
  const { conf } = odooConfFor(instance, secrets, currentConf);
  return {
    name: names.container,
    image,
    command: ['odoo', '-c', '/etc/odoo/odoo.conf'],
    env: { ...instance.envVars },
    labels: instanceLabels(instance),
    user: 'odoo',
    networks: [{ name: names.network, aliases: [names.container] }],
    volumes: [
      { volume: names.filestore, target: '/var/lib/odoo' },
      { volume: names.addons, target: '/mnt/extra-addons' },
    ],
    limits: {
      ...(instance.cpuLimit !== null ? { cpus: instance.cpuLimit } : {}),
      ...(instance.memoryLimitMb !== null ? { memoryMb: instance.memoryLimitMb } : {}),
    },
    restart: 'unless-stopped',
    files: { directory: '/etc/odoo', files: [{ path: 'odoo.conf', content: conf, mode: 0o644 }] },
    healthcheck: odooHealthcheck,
  };
}

/**
 * Commands run in the Odoo container by absolute path: an exec gets only the image's own
 * environment, and an image without PATH (some derived ones) would find nothing.
 */
const odooBinary = '/usr/bin/odoo';
const pythonBinary = '/usr/bin/python3';

/** Installs (or updates) the modules in the instance's database: `odoo -i … --stop-after-init`. */
export async function installModules(runtime: ContainerRuntime, instance: InstanceRecord, log: StepLog): Promise<void> {
  const names = runtimeNames(instance);
  const modules = instance.moduleList.length > 0 ? instance.moduleList.join(',') : 'base';
  const result = await runtime.exec(names.container, {
    user: 'odoo',
    command: [
      odooBinary,
      '-c',
      '/etc/odoo/odoo.conf',
      '-d',
      names.database,
      '-i',
      modules,
      '--stop-after-init',
      '--no-http',
    ],
  });
  for (const line of result.stdout.split('\n').filter(Boolean).slice(-20)) await log('info', line);
  if (result.exitCode !== 0) {
    const tail = result.stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${result.exitCode}`;
    throw new RuntimeError(`install modules ${modules}`, tail);
  }
}

/** Python's urllib, present in every Odoo image: no curl needed. */
const healthScript =
  "import sys,urllib.request\ntry:\n r=urllib.request.urlopen('http://127.0.0.1:8069/web/health',timeout=5)\n sys.exit(0 if r.status==200 else 1)\nexcept Exception as e:\n print(e,file=sys.stderr); sys.exit(1)";

/**
 * The engine asks /web/health itself every 30 s, so the health job reads every instance's
 * verdict from one container list per server instead of running a probe in each container.
 * Unhealthy after 3 failures in a row; the first minute of a start does not count.
 */
export const odooHealthcheck: NonNullable<ContainerSpec['healthcheck']> = {
  command: [pythonBinary, '-c', healthScript],
  intervalSeconds: 30,
  timeoutSeconds: 10,
  retries: 3,
  startPeriodSeconds: 60,
};

/** Asks the container's state and Odoo's /web/health once: what is wrong, or undefined when healthy. */
export async function probeHealth(runtime: ContainerRuntime, container: string): Promise<string | undefined> {
  const state = await runtime.inspectContainer(container);
  if (!state) return 'the container is gone';
  if (state.status !== 'running') return `the container is ${state.status} (exit code ${state.exitCode ?? '?'})`;
  const probe = await runtime.exec(container, { command: [pythonBinary, '-c', healthScript] });
  return probe.exitCode === 0 ? undefined : probe.stderr.trim() || `exit code ${probe.exitCode}`;
}

/** Waits until Odoo answers /web/health from inside its container, or fails with what it last saw. */
export async function waitForHealth(
  runtime: ContainerRuntime,
  settings: StepSettings,
  container: string,
): Promise<void> {
  const problem = await waitFor(settings, settings.healthTimeoutMs, () => probeHealth(runtime, container));
  if (problem !== undefined)
    throw new RuntimeError(
      'wait for /web/health',
      `no answer within ${Math.round(settings.healthTimeoutMs / 1000)} s: ${problem}`,
    );
}
