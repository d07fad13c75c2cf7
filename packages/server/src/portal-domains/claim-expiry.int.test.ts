import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  // No job worker: nothing resolves the names; only the claims are at stake.
  t = await startTestApp({ OCORE_JOBS: '0' });
});
afterAll(() => t.close());

const claim = (token: string, customDomain: string) =>
  t.api('POST', '/api/agency/portal-domains', { token, body: { customDomain } });
const backdate = (id: string, days: number) =>
  sql`update portal_domains set created_at = now() - make_interval(days => ${days}) where id = ${id}`.execute(
    t.app.deps.database.db,
  );

describe('an unverified custom-domain claim expires', () => {
  it('blocks another agency for 7 days, saying until when, and no longer afterwards', async () => {
    const squatter = await t.agency();
    const owner = await t.agency();
    const domain = `portal-${Date.now()}.claim.test`;
    const first = await claim(squatter.token, domain);
    expect(first.status).toBe(201);
    await backdate(first.body.id, 3);

    const refused = await claim(owner.token, domain);
    expect([refused.status, refused.body.field]).toEqual([409, 'customDomain']);
    const expires = new Date(new Date(first.body.createdAt).getTime() - 3 * 86_400_000 + 7 * 86_400_000);
    const said = refused.body.message.match(/the claim expires at (\S+) unless/)?.[1];
    expect(Math.abs(new Date(said).getTime() - expires.getTime())).toBeLessThan(60_000);

    await backdate(first.body.id, 8);
    const taken = await claim(owner.token, domain);
    expect(taken.status).toBe(201);
    const left = await t.api('GET', '/api/agency/portal-domains', { token: squatter.token });
    expect(left.body.items.map((d: { customDomain: string }) => d.customDomain)).not.toContain(domain);
  });

  it('a verified domain stays taken however old its claim', async () => {
    const holder = await t.agency();
    const other = await t.agency();
    const domain = `verified-${Date.now()}.claim.test`;
    const first = await claim(holder.token, domain);
    await sql`update portal_domains set dns_verified = true, dns_verified_at = now(), status = 'verified' where id = ${first.body.id}`.execute(
      t.app.deps.database.db,
    );
    await backdate(first.body.id, 30);
    const refused = await claim(other.token, domain);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(`customDomain: ${domain} is already taken by another portal`);
  });
});

describe('look-alike custom domains', () => {
  it('are accepted with a warning when a label mixes scripts', async () => {
    const agency = await t.agency();
    const mixed = await claim(agency.token, `\u0430pple${Date.now()}.claim.test`);
    expect(mixed.status).toBe(201);
    expect(mixed.body.customDomain).toMatch(/^xn--/);
    expect(mixed.body.warnings).toEqual([expect.stringContaining('mixes Latin and Cyrillic letters')]);
    const plain = await claim(agency.token, `apple${Date.now()}.claim.test`);
    expect(plain.body.warnings).toBeUndefined();
  });
});
