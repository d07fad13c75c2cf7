import { DomainError, type LoginThrottle } from '@ocore/core';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface ThrottleLimits {
  /** Failed logins per email within the window. */
  failuresPerEmail: number;
  /** Login attempts per address within the window. */
  attemptsPerIp: number;
  windowSeconds: number;
}

/**
 * Login limits per email (failures) and per address (attempts). Kept in process memory:
 * with several replicas each counts on its own, which still bounds guessing per replica.
 */
export function createLoginThrottle(limits: ThrottleLimits): LoginThrottle {
  const byEmail = new RateLimiterMemory({ points: limits.failuresPerEmail, duration: limits.windowSeconds });
  const byIp = new RateLimiterMemory({ points: limits.attemptsPerIp, duration: limits.windowSeconds });

  const refuse = (res: RateLimiterRes) => {
    const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return new DomainError('RATE_LIMITED', `Too many login attempts; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  };

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
