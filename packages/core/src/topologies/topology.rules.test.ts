import { describe, expect, it } from 'vitest';
import { connectableKinds, connectionProblem, validateTopology, type ServerFacts } from './topology.rules.js';
import { defaultHaConfig, nodeKinds, type HaConfig, type TopologyData } from './topology.schema.js';

const ids = {
  a: '00000000-0000-4000-8000-00000000000a',
  b: '00000000-0000-4000-8000-00000000000b',
  c: '00000000-0000-4000-8000-00000000000c',
  d: '00000000-0000-4000-8000-00000000000d',
};
const servers = new Map<string, ServerFacts>([
  [ids.a, { name: 'app-1', status: 'active' }],
  [ids.b, { name: 'app-2', status: 'active' }],
  [ids.c, { name: 'db-1', status: 'active' }],
  [ids.d, { name: 'db-2', status: 'unreachable' }],
]);

/** One Odoo on app-1 talking to Postgres on db-1: the smallest valid topology. */
const single: TopologyData = {
  nodes: [
    { id: 'odoo1', kind: 'odoo', serverId: ids.a },
    { id: 'pg', kind: 'postgres', serverId: ids.c },
  ],
  edges: [{ source: 'odoo1', target: 'pg' }],
};

const codes = (data: TopologyData, ha: Partial<HaConfig> = {}) => {
  const result = validateTopology(data, { ...defaultHaConfig, ...ha }, servers);
  return {
    errors: result.errors.map((e) => e.code),
    warnings: result.warnings.map((w) => w.code),
    valid: result.valid,
  };
};

const twoOdoo: TopologyData = {
  nodes: [...single.nodes, { id: 'odoo2', kind: 'odoo', serverId: ids.b }],
  edges: [...single.edges, { source: 'odoo2', target: 'pg' }],
};

