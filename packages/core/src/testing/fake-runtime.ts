import {
  RuntimeError,
  type ContainerRuntime,
  type ContainerRuntimes,
  type ContainerSpec,
  type ContainerState,
  type ExecCommand,
  type ExecResult,
} from '../runtime/container-runtime.ports.js';
import type { SshTarget } from '../topologies/deployment.ports.js';

interface FakeContainer {
  spec: ContainerSpec;
  status: ContainerState['status'];
  files: Map<string, string>;
}

/** What the fake engine of one server holds, and faults a test can switch on. */
export interface FakeEngine {
  images: Set<string>;
  /** Images a pull cannot find (as a registry answering 404). */
  missingImages: Set<string>;
  /** Awaited by a pull of an image not yet here (a slow registry), when set. */
  pulling?: (ref: string) => Promise<void>;
  networks: Set<string>;
  volumes: Set<string>;
  containers: Map<string, FakeContainer>;
  /** Databases and roles in the shared PostgreSQL. */
  databases: Set<string>;
  roles: Set<string>;
  /** Commands run with exec, as "container: command". */
  execs: string[];
  /** When set, /web/health never answers 200. */
  unhealthy: boolean;
  /** What a count of installed Odoo modules answers (0: a database no drill accepts). */
  installedModules: number;
  /** When set, `nginx -t` refuses every config (as it would a broken one). */
  badProxyConfig: boolean;
  /** How many times the proxy was told to reload. */
  proxyReloads: number;
  /** When set, the engine cannot be reached. */
  unreachable: boolean;
}

/** An in-memory Docker Engine per server, enough to drive the instance operations in core tests. */
export interface FakeRuntimes extends ContainerRuntimes {
  engine(host: string): FakeEngine;
  targets: SshTarget[];
}

const ok = (stdout = ''): ExecResult => ({ exitCode: 0, stdout, stderr: '' });

/** nginx, mv and rm in the proxy container: files move in the fake's file map. */
function runProxyExec(engine: FakeEngine, files: Map<string, string>, args: string[], program?: string): ExecResult {
  if (program === 'nginx' && args[0] === '-t') {
    if (engine.badProxyConfig || !files.has(args[2] ?? ''))
      return {
        exitCode: 1,
        stdout: '',
        stderr: 'nginx: [emerg] unexpected "}"\nnginx: configuration file test failed',
      };
    return ok();
  }
  if (program === 'nginx' && args[0] === '-s') {
    engine.proxyReloads += 1;
    return ok();
  }
  const [from = '', to = ''] = args.slice(1);
  if (program === 'mv' && files.has(from)) {
    files.set(to, files.get(from) ?? '');
    files.delete(from);
    return ok();
  }
  if (program === 'rm')
    return ok(
      String(
        args
          .filter((a) => !a.startsWith('-'))
          .map((f) => files.delete(f))
          .some(Boolean),
      ),
    );
  return { exitCode: 1, stdout: '', stderr: `${program}: failed` };
}

/**
 * psql on the shared PostgreSQL: the provisioning's roles and databases, and the database
 * pages' statements (names as `-v` variables); the list answers every size as 8192 bytes.
 */
