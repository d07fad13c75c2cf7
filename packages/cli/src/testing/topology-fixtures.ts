import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { CliServer } from './cli-fixtures.js';
import { runJson } from './cli-fixtures.js';
import type { TestUser } from './cli-harness.js';

/**
 * Adds servers named `names` as `user`, without SSH credentials, at `<name>.internal:22`
 * or at `address`; returns their ids by name.
 */
export async function addServers(
  user: TestUser,
  names: readonly string[],
  address?: { host: string; port: number },
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const name of names) {
    const where = ['--host', address?.host ?? `${name}.internal`, '--port', String(address?.port ?? 22)];
    ids[name] = (await runJson<{ id: string }>(user, ['--json', 'server', 'add', '--name', name, ...where])).id;
  }
  return ids;
}

/**
 * Writes a new ed25519 key pair to the server's temporary folder: `id_ed25519` (readable by
 * the owner only) and `id_ed25519.pub`; the private key's path, for --key-file.
 */
export async function writeSshKeyPair(server: CliServer): Promise<string> {
  const keys = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  await writeFile(server.path('id_ed25519'), keys.privateKey, { mode: 0o600 });
  await writeFile(server.path('id_ed25519.pub'), keys.publicKey);
  return server.path('id_ed25519');
}

/** Writes `content` (JSON, or text as it is) to `name` in the server's temporary folder; its path. */
export async function writeJsonFile(server: CliServer, name: string, content: unknown): Promise<string> {
  const path = server.path(name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** One odoo node on `app` connected to a postgres node on `db`: the smallest valid topology. */
export function smallGraph(app: string, db: string) {
  return {
    nodes: [
      { id: 'odoo', kind: 'odoo', serverId: app },
      { id: 'pg', kind: 'postgres', serverId: db },
    ],
    edges: [{ source: 'odoo', target: 'pg' }],
  };
}

/** Creates the topology `name` from a file holding `content`, as `user`; its id. */
export async function createTopologyFrom(user: TestUser, server: CliServer, name: string, content: unknown) {
  const file = await writeJsonFile(server, `${name.replace(/\W+/g, '-')}.json`, content);
  return (await runJson<{ id: string }>(user, ['--json', 'topology', 'create', '--name', name, '--file', file])).id;
}
