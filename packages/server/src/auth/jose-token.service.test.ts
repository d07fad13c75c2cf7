import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createJoseTokenService } from './jose-token.service.js';

const secret = 'a-test-secret-of-at-least-thirty-two-characters';
const claims = { userId: 'user-1', organizationId: 'org-1' };

describe('jose token service', () => {
  it('verifies what it issued, many times with the one imported key', async () => {
    const tokens = createJoseTokenService(secret, 60);
    const issued = await Promise.all([tokens.issue(claims), tokens.issue({ ...claims, passkey: true })]);
    const verified = await Promise.all([...issued, ...issued].map((token) => tokens.verify(token)));
    expect(verified).toEqual([claims, { ...claims, passkey: true }, claims, { ...claims, passkey: true }]);
    expect(await tokens.verify(await tokens.issue({ ...claims, sessionId: 'session-1' }))).toEqual({
      ...claims,
      sessionId: 'session-1',
    });
  });

  it('refuses a token signed with another secret, or changed after signing', async () => {
    const tokens = createJoseTokenService(secret, 60);
    const other = await createJoseTokenService(`${secret}-other`, 60).issue(claims);
    expect(await tokens.verify(other)).toBeUndefined();
    const [header, payload, signature] = (await tokens.issue(claims)).split('.');
    const changed = Buffer.from(
      JSON.stringify({ sub: 'user-2', org: 'org-1', iss: 'ocore', aud: 'ocore-api' }),
    ).toString('base64url');
    expect(payload).not.toBe(changed);
    expect(await tokens.verify(`${header}.${changed}.${signature}`)).toBeUndefined();
    expect(await tokens.verify('not-a-token')).toBeUndefined();
  });

  it('refuses an expired token, and one for another issuer or audience', async () => {
    const tokens = createJoseTokenService(secret, 60);
    const key = new TextEncoder().encode(secret);
    const sign = (issuer: string, audience: string, expires: number) =>
      new SignJWT({ org: 'org-1' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('user-1')
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(expires)
        .sign(key);
    const inAnHour = Math.floor(Date.now() / 1000) + 3600;
    expect(await tokens.verify(await sign('ocore', 'ocore-api', inAnHour))).toEqual(claims);
    expect(await tokens.verify(await sign('ocore', 'ocore-api', Math.floor(Date.now() / 1000) - 120))).toBeUndefined();
    expect(await tokens.verify(await sign('elsewhere', 'ocore-api', inAnHour))).toBeUndefined();
    expect(await tokens.verify(await sign('ocore', 'elsewhere', inAnHour))).toBeUndefined();
  });

  it('refuses a token without exp, without iat, or issued in the future, even when correctly signed', async () => {
    const tokens = createJoseTokenService(secret, 60);
    const key = new TextEncoder().encode(secret);
    const now = Math.floor(Date.now() / 1000);
    const base = () =>
      new SignJWT({ org: 'org-1', amr: ['pwd'] })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject('user-1')
        .setIssuer('ocore')
        .setAudience('ocore-api');
    expect(
      await tokens.verify(
        await base()
          .setIssuedAt(now)
          .setExpirationTime(now + 60)
          .sign(key),
      ),
    ).toEqual(claims);
    expect(await tokens.verify(await base().setIssuedAt(now).sign(key))).toBeUndefined();
    expect(
      await tokens.verify(
        await base()
          .setExpirationTime(now + 60)
          .sign(key),
      ),
    ).toBeUndefined();
    expect(
      await tokens.verify(
        await base()
          .setIssuedAt(now + 3600)
          .setExpirationTime(now + 7200)
          .sign(key),
      ),
    ).toBeUndefined();
  });
});
