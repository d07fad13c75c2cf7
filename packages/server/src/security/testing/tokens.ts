import { SignJWT } from 'jose';
import { testJwtSecret } from '../../testing/test-app.js';

/**
 * A token as the server issues them (HS256 under the test secret), for what a test cannot
 * get through the API: a passkey session without an authenticator, a token about to expire.
 */
export function signTestToken(claims: {
  userId: string;
  organizationId: string | null;
  passkey?: boolean;
  /** The sign-in session the token belongs to: the server refuses a token without a live one. */
  sessionId?: string;
  /** Seconds since the epoch; an hour from now unless told. */
  expiresAt?: number;
}): Promise<string> {
  return new SignJWT({
    org: claims.organizationId,
    amr: [claims.passkey ? 'hwk' : 'pwd'],
    ...(claims.sessionId ? { sid: claims.sessionId } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer('ocore')
    .setAudience('ocore-api')
    .setIssuedAt()
    .setJti(crypto.randomUUID())
    .setExpirationTime(claims.expiresAt ?? Math.floor(Date.now() / 1000) + 3600)
    .sign(new TextEncoder().encode(testJwtSecret));
}

/** The organization a token names. */
export function tokenOrganization(token: string): string | null {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { org?: string | null };
  return payload.org ?? null;
}
