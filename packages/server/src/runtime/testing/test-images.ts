import Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const recipes = fileURLToPath(new URL('../../../test-images/', import.meta.url));

const hashOf = (...parts: (string | Buffer)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 16);
};

/** A derived image's recipe: its folder's files and its build arguments. */
interface Recipe {
  folder: string;
  repo: string;
  version: string;
  args: Record<string, string>;
  files: string[];
  hash: string;
}

const baseTag = `ocore-test/base:${hashOf(readFileSync(join(recipes, 'base', 'build-rootfs.sh')))}`;

function recipe(folder: string, repo: string, version: string, extra: Record<string, string> = {}): Recipe {
  const dir = join(recipes, folder);
  const files = readdirSync(dir)
    .filter((name) => name !== 'README.md')
    .sort();
  const args = { BASE: baseTag, ...extra };
  const hash = hashOf(JSON.stringify(args), ...files.flatMap((name) => [name, readFileSync(join(dir, name))]));
  return { folder, repo, version, args, files, hash };
}

export const odooVersions = [16, 17, 18] as const;

const postgresRecipe = recipe('postgres', 'ocore-test/postgres', '15');
const redisRecipe = recipe('redis', 'ocore-test/redis', '7');
const nginxRecipe = recipe('nginx', 'ocore-test/nginx', '1.22');
const odooRecipes = new Map(
  odooVersions.map((v) => [v, recipe('odoo', 'ocore-test/odoo', String(v), { ODOO_VERSION: `${v}.0` })]),
);
const pinned = (r: Recipe) => `${r.repo}:${r.version}-${r.hash}`;

/**
 * The images the runtime and instance tests run, built on this machine with no registry:
 * a Debian bookworm rootfs (debootstrap, imported once, tagged by a hash of its recipe), and on
 * top of it `ocore-test/postgres:15`, `ocore-test/redis:7`, the Odoo stand-in `ocore-test/odoo:16|17|18`
 * and the instance proxy `ocore-test/nginx:1.22` (packages/server/test-images/). Tests use the tags pinned to the recipe's hash
 * (`ocore-test/odoo:17-<hash>`), so that checkouts with other recipes on the same machine do not
 * swap images under each other; the plain tags point at the last one built. A fresh machine
 * builds them once (a few minutes); afterwards this only finds the pinned tags.
 */
export const testImages = {
  postgres: pinned(postgresRecipe),
  redis: pinned(redisRecipe),
  nginx: pinned(nginxRecipe),
  odoo: (version: 16 | 17 | 18 = 17) => pinned(odooRecipes.get(version)!),
} as const;

const lockDir = '/tmp/ocore-test-images.lock';
const recipeLabel = 'ocore.test.recipe';

/** The engine on this machine's socket, failing clearly when there is none. */
export async function localDocker(): Promise<Docker> {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  try {
    await docker.ping();
  } catch (err) {
    throw new Error(
      `Docker Engine is not available at /var/run/docker.sock (${(err as Error).message}). The runtime tests need ` +
        `a real engine: install Debian's docker.io and start dockerd (.ci/run does both).`,
    );
  }
  return docker;
}

/** Builds whichever test image is missing or outdated; safe to call from parallel test processes. */
export async function ensureTestImages(log: (line: string) => void = () => undefined): Promise<void> {
  const docker = await localDocker();
  await withLock(async () => {
    await ensureBase(docker, log);
    for (const r of [postgresRecipe, redisRecipe, nginxRecipe, ...odooRecipes.values()])
      await ensureBuilt(docker, r, log);
  });
}

async function hasImage(docker: Docker, tag: string): Promise<Record<string, string> | undefined> {
  try {
    const info = await docker.getImage(tag).inspect();
    return info.Config.Labels ?? {};
  } catch {
    return undefined;
  }
}

