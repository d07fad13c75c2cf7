import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import {
  systemClock,
  type CertificateAuthority,
  type CheckPolicy,
  type Clock,
  type ContainerRuntimes,
  type DnsResolver,
  type SecretBox,
  type StepSettings,
  createInstanceLogHub,
} from '@ocore/core';
import { createArgon2Hasher } from './auth/argon2-password.hasher.js';
import { createJoseTokenService } from './auth/jose-token.service.js';
import { createLoginThrottle } from './auth/login-throttle.js';
import { createLimiterStore, createRequestLimits } from './http/rate-limits.js';
import type { Config } from './config/config.js';
import { decodeMasterKey, loadKeys, type Keys } from './config/keys.js';
import { createAesGcmSecretBox } from './crypto/aes-gcm-secret-box.js';
import { createCssTreeSanitizer } from './agency/css-tree.sanitizer.js';
import { hashContent } from './crypto/content-hash.js';
import { createHttpPosthogClient } from './org-settings/http-posthog.client.js';
import { createHttpSubscriptionVerifier } from './org-settings/http-subscription.verifier.js';
import { createGuardedFetch } from './shared/egress/guarded-fetch.js';
import { createHmacDocumentSigner } from './crypto/hmac-document.signer.js';
import { createDb, type Db } from './db/create-db.js';
import { migrateToLatest } from './db/migrate.js';
import { createEventBus } from './events/event-bus.js';
import { startPgEventRelay } from './events/pg-event-relay.js';
import { createPortalContextCache } from './portal/portal-context.cache.js';
import { createHttpServer, type HttpParts } from './http/http-server.js';
import { startJobs, type JobRunner } from './jobs/job-runner.js';
import { createCertificateQueue } from './jobs/domain-jobs.js';
import { hostnameCertificateQueue, instanceDomainCertificateQueue } from './jobs/instance-domain-jobs.js';
import { createDeployQueue } from './jobs/deploy-jobs.js';
import { createOperationQueue } from './jobs/instance-jobs.js';
import { createMetricsRepository } from './instance-monitoring/kysely-metrics.repository.js';
import { createBackupQueue } from './jobs/backup-jobs.js';
import { createCloneQueue } from './jobs/clone-jobs.js';
import { createBackupStores } from './backups/backup-stores.js';
import { createOdooZipArchiver } from './backups/odoo-zip.archiver.js';
import { createOdooZipInspector } from './backups/odoo-zip.inspector.js';
import { createBackupCipher } from './backups/backup-cipher.js';
import { createDockerRuntimes } from './runtime/docker-runtimes.js';
import { sealRegistryCredentials } from './runtime/registry-auth.js';
import { createConfigRenderer } from './topologies/deploy/config-renderer.js';
import { createSshNodeExecutor } from './topologies/deploy/ssh-node-executor.js';
import { createSimpleWebAuthnRelyingParty } from './passkeys/simplewebauthn.relying-party.js';
import { createAcmeAuthority } from './portal-domains/acme.authority.js';
import { createHttpreqDns01Publisher } from './portal-domains/dns01.publishers.js';
import { createDns01Resolver } from './portal-domains/dns01-provider.resolver.js';
import { createCertificateStore } from './portal-domains/kysely-certificate.store.js';
import { createNodeDnsResolver } from './portal-domains/node-dns.resolver.js';
import { createSniServer } from './portal-domains/sni-server.js';
import { createTcpReachabilityProbe } from './servers/tcp-reachability.probe.js';
import { createLogger, type Logger } from './logger.js';
import { createMailTransport } from './mail/mail-transport.js';
import { createCommonPasswords } from './auth/common-passwords.js';
import { opaqueTokens } from './crypto/opaque-tokens.js';
import { createQueuedMailer } from './mail/mail-jobs.js';
import { createNotificationStore } from './notifications/kysely-notification.repository.js';
import { createNotificationQueue } from './notifications/notification-jobs.js';
import { createHttpOutbound, signWebhook } from './notifications/http-notification.sender.js';
import { createKyselyStore } from './shared/kysely-store.js';
import { createTerminalTicketStore } from './terminals/kysely-terminal-ticket.store.js';
import { createTerminalTranscriptStore } from './terminals/kysely-terminal-transcript.store.js';
import type { AppDeps } from './trpc/context.js';

export interface App {
  deps: AppDeps;
  keys: Keys;
  http: HttpParts;
  /** The durable job queue; this process works its jobs when OCORE_JOBS=1. */
  jobs: JobRunner | undefined;
  /** The base URL once listening, e.g. http://127.0.0.1:3000. */
  url: string;
  /** The HTTPS portal URL when OCORE_HTTPS_PORT is set. */
  httpsUrl: string | undefined;
  close(): Promise<void>;
}

function checkPolicyFrom(config: Config): CheckPolicy {
  const c = config.domainChecks;
  return {
    baseBackoffMs: c.retrySeconds * 1000,
    maxBackoffMs: 6 * 3_600_000,
    verifiedIntervalMs: c.recheckSeconds * 1000,
    misconfiguredAfterMs: c.misconfiguredAfterSeconds * 1000,
    inactiveAfterMs: c.inactiveAfterSeconds * 1000,
  };
}

