import type { InstanceRecord } from './instance.ports.js';
import type { Instance } from './instance.schema.js';

/** A DNS label from a name: lower case letters, digits and hyphens, at most 40 characters. */
export function slugFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'odoo';
}

/**
 * How users reach the instances' hostnames: the proxy's own HTTP port, or https on 443 when
 * TLS is terminated in front of it (OCORE_INSTANCE_URL_SCHEME).
 */
export interface InstanceUrlOptions {
  scheme: 'http' | 'https';
  port: number;
}

const defaultPorts = { http: 80, https: 443 } as const;

/** The instance's public address, when a base domain is configured; the port only when not the scheme's own. */
export function instanceUrl(
  slug: string,
  baseDomain: string | undefined,
  access: InstanceUrlOptions = { scheme: 'https', port: 443 },
): string | null {
  if (!baseDomain) return null;
  const port = access.port === defaultPorts[access.scheme] ? '' : `:${access.port}`;
  return `${access.scheme}://${slug}.${baseDomain}${port}`;
}

/** The record as answered: with its url. */
export function toInstance(
  record: InstanceRecord,
  baseDomain: string | undefined,
  access?: InstanceUrlOptions,
): Instance {
  return { ...record, url: instanceUrl(record.slug, baseDomain, access) };
}

const short = (id: string) => id.replace(/-/g, '').slice(0, 12);

/** What the control plane names on a server for an instance; everything it makes starts with `ocore-`. */
export function runtimeNames(instance: Pick<InstanceRecord, 'id' | 'organizationId'>) {
  const id = short(instance.id);
  return {
    container: `ocore-odoo-${id}`,
    /** One network per organization (a client's instances never share one with another's). */
    network: `ocore-net-${short(instance.organizationId)}`,
    filestore: `ocore-odoo-${id}-data`,
    addons: `ocore-odoo-${id}-addons`,
    /** PostgreSQL role and database: the same name. */
    database: `odoo_${id}`,
  };
}

/** The server's shared PostgreSQL container, created on first use. */
export const sharedPostgres = {
  container: 'ocore-postgres',
  volume: 'ocore-postgres-data',
  /** Its name on every client network it joins. */
  alias: 'ocore-postgres',
} as const;

/** Labels on everything made for an instance: the runtime lists and removes by them. */
export function instanceLabels(instance: Pick<InstanceRecord, 'id' | 'organizationId'>): Record<string, string> {
  return { 'ocore.managed': 'true', 'ocore.instance': instance.id, 'ocore.organization': instance.organizationId };
}

/** A value for odoo.conf: one line, no way to start another key. */
function confValue(value: string): string {
  return value.replace(/[\r\n]/g, ' ');
}

export interface OdooConfInput {
  workers: number;
  database: string;
  dbPassword: string;
  adminPassword: string;
  dbHost: string;
  /** 5432 unless the database listens elsewhere. */
  dbPort?: number;
  /** Memory limits per worker follow the container's memory, when it has a limit. */
  memoryLimitMb: number | null;
}

/**
 * The instance's odoo.conf: its own database only (dbfilter, list_db off), behind the proxy
 * (proxy_mode), workers and limits, the admin password, and data_dir on the filestore volume.
 */
export function renderOdooConf(input: OdooConfInput): string {
  const perWorkerMb = input.memoryLimitMb ? Math.max(256, Math.floor(input.memoryLimitMb / (input.workers + 2))) : 2048;
  const hard = perWorkerMb * 1024 * 1024;
  const lines = [
    '[options]',
    `admin_passwd = ${confValue(input.adminPassword)}`,
    `db_host = ${confValue(input.dbHost)}`,
    `db_port = ${input.dbPort ?? 5432}`,
    `db_user = ${confValue(input.database)}`,
    `db_password = ${confValue(input.dbPassword)}`,
    `db_name = ${confValue(input.database)}`,
    `dbfilter = ^${confValue(input.database)}$`,
    'list_db = False',
    'proxy_mode = True',
    `workers = ${input.workers}`,
    'max_cron_threads = 1',
    `limit_memory_soft = ${Math.floor(hard * 0.8)}`,
    `limit_memory_hard = ${hard}`,
    'limit_time_cpu = 600',
    'limit_time_real = 1200',
    'data_dir = /var/lib/odoo',
    'addons_path = /mnt/extra-addons',
    'http_port = 8069',
    'gevent_port = 8072',
  ];
  return `${lines.join('\n')}\n`;
}

/** A random password: 32 hex characters. */
export function randomPassword(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The operations a user may start in each status; others are refused naming the status. */
export const allowedOperations: Record<InstanceRecord['status'], readonly string[]> = {
  pending: ['delete'],
  deploying: [],
  running: ['stop', 'restart', 'redeploy', 'update', 'delete'],
  stopped: ['start', 'redeploy', 'update', 'delete'],
  failed: ['start', 'redeploy', 'update', 'delete'],
  deleting: ['delete'],
};
