import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
const password = 'a long enough password';
beforeAll(async () => {
  // Behind a trusted proxy, so each request may come from another (loopback) address.
  t = await startTestApp({
    // Production's argon2 cost: the hash, not the database, sets a login's time, as in production
    // (the timing below compares the two answers' hashing).
    OCORE_PASSWORD_HASH: 'standard',
    OCORE_TRUST_PROXY: '1',
    OCORE_LOGIN_MAX_FAILURES: '3',
    OCORE_LOGIN_MAX_ATTEMPTS_PER_IP: '1000',
  });
});
afterAll(() => t.close());

const login = (email: string, pass: string, from: string) =>
  t.api('POST', '/api/auth/login', { body: { email, password: pass }, headers: { 'X-Forwarded-For': from } });

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

describe('login lockout cannot be used against someone else', () => {
  it('failures from one address lock out that address only; the right password from another still works', async () => {
    const { user } = await t.signup();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await login(user.email, 'guessed wrong', '127.0.0.66')).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // The attacker's address is refused even with the right password...
    expect((await login(user.email, password, '127.0.0.66')).status).toBe(429);
    // ...but the owner, from their own address, signs in: after a short delay, not a wall.
    const owner = await timed(() => login(user.email, password, '127.0.0.7'));
    expect(owner.value.status).toBe(200);
    expect(owner.ms).toBeGreaterThanOrEqual(900);
  });

  it('answers an unknown email exactly as a wrong password, in a similar time', async () => {
    const wrong = [];
    const unknown = [];
    for (let i = 0; i < 5; i++) {
      // A user of its own each time: an account's failures slow its next attempts (by design).
      const { user } = await t.signup();
      wrong.push(await timed(() => login(user.email, `wrong ${i}`, `127.0.1.${i}`)));
      unknown.push(await timed(() => login(`nobody-${i}@example.com`, `wrong ${i}`, `127.0.2.${i}`)));
    }
    for (const answer of [...wrong, ...unknown]) {
      expect(answer.value.status).toBe(401);
      expect(answer.value.body).toEqual(wrong[0]!.value.body);
      expect(answer.value.body.message).toBe('Invalid email or password');
    }
    const median = (xs: { ms: number }[]) => xs.map((x) => x.ms).sort((a, b) => a - b)[2]!;
    // Both check a password hash (a decoy for the unknown email). Without the decoy the unknown
    // email answers several times faster; the bounds leave room for a loaded machine (CI).
    expect(median(unknown) / median(wrong)).toBeGreaterThan(0.2);
    expect(median(unknown) / median(wrong)).toBeLessThan(5);
  });
});
