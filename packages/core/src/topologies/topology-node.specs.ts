import { renderOdooConf } from '../instances/instance.rules.js';
import { odooImageFor, type StepSettings } from '../instances/odoo.steps.js';
import { RuntimeError, type ContainerSpec } from '../runtime/container-runtime.ports.js';
import type { Endpoint, NodePlan } from './deployment.plan.js';
import type { DeploySecrets } from './deployment.ports.js';

/** The images and waits of the nodes run on the container runtime. */
export interface NodeStepSettings extends StepSettings {
  /** The Redis image (`redis:7` by default). */
  redisImage: string;
  /** The address ports used from other servers are published on; every address when unset. */
  publishIp?: string;
}

/** What a node's containers are made from besides its plan. */
export interface NodeContext {
  topologyId: string;
  organizationId: string;
  secrets: DeploySecrets;
  settings: NodeStepSettings;
}

const short = (id: string) => id.replace(/-/g, '').slice(0, 12);

/** The names of a topology's things on a server: its network, and each node's container and volume. */
export function topologyNames(topologyId: string, nodeId: string) {
  const prefix = `ocore-topo-${short(topologyId)}`;
  return {
    network: prefix,
    container: `${prefix}-${nodeId}`,
    volume: `${prefix}-${nodeId}-data`,
    /** Odoo's /mnt/extra-addons: named, not left to an anonymous volume. */
    addons: `${prefix}-${nodeId}-addons`,
  };
}

/** The Odoo database (and its owner role) of a topology, on its primary. */
export const topologyDatabase = (topologyId: string) => `odoo_${short(topologyId)}`;

/** Labels on everything made for a topology's node. */
export function topologyLabels(ctx: NodeContext, nodeId: string): Record<string, string> {
  return {
    'ocore.managed': 'true',
    'ocore.topology': ctx.topologyId,
    'ocore.organization': ctx.organizationId,
    'ocore.node': nodeId,
  };
}

/**
 * How `plan` reaches another node: by name on the topology's network when both are on one
 * machine (one address: server records for the same host share its engine), else its published port.
 */
export function reachNode(ctx: NodeContext, plan: NodePlan, target: Endpoint, innerPort: number) {
  return plan.server.host === target.host
    ? { host: topologyNames(ctx.topologyId, target.nodeId).container, port: innerPort }
    : { host: target.host, port: target.port };
}

function base(ctx: NodeContext, plan: NodePlan, image: string): ContainerSpec {
  const names = topologyNames(ctx.topologyId, plan.nodeId);
  return {
    name: names.container,
    image,
    labels: topologyLabels(ctx, plan.nodeId),
    networks: [{ name: names.network, aliases: [names.container] }],
    restart: 'unless-stopped',
  };
}

function published(ctx: NodeContext, plan: NodePlan, pairs: [inner: number, outer: number][]): ContainerSpec['ports'] {
  if (!plan.publishIp) return [];
  const hostIp = plan.publishIp === '127.0.0.1' ? plan.publishIp : (ctx.settings.publishIp ?? plan.publishIp);
  return pairs.map(([containerPort, hostPort]) => ({ containerPort, hostPort, hostIp }));
}

/** The primary: the postgres image as it comes, its data on the node's volume. */
export function postgresSpec(ctx: NodeContext, plan: NodePlan): ContainerSpec {
  const names = topologyNames(ctx.topologyId, plan.nodeId);
  return {
    ...base(ctx, plan, ctx.settings.postgresImage),
    env: { POSTGRES_PASSWORD: ctx.secrets.databasePassword },
    volumes: [{ volume: names.volume, target: '/var/lib/postgresql/data' }],
    ports: published(ctx, plan, [[5432, plan.healthPort]]),
  };
}

/**
 * Makes an empty data directory a copy of the primary (pg_basebackup -R writes standby.signal
 * and primary_conninfo), then hands over to the image's own entrypoint, which finds a cluster
 * and starts it as a standby. Nothing but what the official postgres image allows.
 */
const replicaScript = `set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  find "$PGDATA" -mindepth 1 -delete
  pg_basebackup -h "$OCORE_PRIMARY_HOST" -p "$OCORE_PRIMARY_PORT" -U replicator -D "$PGDATA" -R -X stream
  chmod 700 "$PGDATA"
fi
exec docker-entrypoint.sh postgres`;

