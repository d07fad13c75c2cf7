import type { LoginThrottle } from '@ocore/core';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { refusal, type LimiterStore } from '../http/rate-limits.js';

export interface ThrottleLimits {
  /** Failed logins per email within the window. */
  failuresPerEmail: number;
  /** Login attempts per address within the window. */
  attemptsPerIp: number;
  windowSeconds: number;
}

/**
 * Login limits per email (failures) and per address (attempts). On PostgreSQL the counts
 * live in the database, so several replicas count together; on PGlite, in memory.
 */
export async function createLoginThrottle(limits: ThrottleLimits, store: LimiterStore): Promise<LoginThrottle> {
  const byEmail = await store.limiter('login:email', limits.failuresPerEmail, limits.windowSeconds);
  const byIp = await store.limiter('login:ip', limits.attemptsPerIp, limits.windowSeconds);
  const refuse = (res: RateLimiterRes) => refusal(res, 'login attempts');

  return {
    async check(email, ip) {
      const [emailState, ipState] = await Promise.all([byEmail.get(email), ip ? byIp.get(ip) : null]);
      if (emailState && emailState.remainingPoints <= 0) throw refuse(emailState);
      if (ip) {
        try {
          await byIp.consume(ip);
        } catch (res) {
          if (res instanceof RateLimiterRes) throw refuse(res);
          throw res;
        }
      } else if (ipState) throw refuse(ipState);
    },
    async recordFailure(email) {
      await byEmail.penalty(email, 1);
    },
    async recordSuccess(email) {
      await byEmail.delete(email);
    },
  };
}
