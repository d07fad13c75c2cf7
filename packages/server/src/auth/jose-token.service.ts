import type { TokenClaims, TokenService } from '@ocore/core';
import { errors, jwtVerify, SignJWT } from 'jose';

const issuer = 'ocore';
const audience = 'ocore-api';

/** HS256 JWTs carrying the user (`sub`) and the current organization (`org`). */
export function createJoseTokenService(secret: string, ttlSeconds: number): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    issue(claims: TokenClaims) {
      // amr (RFC 8176): how the user proved who they are; organizations may require a passkey.
      return new SignJWT({ org: claims.organizationId, amr: [claims.passkey ? 'hwk' : 'pwd'] })
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
        const passkey = Array.isArray(payload['amr']) && payload['amr'].includes('hwk');
        return { userId: payload.sub, organizationId: typeof org === 'string' ? org : null, ...(passkey ? { passkey } : {}) };
      } catch (error) {
        if (error instanceof errors.JOSEError) return undefined;
        throw error;
      }
    },
  };
}