/** A streaming replica of the primary, as user postgres. */
export function replicaSpec(ctx: NodeContext, plan: NodePlan): ContainerSpec {
  if (plan.settings.kind !== 'postgres-replica') throw new Error('not a replica');
  const names = topologyNames(ctx.topologyId, plan.nodeId);
  const primary = reachNode(ctx, plan, plan.settings.primary, 5432);
  return {
    ...base(ctx, plan, ctx.settings.postgresImage),
    user: 'postgres',
    entrypoint: ['bash', '-c', replicaScript],
    // libpq reads PGPASSWORD: pg_basebackup, then the standby's WAL receiver.
    env: {
      PGPASSWORD: ctx.secrets.replicationPassword,
      OCORE_PRIMARY_HOST: primary.host,
      OCORE_PRIMARY_PORT: String(primary.port),
    },
    volumes: [{ volume: names.volume, target: '/var/lib/postgresql/data' }],
    ports: published(ctx, plan, [[5432, plan.healthPort]]),
  };
}

/** Redis with a password and an append-only file, from a configuration file the image is given. */
export function redisSpec(ctx: NodeContext, plan: NodePlan): ContainerSpec {
  const names = topologyNames(ctx.topologyId, plan.nodeId);
  const conf = `requirepass ${ctx.secrets.redisPassword}\nappendonly yes\ndir /data\n`;
  return {
    ...base(ctx, plan, ctx.settings.redisImage),
    command: ['redis-server', '/etc/ocore-redis.conf'],
    volumes: [{ volume: names.volume, target: '/data' }],
    ports: published(ctx, plan, [[6379, plan.healthPort]]),
    files: { directory: '/etc', files: [{ path: 'ocore-redis.conf', content: conf, mode: 0o644 }] },
  };
}

/** The volume the Odoo node keeps its filestore on: the filestore node's, when there is one. */
function filestoreVolume(ctx: NodeContext, plan: NodePlan): string {
  if (plan.settings.kind !== 'odoo') throw new Error('not an Odoo node');
  const { nodeId, host } = plan.settings.filestore;
  if (!nodeId) return topologyNames(ctx.topologyId, plan.nodeId).volume;
  if (host !== plan.server.host)
    throw new RuntimeError(
      'mount filestore',
      `the filestore node ${nodeId} is a volume on another server; put the Odoo nodes that share it on its server`,
      'conflict',
    );
  return topologyNames(ctx.topologyId, nodeId).volume;
}

/** Odoo on the topology's database, its odoo.conf written before it starts, as user odoo. */
export function odooSpec(ctx: NodeContext, plan: NodePlan): ContainerSpec {
  const s = plan.settings;
  if (s.kind !== 'odoo') throw new Error('not an Odoo node');
  const database = reachNode(ctx, plan, s.database, 5432);
  const conf = renderOdooConf({
    workers: s.workers,
    database: topologyDatabase(ctx.topologyId),
    dbPassword: ctx.secrets.databasePassword,
    adminPassword: ctx.secrets.adminPassword,
    dbHost: database.host,
    dbPort: database.port,
    memoryLimitMb: null,
  });
  const redis = s.redis ? reachNode(ctx, plan, s.redis, 6379) : undefined;
  return {
    ...base(ctx, plan, odooImageFor(ctx.settings.odooImage, s.version)),
    command: ['odoo', '-c', '/etc/odoo/odoo.conf'],
    user: 'odoo',
    env: redis
      ? {
          ODOO_SESSION_REDIS: '1',
          ODOO_SESSION_REDIS_HOST: redis.host,
          ODOO_SESSION_REDIS_PORT: String(redis.port),
          ODOO_SESSION_REDIS_PASSWORD: ctx.secrets.redisPassword,
        }
      : {},
    volumes: [
      { volume: filestoreVolume(ctx, plan), target: '/var/lib/odoo' },
      { volume: topologyNames(ctx.topologyId, plan.nodeId).addons, target: '/mnt/extra-addons' },
    ],
    ports: published(ctx, plan, [
      [8069, 8069],
      [8072, 8072],
    ]),
    files: { directory: '/etc/odoo', files: [{ path: 'odoo.conf', content: conf, mode: 0o644 }] },
  };
}
