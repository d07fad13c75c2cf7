import type { LoginThrottle, PasswordHasher, TokenClaims, TokenService } from '../auth/auth.ports.js';
import type { AuthDeps } from '../auth/auth.service.js';
import { DomainError } from '../shared/domain-error.js';
import type { DomainEvent, EventPublisher } from '../shared/events.js';
import type { Clock } from '../shared/ports.js';
import { createInMemoryStore, type InMemoryStore } from './in-memory-store.js';
import { createHash, randomBytes } from 'node:crypto';
import type { Mailer, OutgoingMail } from '../mail/mail.ports.js';
import type { CommonPasswords, OpaqueTokens } from '../auth/session.ports.js';

/** A clock that stands still until told otherwise. */
export interface FakeClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

/** A fake clock starting at `start`. */
export function createFakeClock(start: Date | string = '2025-01-01T00:00:00.000Z'): FakeClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** A hasher that only prefixes, counting checks so the null-hash path can be seen to do the work. */
export interface FakeHasher extends PasswordHasher {
  readonly verifyCalls: number;
}

/** A fake password hasher: `hashed:<password>`; a null hash never matches. */
export function createFakeHasher(): FakeHasher {
  let verifyCalls = 0;
  return {
    get verifyCalls() {
      return verifyCalls;
    },
    async hash(password) {
      return `hashed:${password}`;
    },
    async verify(hash, password) {
      verifyCalls += 1;
      const expected = `hashed:${password}`;
      return hash !== null && hash === expected;
    },
  };
}

/** Opaque tokens held in a map; `revoke` stands in for expiry. */
export interface FakeTokens extends TokenService {
  revoke(token: string): void;
}

/** A fake token service issuing `token-<n>`. */
export function createFakeTokens(): FakeTokens {
  const issued = new Map<string, TokenClaims>();
  let count = 0;
  return {
    ttlSeconds: 3600,
    async issue(claims) {
      count += 1;
      const token = `token-${count}`;
      issued.set(token, { ...claims });
      return token;
    },
    async verify(token) {
      const claims = issued.get(token);
      return claims && { ...claims };
    },
    revoke(token) {
      issued.delete(token);
    },
  };
}

/** A throttle that counts failures per email and per address. */
export interface FakeThrottle extends LoginThrottle {
  failures(key: string): number;
}

/**
 * A fake throttle refusing after `maxFailures` failures for an email from one address, or from
 * an address; `email:` keys count an email's failures from everywhere, which refuse nothing.
 */
export function createFakeThrottle(maxFailures = 5): FakeThrottle {
  const counts = new Map<string, number>();
  const pair = (email: string, ip: string | null | undefined) => `pair:${email}|${ip ?? '-'}`;
  const limited = (email: string, ip: string | null) => [pair(email, ip), ...(ip ? [`ip:${ip}`] : [])];
  const count = (key: string) => counts.get(key) ?? 0;
  return {
    failures: count,
    async check(email, ip) {
      if (limited(email, ip).some((key) => count(key) >= maxFailures)) {
        throw new DomainError('RATE_LIMITED', 'Too many failed sign-in attempts; try again later', {
          retryAfterSeconds: 60,
        });
      }
    },
    async recordFailure(email, ip) {
      for (const key of [`email:${email}`, ...limited(email, ip)]) counts.set(key, count(key) + 1);
    },
    async recordSuccess(email, ip) {
      counts.delete(pair(email, ip));
    },
  };
}

/** A publisher that remembers every batch it was given. */
export interface RecordingPublisher extends EventPublisher {
  readonly batches: DomainEvent[][];
  /** Every published event, in order. */
  published(): DomainEvent[];
}

/** A recording event publisher. */
export function createRecordingPublisher(): RecordingPublisher {
  const batches: DomainEvent[][] = [];
  return {
    batches,
    publish(events) {
      batches.push([...events]);
    },
    published: () => batches.flat(),
  };
}

/** A mailer keeping what it was given. */
export interface FakeMailer extends Mailer {
  readonly sent: OutgoingMail[];
}

/** A fake mailer. */
export function createFakeMailer(): FakeMailer {
  const sent: OutgoingMail[] = [];
  return {
    sent,
    async send(mail) {
      sent.push(structuredClone(mail));
    },
  };
}

/** Random tokens hashed with SHA-256, as the server makes them. */
export const testOpaqueTokens: OpaqueTokens = {
  create(prefix = '') {
    const token = prefix + randomBytes(32).toString('base64url');
    return { token, hash: testOpaqueTokens.hash(token) };
  },
  hash: (token) => createHash('sha256').update(token).digest('hex'),
};

/** A few common passwords, standing in for the packaged list. */
export const testCommonPasswords: CommonPasswords = {
  isCommon: (password) => ['password123', '1234567890', 'qwertyuiop'].includes(password.toLowerCase()),
};

export interface TestDeps extends AuthDeps {
  mailer: FakeMailer;
  store: InMemoryStore;
  events: RecordingPublisher;
  clock: FakeClock;
  hasher: FakeHasher;
  tokens: FakeTokens;
  throttle: FakeThrottle;
}

/** AuthDeps wired to in-memory fakes, with handles on each fake. */
export function createTestDeps(options: { maxLoginFailures?: number } = {}): TestDeps {
  const clock = createFakeClock();
  return {
    store: createInMemoryStore(clock),
    events: createRecordingPublisher(),
    clock,
    hasher: createFakeHasher(),
    tokens: createFakeTokens(),
    throttle: createFakeThrottle(options.maxLoginFailures),
    mailer: createFakeMailer(),
    opaqueTokens: testOpaqueTokens,
    commonPasswords: testCommonPasswords,
  };
}
