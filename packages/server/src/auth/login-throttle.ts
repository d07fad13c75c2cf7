import type { LoginThrottle } from '@ocore/core';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { refusal, type LimiterStore } from '../http/rate-limits.js';

export interface ThrottleLimits {
  /** Failed logins per email from one address within the window, before that address is refused. */
  failuresPerEmail: number;
  /** Login attempts per address within the window. */
  attemptsPerIp: number;
  windowSeconds: number;
  /**
   * How long an attempt on an email waits once that email has failed `failuresPerEmail` times
   * from any address: a delay, not a refusal, so the right password still works.
   */
  slowDownMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Login limits. Failures are counted per email and address together, so a visitor failing on
 * someone's email locks out only their own address, never the account. Failures per email
 * from all addresses only slow attempts down (a password-guessing botnet), and attempts per
 * address are bounded. On PostgreSQL the counts live in the database, so several replicas
 * count together; on PGlite, in memory.
 */
export async function createLoginThrottle(limits: ThrottleLimits, store: LimiterStore): Promise<LoginThrottle> {
  const byPair = await store.limiter('login:email-ip', limits.failuresPerEmail, limits.windowSeconds);
  const byEmail = await store.limiter('login:email', limits.failuresPerEmail, limits.windowSeconds);
  const byIp = await store.limiter('login:ip', limits.attemptsPerIp, limits.windowSeconds);
  const slowDownMs = limits.slowDownMs ?? 1_000;
  const refuse = (res: RateLimiterRes) => refusal(res, 'login attempts');
  const pair = (email: string, ip: string | null | undefined) => `${email}|${ip ?? '-'}`;

  return {
    async check(email, ip) {
      const [pairState, emailState] = await Promise.all([byPair.get(pair(email, ip)), byEmail.get(email)]);
      if (pairState && pairState.remainingPoints <= 0) throw refuse(pairState);
      if (ip) {
        try {
          await byIp.consume(ip);
        } catch (res) {
          if (res instanceof RateLimiterRes) throw refuse(res);
          throw res;
        }
      }
      if (emailState && emailState.remainingPoints <= 0) await sleep(slowDownMs);
    },
    async recordFailure(email, ip) {
      await Promise.all([byPair.penalty(pair(email, ip), 1), byEmail.penalty(email, 1)]);
    },
    async recordSuccess(email, ip) {
      await byPair.delete(pair(email, ip));
    },
  };
}
