import type {
  HaConfig,
  NodeKind,
  TopologyData,
  TopologyNode,
  TopologyValidation,
  ValidationIssue,
} from './topology.schema.js';

/** What the rules need to know of each server a topology names. */
export interface ServerFacts {
  name: string;
  status: 'pending' | 'active' | 'unreachable' | 'maintenance';
}

/**
 * Which node kinds talk to each other; a connection works both ways. Odoo reaches its
 * database, Redis (sessions), the load balancer (which forwards to it) and the filestore;
 * a replica streams from its primary. Nothing else talks directly: Redis, the filestore and
 * the load balancer serve Odoo alone, and a replica is not offered to Odoo (the deployment
 * does not configure read replicas).
 */
const connectable: Record<NodeKind, readonly NodeKind[]> = {
  odoo: ['postgres', 'redis', 'load-balancer', 'filestore'],
  postgres: ['odoo', 'postgres-replica'],
  'postgres-replica': ['postgres'],
  redis: ['odoo'],
  'load-balancer': ['odoo'],
  filestore: ['odoo'],
};

/** The node kinds a node of `kind` may be connected to. */
export function connectableKinds(kind: NodeKind): readonly NodeKind[] {
  return connectable[kind];
}

const orList = (kinds: readonly string[]) =>
  kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}` : (kinds[0] ?? 'nothing');

/**
 * Why two nodes cannot be connected (an edge to itself, or kinds that do not talk), naming
 * both and what each may connect to; undefined when they can.
 */
export function connectionProblem(
  a: Pick<TopologyNode, 'id' | 'kind'>,
  b: Pick<TopologyNode, 'id' | 'kind'>,
): string | undefined {
  if (a.id === b.id) return `node ${a.id} cannot be connected to itself`;
  if (connectable[a.kind].includes(b.kind)) return undefined;
  const may = (kind: NodeKind) => `${kind} nodes connect only to ${orList(connectable[kind])}`;
  const reasons = a.kind === b.kind ? may(a.kind) : `${may(a.kind)}; ${may(b.kind)}`;
  return `${a.id} (${a.kind}) and ${b.id} (${b.kind}) cannot be connected: ${reasons}`;
}

const issue = (code: string, message: string, nodeId?: string): ValidationIssue =>
  nodeId ? { nodeId, code, message } : { code, message };

function checkServers(
  data: TopologyData,
  ha: HaConfig,
  servers: ReadonlyMap<string, ServerFacts>,
  errors: ValidationIssue[],
) {
  const refs: [string, string | undefined, string][] = data.nodes.map((n) => [n.serverId, n.id, `node ${n.id}`]);
  if (ha.lbServerId) refs.push([ha.lbServerId, undefined, 'the load balancer (lbServerId)']);
  if (ha.redisEnabled && ha.redisServerId) refs.push([ha.redisServerId, undefined, 'Redis (redisServerId)']);
  for (const [serverId, nodeId, what] of refs) {
    const server = servers.get(serverId);
    if (!server)
      errors.push(issue('SERVER_NOT_FOUND', `${what} names a server that is not in this organization`, nodeId));
    // Pending: not checked yet; the deploy's own SSH connection checks it for real.
    else if (server.status !== 'active' && server.status !== 'pending')
      errors.push(issue('SERVER_NOT_ACTIVE', `${what} runs on ${server.name}, which is ${server.status}`, nodeId));
  }
}

function checkStructure(data: TopologyData, errors: ValidationIssue[]) {
  const seen = new Set<string>();
  for (const node of data.nodes) {
    if (seen.has(node.id)) errors.push(issue('DUPLICATE_NODE', `node id ${node.id} is used twice`, node.id));
    seen.add(node.id);
  }
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  for (const edge of data.edges) {
    for (const end of [edge.source, edge.target]) {
      if (!seen.has(end))
        errors.push(
          issue('EDGE_UNKNOWN_NODE', `an edge ${edge.source} → ${edge.target} names ${end}, which is not a node`),
        );
    }
    const [source, target] = [byId.get(edge.source), byId.get(edge.target)];
    const problem = source && target ? connectionProblem(source, target) : undefined;
    if (problem) errors.push(issue('EDGE_NOT_ALLOWED', problem, edge.source));
  }
  const count = (kind: NodeKind) => data.nodes.filter((n) => n.kind === kind).length;
  if (count('odoo') === 0) errors.push(issue('NO_ODOO', 'a topology needs at least one odoo node'));
  if (count('postgres') === 0) errors.push(issue('NO_DATABASE', 'a topology needs a postgres node'));
  if (count('postgres') > 1)
    errors.push(
      issue('MULTIPLE_PRIMARIES', 'only one postgres primary is allowed; add the others as postgres-replica'),
    );
}

function checkHa(data: TopologyData, ha: HaConfig, errors: ValidationIssue[]) {
  const odoo = data.nodes.filter((n) => n.kind === 'odoo').length;
  const lbNode = data.nodes.some((n) => n.kind === 'load-balancer');
  if (odoo > 1 && !lbNode && !ha.lbServerId) {
    errors.push(
      issue('LB_REQUIRED', `${odoo} odoo nodes need a load balancer: add a load-balancer node or set lbServerId`),
    );
  }
  if (odoo > 1 && ha.filestoreType === 'local') {
    errors.push(
      issue(
        'LOCAL_FILESTORE_MULTI_ODOO',
        'a local filestore cannot be shared by several odoo nodes; use shared_nfs or s3',
      ),
    );
  }
  if (ha.redisEnabled && !ha.redisServerId && !data.nodes.some((n) => n.kind === 'redis')) {
    errors.push(issue('REDIS_SERVER_MISSING', 'Redis is enabled but no redisServerId or redis node is set'));
  }
  if (ha.pgFailoverEnabled && !data.nodes.some((n) => n.kind === 'postgres-replica')) {
    errors.push(issue('REPLICA_REQUIRED', 'PostgreSQL failover needs a postgres-replica node'));
  }
}

/** Roles that must not share a server (errors), and ones that should not (warnings). */
function checkRoles(data: TopologyData, errors: ValidationIssue[], warnings: ValidationIssue[]) {
  const byServer = new Map<string, NodeKind[]>();
  for (const n of data.nodes) byServer.set(n.serverId, [...(byServer.get(n.serverId) ?? []), n.kind]);
  for (const [serverId, kinds] of byServer) {
    const nodeId = data.nodes.find((n) => n.serverId === serverId)?.id;
    if (kinds.includes('postgres') && kinds.includes('postgres-replica')) {
      errors.push(issue('ROLE_CONFLICT', 'a postgres primary and its replica on one server give no failover', nodeId));
    }
    if (kinds.includes('load-balancer') && kinds.filter((k) => k === 'odoo').length > 0) {
      warnings.push(
        issue(
          'ROLE_SHARED',
          'the load balancer shares a server with an odoo node; losing that server loses both',
          nodeId,
        ),
      );
    }
    if (kinds.filter((k) => k === 'odoo').length > 1) {
      warnings.push(issue('ROLE_SHARED', 'several odoo nodes on one server do not add availability', nodeId));
    }
  }
}

/** Which nodes must be connected by an edge: each odoo to the database (and Redis), the load balancer to each odoo. */
function checkReachability(data: TopologyData, ha: HaConfig, errors: ValidationIssue[]) {
  const linked = new Set(data.edges.flatMap((e) => [`${e.source}|${e.target}`, `${e.target}|${e.source}`]));
  const connected = (a: string, kind: NodeKind) =>
    data.nodes.some((n) => n.kind === kind && linked.has(`${a}|${n.id}`));
  for (const node of data.nodes) {
    if (node.kind === 'odoo' && data.nodes.some((n) => n.kind === 'postgres') && !connected(node.id, 'postgres')) {
      errors.push(
        issue('UNREACHABLE_DATABASE', `odoo node ${node.id} has no connection to the postgres node`, node.id),
      );
    }
    if (
      node.kind === 'odoo' &&
      ha.redisEnabled &&
      data.nodes.some((n) => n.kind === 'redis') &&
      !connected(node.id, 'redis')
    ) {
      errors.push(issue('UNREACHABLE_REDIS', `odoo node ${node.id} has no connection to the redis node`, node.id));
    }
    if (node.kind === 'load-balancer' && !connected(node.id, 'odoo')) {
      errors.push(issue('UNREACHABLE_ODOO', `load balancer ${node.id} is connected to no odoo node`, node.id));
    }
    if (node.kind === 'postgres-replica' && !connected(node.id, 'postgres')) {
      errors.push(
        issue('UNREACHABLE_PRIMARY', `replica ${node.id} has no connection to the postgres primary`, node.id),
      );
    }
  }
}

/**
 * Checks a topology before it is deployed: servers exist and are active, the HA settings
 * hold together, roles do not collide on a server, and the nodes that must talk are
 * connected. Errors block a deploy; warnings do not.
 */
export function validateTopology(
  data: TopologyData,
  ha: HaConfig,
  servers: ReadonlyMap<string, ServerFacts>,
): TopologyValidation {
  const errors: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  checkStructure(data, errors);
  checkServers(data, ha, servers, errors);
  checkHa(data, ha, errors);
  checkRoles(data, errors, warnings);
  checkReachability(data, ha, errors);
  return { valid: errors.length === 0, errors, warnings };
}
