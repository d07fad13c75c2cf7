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
  /** The proxies' published TLS port: an instance whose hostname's certificate is served is at https there. */
  httpsPort?: number;
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

/** The record as answered: with its url, https on the proxies' TLS port once its hostname has a certificate. */
export function toInstance(
  record: InstanceRecord,
  baseDomain: string | undefined,
  access?: InstanceUrlOptions,
): Instance {
  const hostnameCertificate = record.hostnameCertificate ?? null;
  // A certificate once issued stays served while a renewal is under way.
  const secure = hostnameCertificate?.expiresAt && access?.httpsPort;
  const served = secure ? { scheme: 'https' as const, port: secure } : access;
  return { ...record, hostnameCertificate, url: instanceUrl(record.slug, baseDomain, served) };
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

/** Where the Odoo container reads its configuration. */
export const odooConfPath = '/etc/odoo/odoo.conf';

/**
 * The odoo.conf keys the control plane sets on every deploy, redeploy and update: its
 * database and credentials, isolation (dbfilter, list_db), the proxy, workers and memory
 * limits, where data and addons live, and the ports the proxy reaches. A user's own value
 * for one of them is replaced (db_name and dbfilter follow the database served, as chosen in
 * the database management); every other key (and other sections) written in the file editor
 * is kept.
 */
export const managedOdooConfKeys = [
  'admin_passwd',
  'db_host',
  'db_port',
  'db_user',
  'db_password',
  'db_name',
  'dbfilter',
  'list_db',
  'proxy_mode',
  'workers',
  'limit_memory_soft',
  'limit_memory_hard',
  'data_dir',
  'addons_path',
  'http_port',
  'gevent_port',
] as const;

const managedKeys = new Set<string>(managedOdooConfKeys);

/** The key of an `key = value` line, or undefined for a comment, a blank or a section line. */
function confKey(line: string): string | undefined {
  const match = /^\s*([A-Za-z0-9_.-]+)\s*[=:]/.exec(line);
  return match?.[1]?.toLowerCase();
}

/** The `key = value` of [options] in a file, if set. */
function confValueOf(conf: string, key: string): string | undefined {
  return new RegExp(`^\\s*${key}\\s*=\\s*(.*?)\\s*$`, 'm').exec(conf)?.[1];
}

/**
 * The database the instance serves stays the one chosen in its database management (which
 * writes db_name and dbfilter): a deploy serves it again, with its dbfilter, rather than
 * going back to the first database. Only an instance's database name is taken.
 */
function keepServedDatabase(conf: string, current: string): string {
  const served = confValueOf(current, 'db_name');
  if (!served || served === 'False' || served === confValueOf(conf, 'db_name')) return conf;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$/.test(served)) return conf;
  return conf
    .replace(/^db_name = .*$/m, `db_name = ${served}`)
    .replace(/^dbfilter = .*$/m, `dbfilter = ^${served.replaceAll('.', '\\.')}$`);
}

/**
 * odoo.conf as a deploy writes it: the freshly rendered file, with the user's own lines of
 * `current` (the file in the container, as the file editor left it) kept. In `[options]`,
 * every key the control plane does not manage keeps its line (and a rendered default such as
 * limit_time_real or max_cron_threads yields to the user's value); other sections stay as
 * they were. Answers the file and the user's keys it kept.
 */
export function mergeOdooConf(rendered: string, current: string | undefined): { conf: string; keptKeys: string[] } {
  if (!current?.trim()) return { conf: rendered, keptKeys: [] };
  /** The user's lines of each key the control plane does not manage: its comments, then the line. */
  const own = new Map<string, string[]>();
  const others: string[] = [];
  let section: string | undefined;
  let comments: string[] = [];
  for (const line of current.replace(/\r\n/g, '\n').split('\n')) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = header[1]?.trim().toLowerCase();
      comments = [];
      if (section !== 'options') others.push(line);
      continue;
    }
    if (section !== 'options') {
      if (section !== undefined) others.push(line);
      continue;
    }
    const key = confKey(line);
    if (key === undefined) {
      // Comments travel with the key line they precede.
      if (line.trim()) comments.push(line);
      continue;
    }
    if (!managedKeys.has(key) && !own.has(key)) own.set(key, [...comments, line]);
    comments = [];
  }
  const keptKeys: string[] = [];
  const placed = new Set<string>();
  // A default the control plane only proposes (limit_time_real…) yields to the user's value, in place.
  const base = rendered
    .trimEnd()
    .split('\n')
    .flatMap((line) => {
      const key = confKey(line);
      const mine = key === undefined ? undefined : own.get(key);
      if (key === undefined || !mine) return [line];
      placed.add(key);
      if (mine.at(-1)?.trim() !== line.trim() || mine.length > 1) keptKeys.push(key);
      return mine;
    });
  const added = [...own].filter(([key]) => !placed.has(key));
  keptKeys.push(...added.map(([key]) => key));
  const tail = others.join('\n').trim();
  const conf = [...base, ...added.flatMap(([, lines]) => lines)].join('\n') + '\n' + (tail ? `\n${tail}\n` : '');
  return { conf: keepServedDatabase(conf, current), keptKeys };
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
