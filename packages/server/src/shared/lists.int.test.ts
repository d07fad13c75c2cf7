import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPages, expectBadCursor } from '../testing/list-pages.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

type Owner = Awaited<ReturnType<TestApp['signup']>>;
const db = () => t.app.deps.database.db;
/** Names in pairs ("alpha a", "alpha a", "alpha b", ...): equal sort keys across page boundaries. */
const names = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, g) => `${prefix}${String.fromCharCode(97 + (g >> 1))}`);

async function seedTemplates(owner: Owner, prefix: string, n: number) {
  await db()
    .insertInto('templates')
    .values(
      names(prefix, n).map((name, g) => ({
        organizationId: owner.organization.id,
        name,
        description: `about ${name}`,
        odooVersion: g % 2 ? '17.0' : '18.0',
        odooEdition: g % 3 ? 'ce' : 'ee',
        defaultWorkers: 2,
        defaultEnvVars: JSON.stringify([]) as never,
        moduleList: [],
        isPublic: false,
      })),
    )
    .execute();
}

async function seedInstances(owner: Owner, prefix: string, n: number) {
  const server = await db()
    .insertInto('servers')
    .values({
      organizationId: owner.organization.id,
      name: `${prefix}host`,
      host: '127.0.0.9',
      port: 22,
      sshUser: 'deploy',
      cpuCores: 2,
      memoryMb: 2048,
      maxInstances: 50,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db()
    .insertInto('instances')
    .values(
      names(prefix, n).map((name, g) => ({
        organizationId: owner.organization.id,
        serverId: server.id,
        name,
        slug: `${name}-${g}-${randomUUID().slice(0, 8)}`,
        odooVersion: '18.0',
        odooEdition: 'ce',
        workers: 2,
        envVars: JSON.stringify([]) as never,
        moduleList: [],
        status: g % 2 ? 'running' : 'stopped',
        templateId: null,
        projectId: null,
        cpuLimit: null,
        memoryLimitMb: null,
        failedStep: null,
        failureReason: null,
        secretsSealed: null,
      })),
    )
    .execute();
}

async function seedTopologies(owner: Owner, prefix: string, n: number) {
  await db()
    .insertInto('topologies')
    .values(
      names(prefix, n).map((name) => ({
        organizationId: owner.organization.id,
        name,
        description: null,
        topologyData: JSON.stringify({ nodes: [], edges: [] }) as never,
        haConfig: JSON.stringify({
          lbType: 'traefik',
          lbServerId: null,
          filestoreType: 'local',
          redisEnabled: false,
          redisServerId: null,
          pgFailoverEnabled: false,
        }) as never,
      })),
    )
    .execute();
}

async function seedMembers(owner: Owner, prefix: string, n: number) {
  const role = await db()
    .selectFrom('roles')
    .select('id')
    .where('organizationId', '=', owner.organization.id)
    .where('name', '=', 'Viewer')
    .executeTakeFirstOrThrow();
  const users = await db()
    .insertInto('users')
    .values(names(prefix, n).map((name) => ({ name, email: `${name}-${randomUUID()}@example.com`, passwordHash: 'x' })))
    .returning('id')
    .execute();
  await db()
    .insertInto('members')
    .values(users.map((u) => ({ organizationId: owner.organization.id, userId: u.id, roleId: role.id })))
    .execute();
}

async function seedClients(owner: Owner, prefix: string, n: number) {
  await db()
    .insertInto('organizations')
    .values(
      names(prefix, n).map((name) => ({
        name,
        slug: `${name}-${randomUUID()}`,
        parentOrganizationId: owner.organization.id,
      })),
    )
    .execute();
}

const lists = [
  { path: '/api/templates', sorts: ['name', 'createdAt', 'odooVersion'], seed: seedTemplates, extra: 0, idOf: 'id' },
  { path: '/api/instances', sorts: ['name', 'createdAt', 'status'], seed: seedInstances, extra: 0, idOf: 'id' },
  { path: '/api/topologies', sorts: ['name', 'createdAt', 'updatedAt'], seed: seedTopologies, extra: 0, idOf: 'id' },
  {
    path: '/api/org/members',
    sorts: ['name', 'email', 'role', 'joinedAt'],
    seed: seedMembers,
    extra: 1,
    idOf: 'userId',
  },
  { path: '/api/agency/clients', sorts: ['createdAt', 'name'], seed: seedClients, extra: 0, idOf: 'id' },
] as const;

const ids = (items: Record<string, unknown>[], key: string) => items.map((i) => String(i[key]));

describe.each(lists)('the list at $path', (list) => {
  const owner = () => (list.path.startsWith('/api/agency') ? t.agency() : t.signup());

  it('pages each sort both ways, rows with equal keys once each, and searches', async () => {
    const a = await owner();
    await list.seed(a, 'zeta', 7);
    await list.seed(a, 'kappa', 2);
    const total = 9 + list.extra;
    for (const sort of list.sorts) {
      for (const direction of ['asc', 'desc']) {
        const { items, totals } = await allPages(t, a.token, list.path, { sort, order: direction, limit: 2 });
        const seen = ids(items, list.idOf);
        expect(new Set(seen).size, `${sort} ${direction}`).toBe(total);
        expect(new Set(totals)).toEqual(new Set([total]));
        if (sort === 'name') {
          const keys = items.map((i) => String(i['name']));
          const ordered = [...keys].sort();
          expect(keys).toEqual(direction === 'asc' ? ordered : ordered.reverse());
        }
      }
    }
    const found = await allPages(t, a.token, list.path, { search: 'KAPPA', limit: 1 });
    expect(found.items.map((i) => i['name'])).toEqual(['kappaa', 'kappaa']);
    expect(found.totals).toEqual([2, 2]);
    expect((await allPages(t, a.token, list.path, { search: '_' })).items).toEqual([]);
  });

  it('refuses a bad cursor and an unknown sort, naming the field', async () => {
    const a = await owner();
    await list.seed(a, 'eta', 3);
    await expectBadCursor(t, a.token, list.path);
    const res = await t.api('GET', `${list.path}?sort=nonsense`, { token: a.token });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/sort/);
  });

  it("never finds another organization's rows", async () => {
    const a = await owner();
    const b = await owner();
    await list.seed(a, 'secret', 3);
    expect((await allPages(t, b.token, list.path, { search: 'secret' })).items).toEqual([]);
  });
});
