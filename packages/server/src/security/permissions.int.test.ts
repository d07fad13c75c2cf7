import { defaultRolePermissions, type SystemRoleName } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type ContractEntry, type Refusal } from './testing/contract.js';
import { docProblem, operationRows } from './testing/docs-table.js';
import { createOpenApiDocument } from '../http/rest.js';
import { appRouter } from '../trpc/app.router.js';
import { createOpenApiConformance } from './testing/openapi-conformance.js';
import { inputJsonSchema, listProcedures, uuidFields, type Procedure } from './testing/procedures.js';
import { makeFresh, type Scope, type Shared } from './testing/scope.js';
import { startSecurityApp, type SecurityApp } from './testing/security-app.js';
import { callRest, subscribeWs, type Answer } from './testing/transport.js';
import { buildWorld, caller, type Home, type World } from './testing/world.js';

/**
 * Every procedure of the router, called by every kind of caller: anonymous, each system role
 * of an agency, a client organization's own Admin, and the agency's operator acting in that
 * client. Each answer must be what the contract (testing/contract.ts) says, which must in turn
 * ask at least what ARCHITECTURE.md documents; the roles' permissions come from core's table.
 */
const procedures = listProcedures();
let t: SecurityApp;
let world: World;
let shared: Shared;

interface Caller {
  name: string;
  role?: SystemRoleName;
  inClient: boolean;
  token: () => string | undefined;
  home: () => Home;
}

const tokens: Partial<Record<SystemRoleName, string>> = {};
const callers: Caller[] = [
  { name: 'anonymous', inClient: false, token: () => undefined, home: () => world.agency },
  ...(['Owner', 'Admin', 'Developer', 'Viewer'] as const).map((role) => ({
    name: role,
    role,
    inClient: false,
    token: () => tokens[role],
    home: () => world.agency,
  })),
  {
    name: 'client member (Admin of the client)',
    role: 'Admin',
    inClient: true,
    token: () => world.clientMember.token,
    home: () => world.client,
  },
  {
    name: 'agency operator in the client',
    role: 'Admin',
    inClient: true,
    token: () => world.client.token,
    home: () => world.client,
  },
];

type Expected = 'allowed' | (Refusal & { permission?: string });

/** What the contract and core's role table say this caller gets. */
function expectedFor(entry: ContractEntry, who: Caller): Expected {
  const permitted = entry.permitted ?? 'allowed';
  if (!who.role)
    return entry.needs.kind === 'public' ? (entry.anonymous ?? permitted) : { status: 401, error: 'UNAUTHENTICATED' };
  const granted: readonly string[] = defaultRolePermissions[who.role];
  if (entry.needs.kind === 'owner' && who.role !== 'Owner') return { status: 403, error: 'OWNER_ONLY' };
  if (entry.needs.kind === 'permission') {
    const missing = entry.needs.all.find((p) => !granted.includes(p));
    if (missing) return { status: 403, error: 'PERMISSION_DENIED', permission: missing };
  }
  return (who.inClient && entry.inClient) || permitted;
}

async function call(procedure: Procedure, entry: ContractEntry, who: Caller, expected: Expected): Promise<Answer> {
  const home = who.home();
  const actorToken = who.token();
  const scope: Scope = {
    home,
    shared,
    fresh: makeFresh(t, home, actorToken ?? '', expected === (entry.permitted ?? 'allowed')),
  };
  const input = await entry.input?.(scope);
  const token = (await entry.token?.(scope)) ?? actorToken;
  if (procedure.type !== 'subscription') return callRest(t.url, procedure, input, token);
  const subscription = await subscribeWs(t.url, procedure.path, input, token);
  subscription.close();
  return subscription.answer;
}

const mismatches: string[] = [];
/** Every REST answer of the suite, checked against the served OpenAPI document. */
const conformance = createOpenApiConformance();
const undocumented = new Set<string>();

