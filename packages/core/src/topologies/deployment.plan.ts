import type { HaConfig, NodeKind, Topology, TopologyNode } from './topology.schema.js';

/** Where a node runs, as the plan needs it. */
export interface PlanServer {
  id: string;
  name: string;
  host: string;
}

/** The well-known ports the rendered services listen on. */
export const servicePorts = {
  postgres: 5432,
  redis: 6379,
  odooHttp: 8069,
  odooLongpolling: 8072,
  nfs: 2049,
  s3: 9000,
  loadBalancer: 80,
} as const;

/**
 * Another node a node talks to: `host` and `port` as seen from another server; `nodeId` and
 * `serverId` let a node on the same server reach it on the topology's network instead.
 */
export interface Endpoint {
  host: string;
  port: number;
  nodeId: string;
  serverId: string;
}

export interface OdooSettings {
  kind: 'odoo';
  version: string;
  workers: number;
  database: Endpoint;
  redis: Endpoint | null;
  filestore: { type: HaConfig['filestoreType']; host: string | null; nodeId: string | null; serverId: string | null };
  /** Behind a load balancer: Odoo trusts its forwarded headers. */
  proxyMode: boolean;
}

export interface LoadBalancerSettings {
  kind: 'load-balancer';
  lbType: HaConfig['lbType'];
  listenPort: number;
  backends: { nodeId: string; host: string; httpPort: number; longpollingPort: number }[];
}

export interface PostgresSettings {
  kind: 'postgres';
  port: number;
  replication: boolean;
}

export interface ReplicaSettings {
  kind: 'postgres-replica';
  port: number;
  primary: Endpoint;
}

export interface RedisSettings {
  kind: 'redis';
  port: number;
}

export interface FilestoreSettings {
  kind: 'filestore';
  type: HaConfig['filestoreType'];
  port: number;
}

export type NodeSettings =
  OdooSettings | LoadBalancerSettings | PostgresSettings | ReplicaSettings | RedisSettings | FilestoreSettings;

/** One node of a deployment, with everything its files are rendered from. */
export interface NodePlan {
  nodeId: string;
  kind: NodeKind;
  server: PlanServer;
  settings: NodeSettings;
  /** The TCP port whose answer proves the node is up, checked from the control plane. */
  healthPort: number;
  /**
   * Where the node's service port is published on its server: null when only nodes on the same
   * engine use it, loopback for a load balancer on the same server, every address when a node
   * on another server connects (the services require their passwords).
   */
  publishIp: string | null;
}

/** Data first, then what uses it, then the door in front: the order nodes are applied in. */
const applyOrder: readonly NodeKind[] = ['postgres', 'postgres-replica', 'redis', 'filestore', 'odoo', 'load-balancer'];