async function ensureBase(docker: Docker, log: (line: string) => void): Promise<void> {
  const script = join(recipes, 'base', 'build-rootfs.sh');
  const tag = baseTag;
  const hash = tag.split(':')[1]!;
  if (await hasImage(docker, tag)) return;
  log(`building ${tag} with debootstrap (once per machine, a few minutes)`);
  mkdirSync('/var/tmp', { recursive: true });
  const rootfs = mkdtempSync('/var/tmp/ocore-test-rootfs-');
  try {
    await run('bash', [script, join(rootfs, 'root'), debianMirror()]);
    const tar = spawn('tar', ['-C', join(rootfs, 'root'), '--numeric-owner', '-c', '.'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tarErr = '';
    tar.stderr.on('data', (d: Buffer) => (tarErr += d.toString()));
    // Listening now: tar may well be done before the engine has finished the import.
    const closed = new Promise<number | null>((resolve) => tar.once('close', resolve));
    const stream = await docker.importImage(tar.stdout, { repo: 'ocore-test/base', tag: hash });
    await followBuild(docker, stream, `import ${tag}`);
    const code = await closed;
    if (code !== 0) throw new Error(`tar of the rootfs failed (${code}): ${tarErr}`);
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
}

async function ensureBuilt(docker: Docker, r: Recipe, log: (line: string) => void): Promise<void> {
  const tag = pinned(r);
  if (!(await hasImage(docker, tag))) {
    log(`building ${tag}`);
    const stream = await docker.buildImage(
      { context: join(recipes, r.folder), src: r.files },
      { t: tag, buildargs: r.args, labels: { [recipeLabel]: r.hash }, rm: true, forcerm: true },
    );
    await followBuild(docker, stream, `build ${tag}`);
  }
  // The plain tag (ocore-test/odoo:17) follows this checkout's recipe, for people and other tests.
  await docker.getImage(tag).tag({ repo: r.repo, tag: r.version });
}

async function followBuild(docker: Docker, stream: NodeJS.ReadableStream, what: string): Promise<void> {
  const output = await new Promise<{ error?: string; stream?: string }[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, res: { error?: string; stream?: string }[]) =>
      err ? reject(err) : resolve(res),
    ),
  );
  const failed = output.find((o) => o.error);
  if (failed) {
    const tail = output
      .map((o) => o.stream ?? '')
      .join('')
      .slice(-2000);
    throw new Error(`${what} failed: ${failed.error}\n${tail}`);
  }
}

/** The Debian mirror apt uses on this machine (deb.debian.org unless configured otherwise). */
export function debianMirror(): string {
  if (process.env.OCORE_TEST_DEBIAN_MIRROR) return process.env.OCORE_TEST_DEBIAN_MIRROR;
  const candidates: string[] = [];
  for (const dir of ['/etc/apt/sources.list.d']) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.sources'))) {
      for (const stanza of readFileSync(join(dir, file), 'utf8').split(/\n\s*\n/)) {
        const uri = /^URIs:\s*(\S+)/m.exec(stanza)?.[1];
        if (uri && /^Suites:.*\bbookworm\b(?!-)/m.test(stanza)) candidates.push(uri);
      }
    }
  }
  if (existsSync('/etc/apt/sources.list')) {
    for (const line of readFileSync('/etc/apt/sources.list', 'utf8').split('\n')) {
      const match = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s/.exec(line);
      if (match?.[1]) candidates.push(match[1]);
    }
  }
  return candidates[0] ?? 'http://deb.debian.org/debian';
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output}`)),
    );
  });
}

/** One builder at a time across processes: a lock directory holding the builder's pid. */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      if (isStale()) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`gave up waiting for ${lockDir} (another build is stuck?)`);
      else await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function isStale(): boolean {
  try {
    const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // A pid that does not exist is stale; no pid file is, once it had time to be written.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return true;
    if (code !== 'ENOENT') return false;
    try {
      return Date.now() - statSync(lockDir).mtimeMs > 60_000;
    } catch {
      return false;
    }
  }
}