/** The ACME CA when one is configured; otherwise one that refuses with the reason. */
function createCertificateAuthority(
  config: Config,
  database: Db,
  secrets: SecretBox,
  dns: DnsResolver,
): CertificateAuthority {
  const { directoryUrl, email, caCertFile, dns01HttpreqUrl, dns01HttpreqToken, cloudflareApiUrl } = config.acme;
  if (!directoryUrl) {
    return {
      obtain: () =>
        Promise.reject(
          new Error('No ACME certificate authority is configured on this platform (its ACME directory URL is unset)'),
        ),
    };
  }
  const platform = dns01HttpreqUrl
    ? createHttpreqDns01Publisher(dns01HttpreqUrl, dns01HttpreqToken && `Bearer ${dns01HttpreqToken}`)
    : undefined;
  const guarded = createGuardedFetch({ allowPrivate: config.allowPrivateEgress, timeoutMs: 15_000, maxRedirects: 0 });
  const dns01 = createDns01Resolver({
    db: database.db,
    secrets,
    platform,
    cloudflareApiUrl,
    dns,
    hookFetch: (url, init) => guarded(url, init as never) as unknown as Promise<Response>,
  });
  return createAcmeAuthority({
    directoryUrl,
    email,
    dns01,
    caCertPem: caCertFile ? readFileSync(caCertFile, 'utf8') : undefined,
    db: database.db,
    secrets,
  });
}

export interface AppOverrides {
  logger?: Logger;
  clock?: Clock;
  /** An already open database (tests share one per file). */
  database?: Db;
  /** The container runtimes of the servers (tests point them at the local engine). */
  runtimes?: ContainerRuntimes;
}