function numberSetting(node: TopologyNode, key: string, fallback: number, min: number, max: number): number {
  const value = Number(node.config?.[key]);
  return Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

function stringSetting(node: TopologyNode, key: string, fallback: string): string {
  const value = node.config?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
}

/**
 * The nodes to deploy: the topology's own, plus a load balancer on `lbServerId` and a
 * Redis on `redisServerId` when the HA settings name a server and the graph has no such
 * node. Each gets the settings its files need (hosts come from the servers' addresses).
 * The topology must have passed validation, so every server is known.
 */
export function planDeployment(
  topology: Pick<Topology, 'topologyData' | 'haConfig'>,
  servers: ReadonlyMap<string, PlanServer>,
): NodePlan[] {
  const ha = topology.haConfig;
  const nodes = [...topology.topologyData.nodes];
  const taken = new Set(nodes.map((n) => n.id));
  const freeId = (base: string) => {
    let id = base;
    for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
    taken.add(id);
    return id;
  };
  if (ha.lbServerId && !nodes.some((n) => n.kind === 'load-balancer'))
    nodes.push({ id: freeId('lb'), kind: 'load-balancer', serverId: ha.lbServerId });
  if (ha.redisEnabled && ha.redisServerId && !nodes.some((n) => n.kind === 'redis'))
    nodes.push({ id: freeId('redis'), kind: 'redis', serverId: ha.redisServerId });

  const server = (id: string): PlanServer => {
    const found = servers.get(id);
    if (!found) throw new Error(`server ${id} is not known; validate the topology first`);
    return found;
  };
  const first = (kind: NodeKind) => nodes.find((n) => n.kind === kind);
  const primary = first('postgres');
  const database: Endpoint = {
    host: primary ? server(primary.serverId).host : '',
    port: primary ? numberSetting(primary, 'port', servicePorts.postgres, 1, 65535) : servicePorts.postgres,
    nodeId: primary?.id ?? '',
    serverId: primary?.serverId ?? '',
  };
  const redisNode = ha.redisEnabled ? first('redis') : undefined;
  const redis: Endpoint | null = redisNode
    ? {
        host: server(redisNode.serverId).host,
        port: numberSetting(redisNode, 'port', servicePorts.redis, 1, 65535),
        nodeId: redisNode.id,
        serverId: redisNode.serverId,
      }
    : null;
  const filestoreNode = first('filestore');
  const lbNode = first('load-balancer');
  const hasLb = Boolean(lbNode);
  const publishIp = (node: TopologyNode): string | null => {
    const consumers =
      node.kind === 'postgres'
        ? nodes.filter((n) => n.kind === 'odoo' || n.kind === 'postgres-replica')
        : node.kind === 'redis'
          ? nodes.filter((n) => n.kind === 'odoo')
          : [];
    const host = server(node.serverId).host;
    if (consumers.some((n) => server(n.serverId).host !== host)) return '0.0.0.0';
    if (node.kind === 'odoo' && lbNode) return server(lbNode.serverId).host === host ? '127.0.0.1' : '0.0.0.0';
    return null;
  };

  const settingsOf = (node: TopologyNode): NodeSettings => {
    switch (node.kind) {
      case 'odoo':
        return {
          kind: 'odoo',
          version: stringSetting(node, 'version', '18.0'),
          workers: numberSetting(node, 'workers', 2, 0, 64),
          database,
          redis,
          filestore: {
            type: ha.filestoreType,
            host: filestoreNode ? server(filestoreNode.serverId).host : null,
            nodeId: filestoreNode?.id ?? null,
            serverId: filestoreNode?.serverId ?? null,
          },
          proxyMode: hasLb,
        };
      case 'load-balancer':
        return {
          kind: 'load-balancer',
          lbType: ha.lbType,
          listenPort: numberSetting(node, 'port', servicePorts.loadBalancer, 1, 65535),
          backends: nodes
            .filter((n) => n.kind === 'odoo')
            .map((n) => ({
              nodeId: n.id,
              // Odoo publishes on loopback for a load balancer on its own machine.
              host: server(n.serverId).host === server(node.serverId).host ? '127.0.0.1' : server(n.serverId).host,
              httpPort: servicePorts.odooHttp,
              longpollingPort: servicePorts.odooLongpolling,
            })),
        };
      case 'postgres':
        return {
          kind: 'postgres',
          port: database.port,
          replication: ha.pgFailoverEnabled || nodes.some((n) => n.kind === 'postgres-replica'),
        };
      case 'postgres-replica':
        return {
          kind: 'postgres-replica',
          port: numberSetting(node, 'port', servicePorts.postgres, 1, 65535),
          primary: database,
        };
      case 'redis':
        return { kind: 'redis', port: numberSetting(node, 'port', servicePorts.redis, 1, 65535) };
      case 'filestore':
        return {
          kind: 'filestore',
          type: ha.filestoreType,
          port: ha.filestoreType === 's3' ? servicePorts.s3 : servicePorts.nfs,
        };
    }
  };
  const healthPort = (s: NodeSettings): number =>
    s.kind === 'odoo' ? servicePorts.odooHttp : s.kind === 'load-balancer' ? s.listenPort : s.port;

  return nodes
    .map((node) => {
      const settings = settingsOf(node);
      return {
        nodeId: node.id,
        kind: node.kind,
        server: server(node.serverId),
        settings,
        healthPort: healthPort(settings),
        publishIp: publishIp(node),
      };
    })
    .sort((a, b) => applyOrder.indexOf(a.kind) - applyOrder.indexOf(b.kind));
}