function runPsql(engine: FakeEngine, command: ExecCommand): ExecResult {
  const sql = typeof command.stdin === 'string' ? command.stdin : '';
  const vars = new Map(
    command.command.flatMap((a, i) =>
      command.command[i - 1] === '-v' ? [a.split(/=(.*)/s, 2) as [string, string]] : [],
    ),
  );
  const [name = '', newName = '', role = ''] = ['name', 'newName', 'role'].map((k) => vars.get(k));
  if (sql.includes('FROM ir_module_module')) return ok(String(engine.installedModules));
  if (sql.includes('pg_database_size'))
    return ok(
      [...engine.databases]
        .filter((d) => d === role || d.startsWith(`${role}_`))
        .sort()
        .map((d) => `${d}\t8192\n`)
        .join(''),
    );
  if (sql.startsWith('CREATE DATABASE :"name"')) engine.databases.add(name);
  if (sql.includes('CREATE DATABASE :"newName"') || sql.includes('RENAME TO :"newName"')) engine.databases.add(newName);
  if (sql.includes('RENAME TO') || sql.startsWith('DROP DATABASE :"name"')) engine.databases.delete(name);
  for (const m of sql.matchAll(/CREATE ROLE (\w+)/g)) engine.roles.add(m[1]!);
  for (const m of sql.matchAll(/'CREATE DATABASE (\w+)/g)) engine.databases.add(m[1]!);
  for (const m of sql.matchAll(/DROP DATABASE IF EXISTS (\w+)/g)) engine.databases.delete(m[1]!);
  for (const m of sql.matchAll(/DROP ROLE IF EXISTS (\w+)/g)) engine.roles.delete(m[1]!);
  return ok();
}

/** Everything a command is given on stdin, as text. */
async function readAll(input: ExecCommand['stdin']): Promise<string> {
  if (input === undefined) return '';
  if (typeof input === 'string') return input;
  if (input instanceof Uint8Array) return Buffer.from(input).toString('utf8');
  const parts: Uint8Array[] = [];
  for await (const part of input) parts.push(part);
  return Buffer.concat(parts).toString('utf8');
}

function runExec(engine: FakeEngine, name: string, command: ExecCommand): ExecResult {
  const [program, ...args] = command.command;
  engine.execs.push(`${name}: ${command.command.join(' ')}`);
  if (program === 'nginx' || program === 'mv' || program === 'rm')
    return runProxyExec(engine, engine.containers.get(name)?.files ?? new Map(), args, program);
  if (program === 'mkdir') return ok();
  if (program === 'pg_isready') return ok('accepting connections');
  if (program === 'redis-cli') return ok('PONG');
  if (program === 'sh') return ok();
  if (program === 'psql' && command.command.includes('-tAc')) return ok('t|streaming');
  if (program === 'psql') return runPsql(engine, command);
  if (program === 'cat') {
    const file = engine.containers.get(name)?.files.get(args[0] ?? '');
    return file === undefined ? { exitCode: 1, stdout: '', stderr: `cat: ${args[0]}: No such file` } : ok(file);
  }
  if (program === '/usr/bin/odoo') return ok(`installed ${args[args.indexOf('-i') + 1] ?? ''}`);
  if (program === '/usr/bin/python3') {
    return engine.unhealthy ? { exitCode: 1, stdout: '', stderr: 'HTTP Error 503: Service Unavailable' } : ok();
  }
  if (program === '/bin/sh') return ok();
  return { exitCode: 127, stdout: '', stderr: `${program}: not found` };
}

function createFakeRuntime(engine: FakeEngine): ContainerRuntime {
  const container = (name: string, step: string) => {
    const found = engine.containers.get(name);
    if (!found) throw new RuntimeError(step, `no container ${name}`, 'not_found');
    return found;
  };
  const reach = async () => {
    if (engine.unreachable) throw new RuntimeError('connect', 'connection refused', 'unreachable');
  };
  const unsupported = () => Promise.reject(new Error('not used by the instance operations'));
  return {
    async ping() {
      await reach();
      return { engineVersion: '27.0', apiVersion: '1.46', hostKey: 'SHA256:fake' };
    },
    async ensureImage(ref, onProgress) {
      await reach();
      if (engine.images.has(ref)) return;
      if (engine.missingImages.has(ref))
        throw new RuntimeError(`pull image ${ref}`, `manifest for ${ref} not found`, 'image');
      await engine.pulling?.(ref);
      onProgress?.({ status: 'Pull complete', percent: 100 });
      engine.images.add(ref);
    },
    ensureNetwork: async (name) => void engine.networks.add(name),
    async removeNetwork(name) {
      await reach();
      if ([...engine.containers.values()].some((c) => c.spec.networks.some((n) => n.name === name)))
        throw new RuntimeError(`remove network ${name}`, 'network has active endpoints');
      engine.networks.delete(name);
    },
    ensureVolume: async (name) => void engine.volumes.add(name),
    removeVolume: async (name) => void engine.volumes.delete(name),
    listVolumes: async () => [...engine.volumes],
    async createContainer(spec, options) {
      if (engine.containers.has(spec.name) && !options?.replace)
        throw new RuntimeError(`create ${spec.name}`, 'name in use', 'conflict');
      if (!engine.images.has(spec.image))
        throw new RuntimeError(`create ${spec.name}`, `no image ${spec.image}`, 'image');
      const files = new Map(
        (spec.files?.files ?? []).map((f) => [`${spec.files!.directory}/${f.path}`, String(f.content)]),
      );
      engine.containers.set(spec.name, { spec: structuredClone(spec), status: 'created', files });
      return spec.name;
    },
    startContainer: async (name) => void (container(name, `start ${name}`).status = 'running'),
    stopContainer: async (name) => void (container(name, `stop ${name}`).status = 'exited'),
    restartContainer: async (name) => void (container(name, `restart ${name}`).status = 'running'),
    removeContainer: async (name) => void engine.containers.delete(name),
    async inspectContainer(name) {
      await reach();
      const c = engine.containers.get(name);
      if (!c) return undefined;
      return {
        id: name,
        name,
        image: c.spec.image,
        status: c.status,
        exitCode: c.status === 'exited' ? 0 : null,
        startedAt: null,
        finishedAt: null,
        labels: c.spec.labels,
        ports: [],
        networks: c.spec.networks.map((n) => n.name).sort(),
      };
    },
    listContainers: async (labels) =>
      [...engine.containers.values()]
        .filter((c) => Object.entries(labels).every(([k, v]) => c.spec.labels[k] === v))
        .map((c) => ({
          id: c.spec.name,
          name: c.spec.name,
          image: c.spec.image,
          status: c.status,
          labels: c.spec.labels,
          ...(c.spec.healthcheck && c.status === 'running'
            ? { health: engine.unhealthy ? ('unhealthy' as const) : ('healthy' as const) }
            : {}),
        })),
    async exec(name, command) {
      const c = container(name, `exec in ${name}`);
      if (c.status !== 'running') throw new RuntimeError(`exec in ${name}`, 'container is not running', 'conflict');
      if (command.command[0] === 'pg_restore') {
        // Reads what it is given, as pg_restore does, and says how much in the exec log.
        const received = await readAll(command.stdin);
        engine.execs.push(`${name}: ${command.command.join(' ')} <- ${received}`);
        return { exitCode: 0, stdout: '', stderr: '' };
      }
      return runExec(engine, name, command);
    },
    openSession: unsupported,
    async execStream(name, command) {
      const c = container(name, `exec in ${name}`);
      if (c.status !== 'running') throw new RuntimeError(`exec in ${name}`, 'container is not running', 'conflict');
      engine.execs.push(`${name}: ${command.command.join(' ')}`);
      const output = command.command[0] === 'pg_dump' ? `dump of ${command.command.at(-1) ?? ''}` : '';
      async function* stdout() {
        if (output) yield Buffer.from(output);
      }
      return { stdout: stdout(), done: Promise.resolve({ exitCode: 0, stderr: '' }) };
    },
    logs: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true, value: undefined }) }) }),
    stats: unsupported,
    async putFiles(name, directory, files) {
      const c = container(name, `put files in ${name}`);
      for (const f of files) c.files.set(`${directory}/${f.path}`, String(f.content));
    },
    async disconnectNetwork(network, name) {
      await reach();
      const c = engine.containers.get(name);
      if (c) c.spec.networks = c.spec.networks.filter((n) => n.name !== network);
    },
    readFile: (name, path) => Promise.resolve(engine.containers.get(name)?.files.get(path)),
    getArchive: () => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true, value: undefined }) }),
    }),
    async putArchive(name, directory, tar) {
      container(name, `put an archive in ${name}`);
      engine.execs.push(`${name}: put archive into ${directory} <- ${await readAll(tar)}`);
    },
  };
}

/** Fake runtimes: one engine per server host, created on first use. */
export function createFakeRuntimes(): FakeRuntimes {
  const engines = new Map<string, FakeEngine>();
  const engine = (host: string) => {
    let found = engines.get(host);
    if (!found) {
      found = {
        images: new Set(),
        missingImages: new Set(),
        networks: new Set(),
        volumes: new Set(),
        containers: new Map(),
        databases: new Set(),
        roles: new Set(),
        execs: [],
        unhealthy: false,
        installedModules: 0,
        badProxyConfig: false,
        proxyReloads: 0,
        unreachable: false,
      };
      engines.set(host, found);
    }
    return found;
  };
  const targets: SshTarget[] = [];
  return {
    engine,
    targets,
    forServer(target) {
      targets.push(target);
      return createFakeRuntime(engine(target.host));
    },
  };
}
