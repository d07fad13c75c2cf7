import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../../packages/server/dist/db/database.js';
import { createDb, type Db } from '../../packages/server/dist/db/create-db.js';
import { migrateToLatest } from '../../packages/server/dist/db/migrate.js';
import { createJoseTokenService } from '../../packages/server/dist/auth/jose-token.service.js';
import { defaultRolePermissions, systemRoleNames } from '../../packages/core/dist/index.js';
import { onCleanup } from './harness.js';
import { benchJwtSecret, portalBaseDomain } from './server.js';

export type BenchDb = Kysely<Database>;

/** Opens (and migrates) the benchmark's database: PGlite in `dataDir`, or PostgreSQL. */
export async function openDb(where: { dataDir: string } | { databaseUrl: string }): Promise<Db> {
  const db = await createDb(
    'databaseUrl' in where ? { databaseUrl: where.databaseUrl, dataDir: 'memory' } : { dataDir: where.dataDir },
  );
  await migrateToLatest(db.db);
  return db;
}

const postgresServer = process.env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432';

/** A fresh, empty PostgreSQL database, dropped at cleanup. */
export async function freshPostgresDatabase(): Promise<string> {
  const name = `ocore_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${postgresServer}/postgres` });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  onCleanup(async () => {
    const dropper = new pg.Client({ connectionString: `${postgresServer}/postgres` });
    await dropper.connect();
    await dropper.query(`drop database if exists ${name} with (force)`);
    await dropper.end();
  });
  return `${postgresServer}/${name}`;
}

export interface SeededAgency {
  agencyId: string;
  ownerUserId: string;
  roleIds: Record<(typeof systemRoleNames)[number], string>;
}