beforeAll(async () => {
  // Instance-domain checks ask a closed loopback port: refused at once, never the system's resolvers.
  t = await startSecurityApp({ OCORE_PORTAL_BASE_DOMAIN: 'portal.test', OCORE_DNS_SERVERS: '127.0.0.1:9' });
  world = await buildWorld(t);
  tokens.Owner = world.owner.token;
  const agencyOwner = { token: world.owner.token, organization: { id: world.agency.orgId } };
  for (const role of ['Admin', 'Developer', 'Viewer'] as const)
    tokens[role] = (await t.joinAs(agencyOwner, role)).token;
  const source = await t.signup('Exported Org');
  const drDocument = await caller(t)('export', 200, 'POST', '/api/org/disaster-recovery/export', source.token);
  const domains = await caller(t)('domains', 200, 'GET', '/api/agency/portal-domains', world.owner.token);
  shared = {
    drDocument,
    loginEmail: world.owner.email,
    portalHost: `${domains.items[0].subdomain as string}.portal.test`,
  };
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (mismatches.length) console.log(`permission mismatches (${mismatches.length}):\n${mismatches.join('\n')}`);
});

describe('the contract covers the router', () => {
  it('has an entry for every procedure, and none for a procedure that does not exist', () => {
    expect(procedures.filter((p) => !contract[p.path]).map((p) => p.path)).toEqual([]);
    const known = new Set(procedures.map((p) => p.path));
    expect(Object.keys(contract).filter((path) => !known.has(path))).toEqual([]);
  });

  it('declares every id field of every input, and only those', () => {
    const undeclared = procedures.flatMap((p) => {
      const declared = Object.keys(contract[p.path]?.ids ?? {}).sort();
      const actual = uuidFields(inputJsonSchema(p)).sort();
      // `role` takes a role's id or its name, so its schema is a plain string.
      return JSON.stringify(declared.filter((f) => f !== 'role')) === JSON.stringify(actual)
        ? []
        : [`${p.path}: declared ${declared.join(',')} but the input has ${actual.join(',')}`];
    });
    expect(undeclared).toEqual([]);
  });

  it('asks at least what ARCHITECTURE.md documents, and every documented operation is in it', () => {
    const rows = operationRows();
    const problems = procedures.flatMap((p) => {
      const entry = contract[p.path];
      const problem = entry && docProblem(entry, p, rows);
      return problem ? [`${p.path}: ${problem}`] : [];
    });
    expect(problems).toEqual([]);
    const used = new Set(Object.values(contract).map((e) => e.doc));
    expect(rows.map((r) => r.operation).filter((op) => !used.has(op))).toEqual([]);
  });
});

describe.each(callers)('as $name', (who) => {
  it.each(procedures.map((p) => [p.path, p] as const))('%s', async (_path, procedure) => {
    const entry = contract[procedure.path];
    expect(entry, `no contract entry for ${procedure.path}`).toBeDefined();
    const expected = expectedFor(entry!, who);
    const answer = await call(procedure, entry!, who, expected);
    const problem = conformance(procedure, answer, !who.role);
    if (problem) undocumented.add(problem);
    const got =
      answer.status < 300
        ? 'allowed'
        : {
            status: answer.status,
            error: answer.body?.error,
            ...(answer.body?.permission ? { permission: answer.body.permission } : {}),
          };
    if (JSON.stringify(got) !== JSON.stringify(expected))
      mismatches.push(
        `${who.name} ${procedure.path}: expected ${JSON.stringify(expected)}, got ${answer.status} ${answer.text.slice(0, 300)}`,
      );
    expect(got, answer.text.slice(0, 500)).toEqual(expected);
  });
});

describe('the OpenAPI document tells the truth', () => {
  it('declares every status the suite got, and each body matches its schema', () => {
    console.log(`OpenAPI conformance: ${undocumented.size} answers unlike the document`);
    expect([...undocumented].sort()).toEqual([]);
  });

  it('declares no required security on an operation anyone may call', () => {
    const document = createOpenApiDocument(appRouter) as unknown as {
      paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
    };
    const secured = procedures.flatMap((p) => {
      if (!p.rest || contract[p.path]?.needs.kind !== 'public') return [];
      const security = document.paths[p.rest.path.replace(/^\/api/, '')]?.[p.rest.method.toLowerCase()]?.security;
      const optional = !security?.length || security.some((s) => Object.keys(s).length === 0);
      return optional ? [] : [`${p.rest.method} ${p.rest.path}`];
    });
    expect(secured).toEqual([]);
  });
});

describe('summary', () => {
  it('counts no mismatch', () => {
    const missing = procedures.filter((p) => !contract[p.path]).length;
    console.log(
      `permissions: ${procedures.length} procedures × ${callers.length} callers = ${procedures.length * callers.length} calls, ${mismatches.length} mismatches, ${missing} procedures without a contract entry`,
    );
    expect(mismatches).toEqual([]);
    expect(missing).toBe(0);
  });
});
