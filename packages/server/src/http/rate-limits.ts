import { DomainError } from '@ocore/core';
import pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/**
 * The request limits beyond sign-in, per what they protect. Each is `points` calls per
 * `seconds`, counted per key (an address, a domain, an organization).
 */
export const requestLimits = {
  /** New accounts from one address (OCORE_SIGNUPS_PER_HOUR). */
  signup: { points: 100, seconds: 3600, what: 'sign-ups from this address' },
  /** Passkey sign-in ceremonies started from one address (each stores a challenge). */
  passkeyOptions: { points: 30, seconds: 300, what: 'passkey sign-in attempts from this address' },
  /** DNS verifications asked for one portal domain. */
  domainVerify: { points: 60, seconds: 300, what: 'verifications of this domain' },
  /** Calls out to PostHog or the subscription authority for one organization. */
  integrationCheck: { points: 30, seconds: 300, what: 'integration checks for this organization' },
  /** Disaster-recovery exports and imports of one organization (each reads or writes all of it). */
  drTransfer: { points: 20, seconds: 600, what: 'disaster-recovery exports and imports for this organization' },
  /** Audit-log queries of one organization. */
  auditQuery: { points: 120, seconds: 60, what: 'audit-log queries for this organization' },
  /** Password reset requests and confirmations from one address. */
  passwordReset: { points: 30, seconds: 900, what: 'password resets from this address' },
  /** Reset links mailed to one address, so that nobody can flood someone's mailbox. */
  passwordResetMail: { points: 5, seconds: 3600, what: 'password reset mails to this address' },
  /** Verification links mailed again to one account. */
  verificationMail: { points: 5, seconds: 3600, what: 'verification mails to this address' },
} as const;

export type LimitName = keyof typeof requestLimits;

/** Counters for limits; in PostgreSQL when there is one, so that every replica counts together. */
export interface LimiterStore {
  limiter(prefix: string, points: number, seconds: number): Promise<RateLimiterAbstract>;
  close(): Promise<void>;
}

export function createLimiterStore(databaseUrl: string | undefined): LimiterStore {
  const pool = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 2 }) : undefined;
  pool?.on('error', () => undefined);
  pool?.on('connect', (client) => client.on('error', () => undefined));
  return {
    limiter(prefix, points, seconds) {
      if (!pool) return Promise.resolve(new RateLimiterMemory({ keyPrefix: prefix, points, duration: seconds }));
      return new Promise((resolve, reject) => {
        const limiter: RateLimiterPostgres = new RateLimiterPostgres(
          {
            storeClient: pool,
            storeType: 'pool',
            tableName: 'rate_limits',
            keyPrefix: prefix,
            points,
            duration: seconds,
            clearExpiredByTimeout: true,
          },
          (err?: Error) => (err ? reject(err) : resolve(limiter)),
        );
      });
    },
    close: async () => {
      await pool?.end();
    },
  };
}

/** The refusal for a spent limit, saying when to try again. */
export function refusal(res: RateLimiterRes, what: string): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new DomainError('RATE_LIMITED', `Too many ${what}; try again in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  });
}

export interface RequestLimits {
  /** Counts one call; throws RATE_LIMITED past the limit. */
  consume(name: LimitName, key: string): Promise<void>;
}

export async function createRequestLimits(
  store: LimiterStore,
  overrides: Partial<Record<LimitName, number>> = {},
): Promise<RequestLimits> {
  const limiters = new Map<LimitName, RateLimiterAbstract>();
  // One after the other: the first creates the shared table.
  for (const [name, limit] of Object.entries(requestLimits) as [LimitName, (typeof requestLimits)[LimitName]][]) {
    limiters.set(name, await store.limiter(`limit:${name}`, overrides[name] ?? limit.points, limit.seconds));
  }
  return {
    async consume(name, key) {
      try {
        const limiter = limiters.get(name);
        if (!limiter) throw new Error(`no request limit named ${name}`);
        await limiter.consume(key);
      } catch (res) {
        if (res instanceof RateLimiterRes) throw refusal(res, requestLimits[name].what);
        throw res;
      }
    },
  };
}