/** An agency (agency mode on, branded, with its system roles and an Owner), by SQL. */
export async function seedAgency(db: BenchDb, slug: string): Promise<SeededAgency> {
  const owner = await db
    .insertInto('users')
    .values({ email: `${slug}-owner@bench.test`, name: `${slug} owner`, passwordHash: 'not-a-real-hash' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const agency = await db
    .insertInto('organizations')
    .values({ name: `Agency ${slug}`, slug, logoUrl: null, parentOrganizationId: null, agencyEnabled: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  const roles = await db
    .insertInto('roles')
    .values(
      systemRoleNames.map((name) => ({
        organizationId: agency.id,
        name,
        isSystem: true,
        permissions: [...defaultRolePermissions[name]],
      })),
    )
    .returning(['id', 'name'])
    .execute();
  const roleIds = Object.fromEntries(roles.map((r) => [r.name, r.id])) as SeededAgency['roleIds'];
  await db
    .insertInto('members')
    .values({ organizationId: agency.id, userId: owner.id, roleId: roleIds.Owner })
    .execute();
  await db
    .insertInto('agencyBranding')
    .values({
      organizationId: agency.id,
      logoUrl: 'https://cdn.bench.test/logo.png',
      primaryColor: '#1d4ed8',
      accentColor: '#f59e0b',
      fontFamily: 'Inter, sans-serif',
      customCss: '.portal-header { border-bottom: 1px solid #e5e7eb; }',
      faviconUrl: 'https://cdn.bench.test/favicon.ico',
      loginBgUrl: 'https://cdn.bench.test/login.jpg',
      footerText: `© ${slug}`,
    })
    .execute();
  await db.insertInto('portalConfig').values({ organizationId: agency.id }).execute();
  return { agencyId: agency.id, ownerUserId: owner.id, roleIds };
}

/**
 * `count` client organizations of the agency in one statement, one second apart in
 * creation time (newest is client 1). They have no members or instances.
 */
export async function seedClients(db: BenchDb, agencyId: string, slugPrefix: string, count: number): Promise<void> {
  await sql`
    insert into organizations (name, slug, parent_organization_id, created_at, updated_at)
    select 'Client ' || i, ${slugPrefix} || '-' || i, ${agencyId}::uuid,
           now() - i * interval '1 second', now() - i * interval '1 second'
    from generate_series(1, ${count}::int) as i`.execute(db);
}

/**
 * One portal domain for each of the agency's first `count` clients (in id order):
 * alternately a subdomain under the portal base domain and a verified custom domain, all
 * active, not due for a DNS check, custom domains with a certificate valid for 80 days
 * (so no background job touches them). Returns the Host names that reach them.
 */
export async function seedPortalDomains(
  db: BenchDb,
  agencyId: string,
  prefix: string,
  count: number,
): Promise<string[]> {
  await sql`
    insert into portal_domains (organization_id, client_organization_id, subdomain, custom_domain, dns_verification_token,
                                dns_verified, dns_verified_at, is_active, status, next_check_at, ssl_status, certificate_expires_at)
    select ${agencyId}::uuid, c.id,
           case when c.n % 2 = 1 then ${prefix} || '-' || c.n end,
           case when c.n % 2 = 0 then 'portal.' || ${prefix} || '-' || c.n || '.bench.test' end,
           'ocore-verify-bench-' || ${prefix} || '-' || c.n, true, now(), true, 'verified', now() + interval '1 day',
           case when c.n % 2 = 0 then 'active' else 'none' end, case when c.n % 2 = 0 then now() + interval '80 days' end
    from (select id, row_number() over (order by id) as n from organizations
          where parent_organization_id = ${agencyId}::uuid order by id limit ${count}::int) as c`.execute(db);
  const rows = await db
    .selectFrom('portalDomains')
    .select(['subdomain', 'customDomain'])
    .where('organizationId', '=', agencyId)
    .execute();
  return rows.map((r) => r.customDomain ?? `${r.subdomain}.${portalBaseDomain}`);
}

/** `count` users, each a member of `organizationId` with `roleId`; returns their ids. */
export async function seedMembers(
  db: BenchDb,
  organizationId: string,
  roleId: string,
  prefix: string,
  count: number,
): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    with u as (
      insert into users (email, name, password_hash)
      select ${prefix} || '-' || i || '@bench.test', 'Member ' || i, 'not-a-real-hash' from generate_series(1, ${count}::int) as i
      returning id)
    insert into members (organization_id, user_id, role_id) select ${organizationId}::uuid, u.id, ${roleId}::uuid from u
    returning user_id as id`.execute(db);
  return rows.rows.map((r) => r.id);
}

/**
 * Access tokens as the server issues them (same secret), acting in `organizationId`, each of
 * a sign-in session of its own (the server refuses a token whose session it does not know).
 */
export async function issueTokens(db: BenchDb, userIds: readonly string[], organizationId: string): Promise<string[]> {
  const tokens = createJoseTokenService(benchJwtSecret, 86_400);
  const sessions = await sql<{ id: string; userId: string }>`
    insert into sessions (user_id, expires_at)
    select u, now() + interval '1 day' from unnest(${[...userIds]}::uuid[]) as u
    returning id, user_id as "userId"`.execute(db);
  const sessionOf = new Map(sessions.rows.map((row) => [row.userId, row.id]));
  return Promise.all(
    userIds.map((userId) => tokens.issue({ userId, organizationId, sessionId: sessionOf.get(userId) })),
  );
}

/**
 * `count` verified custom domains d<N>.sweep.bench.test of the agency, due for their
 * periodic DNS re-check now, with a valid certificate (so the sweep orders none).
 */
export async function seedDueCustomDomains(db: BenchDb, agencyId: string, count: number): Promise<void> {
  await sql`
    insert into portal_domains (organization_id, custom_domain, dns_verification_token, dns_verified, dns_verified_at, is_active,
                                status, last_checked_at, next_check_at, ssl_status, certificate_expires_at)
    select ${agencyId}::uuid, 'd' || i || '.sweep.bench.test', 'ocore-verify-bench-sweep-' || i, true, now() - interval '1 day', true,
           'verified', now() - interval '1 hour', now() - interval '1 minute', 'active', now() + interval '80 days'
    from generate_series(1, ${count}::int) as i`.execute(db);
}