/** Opens the database, migrates it, wires the ports, and listens on HOST:PORT. */
export async function startApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const log = overrides.logger ?? createLogger(config.logLevel);
  const keys = loadKeys(config);
  const database =
    overrides.database ??
    (await createDb({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      pgliteSharedBuffers: config.pgliteSharedBuffers,
    }));
  const applied = await migrateToLatest(database.db);
  if (applied.length) log.info({ applied }, 'migrations applied');

  const bus = createEventBus((err) => log.error({ err }, 'an event watcher or subscriber failed'));
  const secrets = createAesGcmSecretBox(keys.masterKey, config.previousMasterKeys.map(decodeMasterKey));
  const dns = createNodeDnsResolver(config.dnsServers);
  // The certificate queue is wired before the job runner exists; it reads the runner when used.
  const jobsRef: { current?: JobRunner } = {};
  const limiterStore = createLimiterStore(database.kind === 'postgres' ? database.connectionString : undefined);
  const store = createKyselyStore(database.db);
  const dockerRuntimes = createDockerRuntimes({
    ...(config.registry ? { registry: sealRegistryCredentials(config.registry, secrets) } : {}),
  });
  const instanceSteps: StepSettings = {
    proxy: {
      image: config.proxy.image,
      hostIp: config.proxy.hostIp,
      hostPort: config.proxy.httpPort,
      ...(config.proxy.httpsPort ? { httpsPort: config.proxy.httpsPort } : {}),
    },
    odooImage: config.instances.odooImage,
    postgresImage: config.instances.postgresImage,
    healthTimeoutMs: config.instances.healthTimeoutSeconds * 1000,
    healthIntervalMs: 1000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  const deps: AppDeps = {
    store,
    events: bus,
    bus,
    portalContexts: createPortalContextCache({ store }, bus, {
      baseDomain: config.portalBaseDomain,
      enabled: database.kind === 'pglite',
    }),
    clock: overrides.clock ?? systemClock,
    hasher: createArgon2Hasher(config.passwordHash),
    tokens: createJoseTokenService(keys.jwtSecret, config.tokenTtlSeconds),
    throttle: await createLoginThrottle(config.login, limiterStore),
    transport: config.transport,
    limits: await createRequestLimits(limiterStore, { signup: config.signupsPerHour }),
    database,
    log,
    secrets,
    hashContent,
    signer: createHmacDocumentSigner(keys.masterKey, config.previousMasterKeys.map(decodeMasterKey)),
    css: createCssTreeSanitizer(),
    portalBaseDomain: config.portalBaseDomain,
    dns,
    platform: { baseDomain: config.portalBaseDomain, publicIps: config.publicIps },
    checkPolicy: checkPolicyFrom(config),
    certificates: createCertificateQueue(() => jobsRef.current?.boss),
    instanceDomainCertificates: createCertificateQueue(() => jobsRef.current?.boss, instanceDomainCertificateQueue),
    // Instances' hostnames are ordered certificates only from a configured ACME CA.
    ...(config.acme.directoryUrl
      ? { hostnameCertificateOrders: createCertificateQueue(() => jobsRef.current?.boss, hostnameCertificateQueue) }
      : {}),
    ca: createCertificateAuthority(config, database, secrets, dns),
    certificateStore: createCertificateStore(database.db),
    renderer: createConfigRenderer(),
    executor: createSshNodeExecutor({ reachability: createTcpReachabilityProbe() }),
    deployQueue: createDeployQueue(() => jobsRef.current?.boss),
    mailer: createQueuedMailer(() => jobsRef.current?.boss),
    opaqueTokens,
    publicUrl: config.publicUrl ?? '',
    commonPasswords: createCommonPasswords(),
    mailTransport: createMailTransport({ ...config.mail, dataDir: config.dataDir }),
    deployDirectory: config.deploy.directory,
    runtimes: overrides.runtimes ?? dockerRuntimes,
    instanceLogs: createInstanceLogHub(),
    operationQueue: createOperationQueue(() => jobsRef.current?.boss),
    metrics: createMetricsRepository(database.db),
    backupQueue: createBackupQueue(() => jobsRef.current?.boss),
    backupStores: createBackupStores(),
    odooArchiver: createOdooZipArchiver(),
    backupInspector: createOdooZipInspector(),
    backupCipher: createBackupCipher(),
    cloneQueue: createCloneQueue(() => jobsRef.current?.boss),
    instanceBaseDomain: config.instances.baseDomain,
    instanceAccess: {
      scheme: config.proxy.urlScheme,
      port: config.proxy.urlScheme === 'https' ? 443 : config.proxy.httpPort,
      ...(config.proxy.httpsPort ? { httpsPort: config.proxy.httpsPort } : {}),
    },
    instanceSteps,
    nodeSteps: {
      ...instanceSteps,
      healthTimeoutMs: config.deploy.startTimeoutSeconds * 1000,
      redisImage: config.deploy.redisImage,
      ...(config.deploy.publishIp ? { publishIp: config.deploy.publishIp } : {}),
    },
    terminalTickets: createTerminalTicketStore(database.db),
    terminalTranscripts: createTerminalTranscriptStore(database.db),
    terminalLimits: { idleMs: config.terminal.idleSeconds * 1000, maxMs: config.terminal.maxSeconds * 1000 },
    backupScheduleTiming: {
      graceMs: config.backupSchedules.graceSeconds * 1000,
      retryBaseMs: config.backupSchedules.retrySeconds * 1000,
    },
    webauthn: createSimpleWebAuthnRelyingParty(),
    relyingParty: config.webauthn,
    posthog: createHttpPosthogClient(
      createGuardedFetch({ allowPrivate: config.allowPrivateEgress, timeoutMs: 10_000 }),
    ),
    subscriptions: createHttpSubscriptionVerifier({
      url: config.subscriptionVerifyUrl,
      token: config.subscriptionVerifyToken,
      fetchFn: createGuardedFetch({ allowPrivate: config.allowPrivateEgress, timeoutMs: 10_000 }),
    }),
    notifications: createNotificationStore(database.db),
    notificationQueue: createNotificationQueue(() => jobsRef.current?.boss),
    outboundHttp: createHttpOutbound(
      createGuardedFetch({ allowPrivate: config.allowPrivateEgress, timeoutMs: 10_000, maxRedirects: 0 }),
    ),
    signWebhook,
  };

  // On PostgreSQL events travel through LISTEN/NOTIFY, so every process sharing it hears them.
  const relay =
    database.kind === 'postgres'
      ? await startPgEventRelay(database.connectionString, database.db, bus, log)
      : undefined;
  if (relay) deps.events = relay.publisher;
  const jobs = await startJobs(deps, {
    work: config.jobs,
    domainConcurrency: config.domainChecks.concurrency,
    superviseSeconds: config.jobSuperviseSeconds,
    mailRetrySeconds: config.mail.retrySeconds,
    backupScheduleTickSeconds: config.backupSchedules.tickSeconds,
    notifyRetrySeconds: config.notifyRetrySeconds,
    serverCheckSeconds: config.serverCheckSeconds,
  });
  jobsRef.current = jobs;
  const http = createHttpServer(deps, config);
  await new Promise<void>((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(config.port, config.host, () => resolve());
  });
  let httpsUrl: string | undefined;
  if (config.httpsPort !== undefined) {
    const https = createSniServer(deps.certificateStore, secrets, log);
    http.attach(https);
    await new Promise<void>((resolve, reject) => {
      https.once('error', reject);
      https.listen(config.httpsPort, config.host, () => resolve());
    });
    httpsUrl = `https://${config.host.includes(':') ? `[${config.host}]` : config.host}:${(https.address() as AddressInfo).port}`;
  }
  const { port } = http.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  deps.publicUrl ||= url;
  log.info({ url, httpsUrl, database: database.kind }, 'oCore listening');

  let closing: Promise<void> | undefined;
  return {
    deps,
    keys,
    http,
    jobs,
    url,
    httpsUrl,
    close: () =>
      (closing ??= (async () => {
        await http.close();
        await jobs.stop();
        dockerRuntimes.closeAll();
        await relay?.close();
        await limiterStore.close();
        if (!overrides.database) await database.close();
      })()),
  };
}
