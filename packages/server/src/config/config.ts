import { z } from 'zod';
import { passwordHashCosts, type PasswordHashCost } from '../auth/argon2-password.hasher.js';
import { normalRegistry, registryOf } from '../runtime/registry-auth.js';

const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().optional(),
  OCORE_DATA_DIR: z.string().default('./.ocore'),
  OCORE_PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^[1-9]\d{0,5}(kB|MB|GB)$/, 'a size such as 16MB')
    .default('16MB'),
  OCORE_JWT_SECRET: z.string().optional(),
  OCORE_MASTER_KEY: z.string().optional(),
  OCORE_MASTER_KEY_PREVIOUS: z.string().optional(),
  OCORE_ALLOW_PRIVATE_EGRESS: z.enum(['0', '1']).default('0'),
  OCORE_SUBSCRIPTION_VERIFY_URL: z.string().url().optional(),
  OCORE_SUBSCRIPTION_VERIFY_TOKEN: z.string().optional(),
  OCORE_JOBS: z.enum(['0', '1']).default('1'),
  OCORE_JOB_SUPERVISE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  OCORE_PORTAL_BASE_DOMAIN: z.string().optional(),
  OCORE_PUBLIC_IPS: z.string().optional(),
  OCORE_DNS_SERVERS: z.string().optional(),
  OCORE_ACME_DIRECTORY_URL: z.string().url().optional(),
  OCORE_ACME_EMAIL: z.string().email().optional(),
  OCORE_ACME_CA_CERT: z.string().optional(),
  OCORE_ACME_DNS01_HTTPREQ_URL: z.string().url().optional(),
  OCORE_ACME_DNS01_HTTPREQ_TOKEN: z.string().optional(),
  OCORE_CLOUDFLARE_API_URL: z.string().url().default('https://api.cloudflare.com/client/v4'),
  OCORE_HTTPS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  OCORE_DOMAIN_RETRY_SECONDS: z.coerce.number().int().min(1).default(60),
  OCORE_DOMAIN_RECHECK_SECONDS: z.coerce.number().int().min(1).default(3600),
  OCORE_DOMAIN_MISCONFIGURED_AFTER_SECONDS: z.coerce.number().int().min(0).default(600),
  OCORE_DOMAIN_INACTIVE_AFTER_SECONDS: z.coerce.number().int().min(0).default(86_400),
  OCORE_DOMAIN_CHECK_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(20),
  OCORE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  OCORE_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  OCORE_LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(100),
  OCORE_SIGNUPS_PER_HOUR: z.coerce.number().int().min(1).default(100),
  OCORE_LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  OCORE_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  OCORE_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  OCORE_WEB_DIR: z.string().optional(),
  OCORE_WEBAUTHN_RP_ID: z.string().optional(),
  OCORE_WEBAUTHN_ORIGIN: z.string().url().optional(),
  OCORE_DEPLOY_DIR: z
    .string()
    .min(1)
    .regex(/^[^\n'"]+$/, 'must be a path without quotes')
    .default('ocore/topologies'),
  OCORE_DEPLOY_START_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  /** Topology nodes run the instance images for Odoo and PostgreSQL, and this one for Redis. */
  OCORE_DEPLOY_REDIS_IMAGE: z.string().min(1).default('redis:7'),
  /** Where nodes used from another server publish their ports (every address by default). */
  OCORE_DEPLOY_PUBLISH_IP: z.union([z.ipv4(), z.ipv6()]).optional(),
  OCORE_STREAMS_PER_CONNECTION: z.coerce.number().int().min(1).default(20),
  OCORE_STREAMS_PER_USER: z.coerce.number().int().min(1).default(100),
  OCORE_REPLAY_MAX_EVENTS: z.coerce.number().int().min(1).default(5000),
  OCORE_WS_AUTH_GRACE_MS: z.coerce.number().int().min(100).default(10_000),
  OCORE_BATCH_MAX_CALLS: z.coerce.number().int().min(1).default(50),
  OCORE_BATCH_MAX_COST: z.coerce.number().int().min(1).default(100),
  OCORE_PUBLIC_URL: z.string().url().optional(),
  OCORE_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL')
    .optional(),
  OCORE_MAIL_FROM: z.string().email().default('no-reply@localhost'),
  OCORE_MAIL_RETRY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  OCORE_NOTIFY_RETRY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** How often each server is checked (SSH login, engine); 0: only on request (check now). */
  OCORE_SERVER_CHECK_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400)
    .refine((n) => n === 0 || n >= 60, '0 (only on request) or at least 60')
    .default(300),
  OCORE_INSTANCE_BASE_DOMAIN: z.string().optional(),
  OCORE_INSTANCE_ODOO_IMAGE: z.string().min(1).default('odoo:{version}'),
  OCORE_INSTANCE_POSTGRES_IMAGE: z.string().min(1).default('postgres:16'),
  OCORE_INSTANCE_HEALTH_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  OCORE_INSTANCE_URL_SCHEME: z.enum(['http', 'https']).default('http'),
  OCORE_PROXY_IMAGE: z.string().min(1).default('nginx:1.27'),
  /** A private registry's login, for pulls from the registry of the Odoo image (or OCORE_REGISTRY_HOST). */
  OCORE_REGISTRY_USERNAME: z.string().optional(),
  OCORE_REGISTRY_PASSWORD: z.string().optional(),
  OCORE_REGISTRY_HOST: z
    .string()
    .regex(/^[a-z0-9.-]+(:\d{1,5})?$/i, 'a registry host, such as registry.example.com or registry.example.com:5000')
    .optional(),
  OCORE_PROXY_HOST_IP: z.union([z.ipv4(), z.ipv6()], { message: 'an IP address' }).default('0.0.0.0'),
  OCORE_PROXY_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(80),
  OCORE_PROXY_HTTPS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  OCORE_TERMINAL_IDLE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  OCORE_TERMINAL_MAX_SECONDS: z.coerce.number().int().min(1).max(604_800).default(28_800),
  OCORE_BACKUP_SCHEDULE_TICK_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  OCORE_BACKUP_RETRY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  OCORE_BACKUP_OVERDUE_GRACE_SECONDS: z.coerce.number().int().min(1).max(604_800).default(3600),
  OCORE_PASSWORD_HASH: z.enum(passwordHashCosts).default('standard'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

export interface TransportLimits {
  /** Live subscriptions one WebSocket connection may hold. */
  streamsPerConnection: number;
  /** Live subscriptions one user may hold in this process, over every connection. */
  streamsPerUser: number;
  /** Events a reconnection may replay from `lastEventId`; more answers "too old, refetch". */
  replayMaxEvents: number;
  /** How long a WebSocket may stay open without an authenticated call. */
  wsAuthGraceMs: number;
  /** Calls in one tRPC batch (HTTP or WebSocket). */
  batchMaxCalls: number;
  /** The summed cost of one batch's calls (`cost` in a procedure's meta, 1 unless told). */
  batchMaxCost: number;
}

export interface Config {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  /** PGlite's folder and the generated keys' home; `memory` for tests. */
  dataDir: string;
  /** PGlite's shared_buffers: its memory grows to about this much above the idle size. */
  pgliteSharedBuffers: string;
  jwtSecret: string | undefined;
  masterKey: string | undefined;
  /** Earlier master keys (comma-separated), still able to open what they sealed. */
  previousMasterKeys: string[];
  /** Lets requests to user-supplied hosts reach private and loopback addresses (tests only). */
  allowPrivateEgress: boolean;
  subscriptionVerifyUrl: string | undefined;
  subscriptionVerifyToken: string | undefined;
  /** Runs the durable background jobs in this process. */
  jobs: boolean;
  /** How often pg-boss looks for jobs whose worker died (heartbeat stopped) or that expired. */
  jobSuperviseSeconds: number;
  /** Portal subdomains live under this domain, e.g. portal.agency.example. */
  portalBaseDomain: string | undefined;
  /** Addresses a custom domain's A/AAAA records may point to. */
  publicIps: string[];
  /** DNS servers (host:port) for verification; the system's when empty. */
  dnsServers: string[];
  acme: {
    directoryUrl: string | undefined;
    email: string | undefined;
    caCertFile: string | undefined;
    dns01HttpreqUrl: string | undefined;
    dns01HttpreqToken: string | undefined;
    /** Cloudflare's API, for organizations whose DNS provider is Cloudflare. */
    cloudflareApiUrl: string;
  };
  /** Serves the portals over HTTPS by SNI on this port. */
  httpsPort: number | undefined;
  domainChecks: {
    retrySeconds: number;
    recheckSeconds: number;
    misconfiguredAfterSeconds: number;
    inactiveAfterSeconds: number;
    concurrency: number;
  };
  production: boolean;
  tokenTtlSeconds: number;
  login: { failuresPerEmail: number; attemptsPerIp: number; windowSeconds: number };
  /** Accounts one address may create per hour. */
  signupsPerHour: number;
  maxBodyBytes: number;
  trustProxy: boolean;
  /** The built dashboard; none means the server serves only the APIs. */
  webDir: string | undefined;
  /** Passkeys' relying party: its domain and origin; by default the Host the dashboard was reached on. */
  webauthn: { rpId: string | undefined; origin: string | undefined };
  /** Where topology nodes' files go on each server (relative to the SSH user's home, or absolute), and how long a node may take to start. */
  deploy: { directory: string; startTimeoutSeconds: number; redisImage: string; publishIp: string | undefined };
  /** The dashboard's address for links in mail; by default the address the server listens on. */
  publicUrl: string | undefined;
  /** Outgoing mail: SMTP URL (none: .eml files in the data dir), platform sender, first retry delay. */
  mail: { smtpUrl: string | undefined; fromAddress: string; retrySeconds: number };
  /** Notification deliveries (webhooks, Slack, mail): the first retry's delay. */
  notifyRetrySeconds: number;
  /** How often each server is checked by the scheduled job; 0: never by schedule, only on request. */
  serverCheckSeconds: number;
  /**
   * Instances: the domain their hostnames are under (`<slug>.<baseDomain>`), the images
   * (`{version}` is the Odoo version, `{major}` its major), and how long Odoo may take to
   * answer /web/health.
   */
  instances: { baseDomain: string | undefined; odooImage: string; postgresImage: string; healthTimeoutSeconds: number };
  /**
   * A private registry's login, sent with pulls from that registry only (by default the Odoo
   * image's); sealed by the SecretBox at start-up. Undefined: every pull is anonymous.
   */
  registry: { registry: string; username: string; password: string } | undefined;
  /**
   * The reverse proxy on each server routing `<slug>.<baseDomain>`: its image, where its HTTP
   * port is published, and the scheme of the instances' URLs (https when TLS ends in front of it).
   */
  proxy: {
    image: string;
    hostIp: string;
    httpPort: number;
    urlScheme: 'http' | 'https';
    httpsPort: number | undefined;
  };
  /** Terminal sessions: an idle one ends after `idleSeconds`, none lasts beyond `maxSeconds`. */
  terminal: { idleSeconds: number; maxSeconds: number };
  /** How often due backup schedules are looked for, the first retry's delay, and how late is overdue. */
  backupSchedules: { tickSeconds: number; retrySeconds: number; graceSeconds: number };
  logLevel: string;
  /** Bounds on what one connection, user or request may hold of the server (SECURITY.md, "No single request stalls the server"). */
  transport: TransportLimits;
  /** argon2's cost: `standard` always in production; `fast-for-tests` spares test suites the 19 MiB per hash. */
  passwordHash: PasswordHashCost;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * The registry login, when both its username and password are set (one without the other is
 * refused, naming the missing one); for OCORE_REGISTRY_HOST, else the Odoo image's registry.
 */
function registryLogin(e: z.infer<typeof envSchema>): Config['registry'] {
  const username = e.OCORE_REGISTRY_USERNAME || undefined;
  const password = e.OCORE_REGISTRY_PASSWORD || undefined;
  if (!username && !password) {
    if (e.OCORE_REGISTRY_HOST)
      throw new Error(
        'Invalid configuration: OCORE_REGISTRY_HOST: is set without OCORE_REGISTRY_USERNAME and _PASSWORD',
      );
    return undefined;
  }
  if (!username || !password) {
    const missing = username ? 'OCORE_REGISTRY_PASSWORD' : 'OCORE_REGISTRY_USERNAME';
    throw new Error(
      `Invalid configuration: ${missing}: is required with ${username ? 'OCORE_REGISTRY_USERNAME' : 'OCORE_REGISTRY_PASSWORD'}`,
    );
  }
  const host = e.OCORE_REGISTRY_HOST;
  const registry = host ? normalRegistry(host) : registryOf(e.OCORE_INSTANCE_ODOO_IMAGE);
  return { registry, username, password };
}

/** Reads the configuration from the environment; a bad value stops start-up with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const registry = registryLogin(e);
  if (e.OCORE_PASSWORD_HASH !== 'standard' && e.NODE_ENV === 'production') {
    throw new Error(
      `Invalid configuration: OCORE_PASSWORD_HASH: ${e.OCORE_PASSWORD_HASH} is for tests, never for NODE_ENV=production`,
    );
  }
  return {
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: e.OCORE_DATA_DIR,
    pgliteSharedBuffers: e.OCORE_PGLITE_SHARED_BUFFERS,
    jwtSecret: e.OCORE_JWT_SECRET || undefined,
    masterKey: e.OCORE_MASTER_KEY || undefined,
    previousMasterKeys: (e.OCORE_MASTER_KEY_PREVIOUS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    allowPrivateEgress: e.OCORE_ALLOW_PRIVATE_EGRESS === '1',
    subscriptionVerifyUrl: e.OCORE_SUBSCRIPTION_VERIFY_URL,
    subscriptionVerifyToken: e.OCORE_SUBSCRIPTION_VERIFY_TOKEN,
    jobs: e.OCORE_JOBS === '1',
    jobSuperviseSeconds: e.OCORE_JOB_SUPERVISE_SECONDS,
    portalBaseDomain: e.OCORE_PORTAL_BASE_DOMAIN?.toLowerCase() || undefined,
    publicIps: list(e.OCORE_PUBLIC_IPS),
    dnsServers: list(e.OCORE_DNS_SERVERS),
    acme: {
      directoryUrl: e.OCORE_ACME_DIRECTORY_URL,
      email: e.OCORE_ACME_EMAIL,
      caCertFile: e.OCORE_ACME_CA_CERT,
      dns01HttpreqUrl: e.OCORE_ACME_DNS01_HTTPREQ_URL,
      dns01HttpreqToken: e.OCORE_ACME_DNS01_HTTPREQ_TOKEN,
      cloudflareApiUrl: e.OCORE_CLOUDFLARE_API_URL,
    },
    httpsPort: e.OCORE_HTTPS_PORT,
    domainChecks: {
      retrySeconds: e.OCORE_DOMAIN_RETRY_SECONDS,
      recheckSeconds: e.OCORE_DOMAIN_RECHECK_SECONDS,
      misconfiguredAfterSeconds: e.OCORE_DOMAIN_MISCONFIGURED_AFTER_SECONDS,
      inactiveAfterSeconds: e.OCORE_DOMAIN_INACTIVE_AFTER_SECONDS,
      concurrency: e.OCORE_DOMAIN_CHECK_CONCURRENCY,
    },
    production: e.NODE_ENV === 'production',
    tokenTtlSeconds: e.OCORE_TOKEN_TTL_SECONDS,
    login: {
      failuresPerEmail: e.OCORE_LOGIN_MAX_FAILURES,
      attemptsPerIp: e.OCORE_LOGIN_MAX_ATTEMPTS_PER_IP,
      windowSeconds: e.OCORE_LOGIN_WINDOW_SECONDS,
    },
    signupsPerHour: e.OCORE_SIGNUPS_PER_HOUR,
    maxBodyBytes: e.OCORE_MAX_BODY_BYTES,
    trustProxy: e.OCORE_TRUST_PROXY === '1',
    webDir: e.OCORE_WEB_DIR,
    webauthn: { rpId: e.OCORE_WEBAUTHN_RP_ID || undefined, origin: e.OCORE_WEBAUTHN_ORIGIN || undefined },
    deploy: {
      directory: e.OCORE_DEPLOY_DIR,
      startTimeoutSeconds: e.OCORE_DEPLOY_START_TIMEOUT_SECONDS,
      redisImage: e.OCORE_DEPLOY_REDIS_IMAGE,
      publishIp: e.OCORE_DEPLOY_PUBLISH_IP,
    },
    publicUrl: e.OCORE_PUBLIC_URL?.replace(/\/+$/, '') || undefined,
    mail: {
      smtpUrl: e.OCORE_SMTP_URL || undefined,
      fromAddress: e.OCORE_MAIL_FROM,
      retrySeconds: e.OCORE_MAIL_RETRY_SECONDS,
    },
    notifyRetrySeconds: e.OCORE_NOTIFY_RETRY_SECONDS,
    serverCheckSeconds: e.OCORE_SERVER_CHECK_SECONDS,
    instances: {
      baseDomain: e.OCORE_INSTANCE_BASE_DOMAIN?.toLowerCase() || undefined,
      odooImage: e.OCORE_INSTANCE_ODOO_IMAGE,
      postgresImage: e.OCORE_INSTANCE_POSTGRES_IMAGE,
      healthTimeoutSeconds: e.OCORE_INSTANCE_HEALTH_TIMEOUT_SECONDS,
    },
    registry,
    proxy: {
      image: e.OCORE_PROXY_IMAGE,
      hostIp: e.OCORE_PROXY_HOST_IP,
      httpPort: e.OCORE_PROXY_HTTP_PORT,
      httpsPort: e.OCORE_PROXY_HTTPS_PORT,
      urlScheme: e.OCORE_INSTANCE_URL_SCHEME,
    },
    terminal: { idleSeconds: e.OCORE_TERMINAL_IDLE_SECONDS, maxSeconds: e.OCORE_TERMINAL_MAX_SECONDS },
    backupSchedules: {
      tickSeconds: e.OCORE_BACKUP_SCHEDULE_TICK_SECONDS,
      retrySeconds: e.OCORE_BACKUP_RETRY_SECONDS,
      graceSeconds: e.OCORE_BACKUP_OVERDUE_GRACE_SECONDS,
    },
    logLevel: e.LOG_LEVEL,
    transport: {
      streamsPerConnection: e.OCORE_STREAMS_PER_CONNECTION,
      streamsPerUser: e.OCORE_STREAMS_PER_USER,
      replayMaxEvents: e.OCORE_REPLAY_MAX_EVENTS,
      wsAuthGraceMs: e.OCORE_WS_AUTH_GRACE_MS,
      batchMaxCalls: e.OCORE_BATCH_MAX_CALLS,
      batchMaxCost: e.OCORE_BATCH_MAX_COST,
    },
    passwordHash: e.OCORE_PASSWORD_HASH,
  };
}
