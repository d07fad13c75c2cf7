import { sql } from 'kysely';
import type { SecurityApp } from './security-app.js';
import type { Home } from './world.js';

/** Sets `path` (dot-separated, `*` for every array item) in a copy of `input`. */
export function withField(input: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(input ?? {}) as Record<string, unknown>;
  const set = (target: unknown, keys: string[]): void => {
    const [key, ...rest] = keys;
    if (key === undefined || typeof target !== 'object' || target === null) return;
    if (key === '*' && Array.isArray(target))
      return target.forEach((item, i) => (rest.length ? set(item, rest) : (target[i] = value)));
    const record = target as Record<string, unknown>;
    if (rest.length === 0) record[key] = value;
    else set(record[key], rest);
  };
  set(copy, path.split('.'));
  return copy;
}

/** The fingerprints of `homes` found in `text`, except the ids the request itself carried. */
export function leaksIn(text: string, homes: Home[], sent: string[] = []): string[] {
  return homes.flatMap((h) =>
    h.fingerprints.filter((f) => !sent.includes(f) && text.includes(f)).map((f) => `${h.label}:${f}`),
  );
}

/**
 * Everything an organization's own full-rights token reads about the objects of a home, to
 * compare before and after other organizations tried their ids.
 */
export async function readBack(t: SecurityApp, home: Home): Promise<Record<string, unknown>> {
  const get = async (path: string, token = home.token) => {
    const res = await t.api('GET', path, { token });
    return { status: res.status, body: res.body as unknown };
  };
  const db = t.app.deps.database.db;
  const passkey =
    await sql`select id, user_id, name, counter, last_used_at from passkeys where id = ${home.passkeyId}`.execute(db);
  const members = (await get('/api/org/members')).body as { items: { userId: string }[] };
  const agencyDomains = (await get('/api/agency/portal-domains', home.agencyToken)).body as {
    items?: { id: string }[];
  };
  const clients = (await get('/api/agency/clients?limit=200', home.agencyToken)).body as { items?: { id: string }[] };
  return {
    org: await get('/api/org'),
    server: await get(`/api/servers/${home.serverId}`),
    topology: await get(`/api/topologies/${home.topologyId}`),
    deployments: await get(`/api/topologies/${home.deployedTopologyId}/deployments`),
    template: await get(`/api/templates/${home.templateId}`),
    publicTemplate: await get(`/api/templates/${home.publicTemplateId}`),
    instance: await get(`/api/instances/${home.instanceId}`),
    member: members.items.find((m) => m.userId === home.memberUserId),
    settings: await get('/api/org/settings'),
    passkey: passkey.rows,
    domain: agencyDomains.items?.find((d) => d.id === home.domainId) ?? null,
    client: clients.items?.find((c) => c.id === home.clientId) ?? null,
  };
}

/** Whether the member's pending passkey challenge is still there to be answered. */
export async function challengeExists(t: SecurityApp, home: Home): Promise<boolean> {
  const { rows } = await sql`select 1 from webauthn_challenges where id = ${home.challengeId}`.execute(
    t.app.deps.database.db,
  );
  return rows.length === 1;
}

/** The whole of an organization that nobody else acts in: the object reads, and its audit log. */
export async function readAll(t: SecurityApp, home: Home): Promise<Record<string, unknown>> {
  const log = await t.api('GET', '/api/org/audit-log?limit=200', { token: home.token });
  const lists = await Promise.all(
    ['/api/servers', '/api/topologies', '/api/templates', '/api/instances', '/api/org/members'].map((p) =>
      t.api('GET', p, { token: home.token }),
    ),
  );
  return { ...(await readBack(t, home)), auditLog: log.body as unknown, lists: lists.map((l) => l.body as unknown) };
}
