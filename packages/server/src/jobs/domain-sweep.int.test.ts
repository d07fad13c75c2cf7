import { existsSync } from 'node:fs';
import type { DnsResolver } from '@ocore/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChallTestSrv, type ChallTestSrv } from '../testing/acme/challtestsrv.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { sweepDueDomains } from './domain-jobs.js';

const available = existsSync('/usr/bin/pebble-challtestsrv');
if (!available && process.env.CI !== 'true')
  console.warn('pebble is not installed (apt-get install pebble): skipping the domain sweep tests');

let dns: ChallTestSrv;
let t: TestApp;

/** `count` verified custom domains of a new agency, all due for their periodic check. */
async function dueDomains(prefix: string, count: number): Promise<{ host: string; token: string }[]> {
  const agency = await t.agency();
  const { rows } = await sql<{ host: string; token: string }>`
    insert into portal_domains (organization_id, custom_domain, dns_verification_token, dns_verified, dns_verified_at, is_active,
                                status, last_checked_at, next_check_at, ssl_status)
    select ${agency.organization.id}::uuid, ${prefix} || i || '.sweep.test', 'ocore-verify-' || ${prefix} || i, true, now() - interval '1 day', true,
           'verified', now() - interval '1 hour', now() - interval '1 minute', 'active'
    from generate_series(1, ${count}::int) as i
    returning custom_domain as host, dns_verification_token as token`.execute(t.app.deps.database.db);
  return rows;
}

async function states(prefix: string) {
  const { rows } = await sql<{
    host: string;
    status: string;
    checkFailures: number;
    checked: boolean;
    leased: boolean;
  }>`
    select custom_domain as host, status, check_failures as "checkFailures", next_check_at > now() as checked, check_lease_until is not null as leased
    from portal_domains where custom_domain like ${`${prefix}%`}`.execute(t.app.deps.database.db);
  return rows;
}

describe.skipIf(!available && process.env.CI !== 'true')('the periodic DNS sweep', () => {
  beforeAll(async () => {
    dns = await startChallTestSrv();
    t = await startTestApp({ OCORE_DNS_SERVERS: dns.dnsServer, OCORE_PUBLIC_IPS: '127.0.0.1', OCORE_JOBS: '0' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await dns?.stop();
  });

  it('checks every due domain once, in groups of transactions, and records each answer', async () => {
    const domains = await dueDomains('group', 130);
    // Two in three still prove themselves; the rest lost their TXT record.
    for (const [i, d] of domains.entries()) {
      if (i % 3 !== 2) await dns.setTxt(`_ocore-verification.${d.host}`, d.token);
      await dns.addA(d.host, ['127.0.0.1']);
    }
    expect(await sweepDueDomains(t.app.deps, 20)).toBe(130);
    const after = await states('group');
    expect(after).toHaveLength(130);
    expect(after.every((d) => d.checked && !d.leased)).toBe(true);
    const failing = after
      .filter((d) => d.checkFailures > 0)
      .map((d) => d.host)
      .sort();
    expect(failing).toEqual(
      domains
        .filter((_, i) => i % 3 === 2)
        .map((d) => d.host)
        .sort(),
    );
    // Nothing due is left: a second sweep checks nothing.
    expect(await sweepDueDomains(t.app.deps, 20)).toBe(0);
  });

  it('stores the other checks of a group when one of its domains is deleted during the look-up', async () => {
    const domains = await dueDomains('gone', 60);
    for (const d of domains) {
      await dns.setTxt(`_ocore-verification.${d.host}`, d.token);
      await dns.addA(d.host, ['127.0.0.1']);
    }
    const victim = domains[10]!.host;
    const real = t.app.deps.dns;
    const deleting: DnsResolver = {
      ...real,
      txt: async (name) => {
        if (name === `_ocore-verification.${victim}`)
          await sql`delete from portal_domains where custom_domain = ${victim}`.execute(t.app.deps.database.db);
        return real.txt(name);
      },
    };
    expect(await sweepDueDomains({ ...t.app.deps, dns: deleting }, 20)).toBe(59);
    const after = await states('gone');
    expect(after).toHaveLength(59);
    expect(after.every((d) => d.checked && !d.leased && d.status === 'verified')).toBe(true);
  });
});