describe('validateTopology', () => {
  it('accepts a single Odoo with its database', () => {
    expect(codes(single)).toEqual({ errors: [], warnings: [], valid: true });
  });

  it('needs every referenced server to exist in the organization and be active', () => {
    const unknown = {
      ...single,
      nodes: [
        single.nodes[0]!,
        { id: 'pg', kind: 'postgres' as const, serverId: '00000000-0000-4000-8000-0000000000ff' },
      ],
    };
    expect(codes(unknown).errors).toEqual(['SERVER_NOT_FOUND']);
    const down = { ...single, nodes: [single.nodes[0]!, { id: 'pg', kind: 'postgres' as const, serverId: ids.d }] };
    const result = validateTopology(down, defaultHaConfig, servers);
    expect(result.errors).toEqual([
      { nodeId: 'pg', code: 'SERVER_NOT_ACTIVE', message: 'node pg runs on db-2, which is unreachable' },
    ]);
    expect(codes(single, { lbServerId: ids.d }).errors).toEqual(['SERVER_NOT_ACTIVE']);
  });

  it('needs a load balancer with its server for more than one Odoo node', () => {
    expect(codes(twoOdoo, { filestoreType: 's3' }).errors).toEqual(['LB_REQUIRED']);
    expect(codes(twoOdoo, { filestoreType: 's3', lbServerId: ids.c }).valid).toBe(true);
  });

  it('refuses a local filestore with more than one Odoo node', () => {
    expect(codes(twoOdoo, { lbServerId: ids.c, filestoreType: 'local' }).errors).toEqual([
      'LOCAL_FILESTORE_MULTI_ODOO',
    ]);
  });

  it('needs a Redis server when Redis is enabled', () => {
    expect(codes(single, { redisEnabled: true }).errors).toEqual(['REDIS_SERVER_MISSING']);
    expect(codes(single, { redisEnabled: true, redisServerId: ids.c }).valid).toBe(true);
  });

  it('needs a replica node for PostgreSQL failover, connected to the primary', () => {
    expect(codes(single, { pgFailoverEnabled: true }).errors).toEqual(['REPLICA_REQUIRED']);
    const withReplica = {
      nodes: [...single.nodes, { id: 'rep', kind: 'postgres-replica' as const, serverId: ids.b }],
      edges: [...single.edges, { source: 'rep', target: 'pg' }],
    };
    expect(codes(withReplica, { pgFailoverEnabled: true }).valid).toBe(true);
    expect(codes({ ...withReplica, edges: single.edges }, { pgFailoverEnabled: true }).errors).toEqual([
      'UNREACHABLE_PRIMARY',
    ]);
  });

  it('refuses edges to nodes that do not exist, and duplicate node ids', () => {
    expect(codes({ ...single, edges: [...single.edges, { source: 'odoo1', target: 'ghost' }] }).errors).toEqual([
      'EDGE_UNKNOWN_NODE',
    ]);
    expect(
      codes({ ...single, nodes: [...single.nodes, { id: 'odoo1', kind: 'redis', serverId: ids.b }] }).errors,
    ).toContain('DUPLICATE_NODE');
  });

  it('flags conflicting roles on one server', () => {
    const sameServer = {
      nodes: [...single.nodes, { id: 'rep', kind: 'postgres-replica' as const, serverId: ids.c }],
      edges: [...single.edges, { source: 'rep', target: 'pg' }],
    };
    expect(codes(sameServer).errors).toEqual(['ROLE_CONFLICT']);
    const lbWithOdoo = {
      nodes: [...twoOdoo.nodes, { id: 'lb', kind: 'load-balancer' as const, serverId: ids.a }],
      edges: [...twoOdoo.edges, { source: 'lb', target: 'odoo1' }, { source: 'lb', target: 'odoo2' }],
    };
    expect(codes(lbWithOdoo, { filestoreType: 's3' })).toEqual({ errors: [], warnings: ['ROLE_SHARED'], valid: true });
  });

  it('needs the nodes that must talk to be connected', () => {
    expect(codes({ ...single, edges: [] }).errors).toEqual(['UNREACHABLE_DATABASE']);
    const lbAlone = {
      nodes: [...twoOdoo.nodes, { id: 'lb', kind: 'load-balancer' as const, serverId: ids.c }],
      edges: twoOdoo.edges,
    };
    expect(codes(lbAlone, { filestoreType: 's3' }).errors).toEqual(['UNREACHABLE_ODOO']);
    const withRedis = {
      nodes: [...single.nodes, { id: 'r', kind: 'redis' as const, serverId: ids.b }],
      edges: single.edges,
    };
    expect(codes(withRedis, { redisEnabled: true }).errors).toEqual(['UNREACHABLE_REDIS']);
  });

  it('needs an Odoo node and exactly one database primary', () => {
    expect(codes({ nodes: [], edges: [] }).errors).toEqual(['NO_ODOO', 'NO_DATABASE']);
    const twoPrimaries = {
      nodes: [...single.nodes, { id: 'pg2', kind: 'postgres' as const, serverId: ids.b }],
      edges: single.edges,
    };
    expect(codes(twoPrimaries).errors).toEqual(['MULTIPLE_PRIMARIES']);
  });

  it('refuses connections between kinds that do not talk, naming both nodes and what they may connect to', () => {
    const withRedis = {
      nodes: [...twoOdoo.nodes, { id: 'r', kind: 'redis' as const, serverId: ids.b }],
      edges: [...twoOdoo.edges, { source: 'odoo1', target: 'odoo2' }, { source: 'r', target: 'pg' }],
    };
    const result = validateTopology(withRedis, { ...defaultHaConfig, lbServerId: ids.c, filestoreType: 's3' }, servers);
    expect(result.errors).toEqual([
      {
        nodeId: 'odoo1',
        code: 'EDGE_NOT_ALLOWED',
        message:
          'odoo1 (odoo) and odoo2 (odoo) cannot be connected: odoo nodes connect only to postgres, redis, load-balancer or filestore',
      },
      {
        nodeId: 'r',
        code: 'EDGE_NOT_ALLOWED',
        message:
          'r (redis) and pg (postgres) cannot be connected: redis nodes connect only to odoo; postgres nodes connect only to odoo or postgres-replica',
      },
    ]);
    expect(codes({ ...single, edges: [...single.edges, { source: 'pg', target: 'pg' }] }).errors).toEqual([
      'EDGE_NOT_ALLOWED',
    ]);
  });

  it('allows exactly the pairs that talk, either way round', () => {
    const allowed = new Set([
      'odoo|postgres',
      'odoo|redis',
      'odoo|load-balancer',
      'odoo|filestore',
      'postgres|postgres-replica',
    ]);
    for (const a of nodeKinds) {
      for (const b of nodeKinds) {
        const pair = [a, b].sort((x, y) => nodeKinds.indexOf(x) - nodeKinds.indexOf(y)).join('|');
        const problem = connectionProblem({ id: 'x', kind: a }, { id: 'y', kind: b });
        expect(problem === undefined, `${a} to ${b}`).toBe(allowed.has(pair));
        expect(connectableKinds(a).includes(b)).toBe(allowed.has(pair));
      }
    }
    expect(connectionProblem({ id: 'x', kind: 'odoo' }, { id: 'x', kind: 'odoo' })).toBe(
      'node x cannot be connected to itself',
    );
  });
});
