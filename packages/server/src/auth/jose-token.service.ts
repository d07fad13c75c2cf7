import type { TokenClaims, TokenService } from '@ocore/core';
import { errors, jwtVerify, SignJWT } from 'jose';

const issuer = 'ocore';
const audience = 'ocore-api';

/** HS256 JWTs carrying the user (`sub`) and the current organization (`org`). */
export function createJoseTokenService(secret: string, ttlSeconds: number): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    issue(claims: TokenClaims) {
      return new SignJWT({ org: claims.organizationId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setJti(crypto.randomUUID())
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer, audience });
        if (typeof payload.sub !== 'string') return undefined;
        const org = payload['org'];
        return { userId: payload.sub, organizationId: typeof org === 'string' ? org : null };
      } catch (error) {
        if (error instanceof errors.JOSEError) return undefined;
        throw error;
      }
    },
  };
}
