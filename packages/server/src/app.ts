import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '@ocore/core';
import { createArgon2Hasher } from './auth/argon2-password.hasher.js';
import { createJoseTokenService } from './auth/jose-token.service.js';
import { createLoginThrottle } from './auth/login-throttle.js';
import type { Config } from './config/config.js';
import { decodeMasterKey, loadKeys, type Keys } from './config/keys.js';
import { createAesGcmSecretBox } from './crypto/aes-gcm-secret-box.js';
import { createCssTreeSanitizer } from './agency/css-tree.sanitizer.js';
import { hashContent } from './crypto/content-hash.js';
import { createHttpPosthogClient } from './org-settings/http-posthog.client.js';
import { createHttpSubscriptionVerifier } from './org-settings/http-subscription.verifier.js';
import { createGuardedFetch } from './shared/egress/guarded-fetch.js';
import { createDb, type Db } from './db/create-db.js';
import { migrateToLatest } from './db/migrate.js';
import { createEventBus } from './events/event-bus.js';
import { createHttpServer, type HttpParts } from './http/http-server.js';
import { startJobs, type JobRunner } from './jobs/job-runner.js';
import { createLogger, type Logger } from './logger.js';
import { createKyselyStore } from './shared/kysely-store.js';
import type { AppDeps } from './trpc/context.js';

export interface App {
  deps: AppDeps;
  keys: Keys;
  http: HttpParts;
  /** The durable background jobs, when this process runs them (OCORE_JOBS=1). */
  jobs: JobRunner | undefined;
  /** The base URL once listening, e.g. http://127.0.0.1:3000. */
  url: string;
  close(): Promise<void>;
}

export interface AppOverrides {
  logger?: Logger;
  clock?: Clock;
  /** An already open database (tests share one per file). */
  database?: Db;
}

/** Opens the database, migrates it, wires the ports, and listens on HOST:PORT. */
export async function startApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const log = overrides.logger ?? createLogger(config.logLevel);
  const keys = loadKeys(config);
  const database = overrides.database ?? (await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  const applied = await migrateToLatest(database.db);
  if (applied.length) log.info({ applied }, 'migrations applied');

  const bus = createEventBus();
  const deps: AppDeps = {
    store: createKyselyStore(database.db),
    events: bus,
    bus,
    clock: overrides.clock ?? systemClock,
    hasher: createArgon2Hasher(),
    tokens: createJoseTokenService(keys.jwtSecret, config.tokenTtlSeconds),
    throttle: createLoginThrottle(config.login),
    database,
    log,
    secrets: createAesGcmSecretBox(keys.masterKey, config.previousMasterKeys.map(decodeMasterKey)),
    hashContent,
    css: createCssTreeSanitizer(),
    portalBaseDomain: config.portalBaseDomain,
    posthog: createHttpPosthogClient(createGuardedFetch({ allowPrivate: config.allowPrivateEgress, timeoutMs: 10_000 })),
    subscriptions: createHttpSubscriptionVerifier({
      url: config.subscriptionVerifyUrl,
      token: config.subscriptionVerifyToken,
      fetchFn: createGuardedFetch({ allowPrivate: config.allowPrivateEgress, timeoutMs: 10_000 }),
    }),
  };

  const jobs = config.jobs ? await startJobs(deps) : undefined;
  const http = createHttpServer(deps, config);
  await new Promise<void>((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(config.port, config.host, () => resolve());
  });
  const { port } = http.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  log.info({ url, database: database.kind }, 'oCore listening');

  let closing: Promise<void> | undefined;
  return {
    deps,
    keys,
    http,
    jobs,
    url,
    close: () =>
      (closing ??= (async () => {
        await http.close();
        await jobs?.stop();
        if (!overrides.database) await database.close();
      })()),
  };
}
