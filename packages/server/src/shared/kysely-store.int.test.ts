import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgresDatabase, testDbKind } from '../testing/test-database.js';
import { withRetriedTransaction } from './kysely-store.js';

/*
 * Transactions PostgreSQL aborts for a deadlock are run again (PGlite has one connection: no
 * deadlock there). Two transactions update two rows in opposite orders, each waiting for the
 * other: PostgreSQL aborts one, which then runs again and commits.
 */
describe.runIf(testDbKind() === 'postgres')('transactions aborted for a deadlock', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Kysely<Record<string, { id: number; n: number }>>;

  beforeAll(async () => {
    database = await createTestPostgresDatabase();
    db = new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 4 }) }),
    });
    await sql`create table counters (id int primary key, n int not null)`.execute(db);
    await sql`insert into counters values (1, 0), (2, 0)`.execute(db);
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('runs the one PostgreSQL aborted again, so both commit', async () => {
    let runs = 0;
    let firstLocks = 0;
    let bothLocked: () => void = () => undefined;
    const locked = new Promise<void>((resolve) => (bothLocked = resolve));
    const side = (first: number, second: number) => {
      let attempt = 0;
      return withRetriedTransaction(() =>
        db.transaction().execute(async (trx) => {
          runs += 1;
          attempt += 1;
          await sql`update counters set n = n + 1 where id = ${first}`.execute(trx);
          if (attempt === 1) {
            firstLocks += 1;
            if (firstLocks === 2) bothLocked();
            await locked;
          }
          await sql`update counters set n = n + 1 where id = ${second}`.execute(trx);
        }),
      );
    };
    await Promise.all([side(1, 2), side(2, 1)]);
    expect(runs).toBe(3);
    const rows = await sql<{ id: number; n: number }>`select id, n from counters order by id`.execute(db);
    expect(rows.rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  }, 30_000);

  it('does not run again what failed for another reason', async () => {
    let runs = 0;
    const failing = withRetriedTransaction(() =>
      db.transaction().execute(async (trx) => {
        runs += 1;
        await sql`insert into counters values (1, 0)`.execute(trx);
      }),
    );
    await expect(failing).rejects.toMatchObject({ code: '23505' });
    expect(runs).toBe(1);
  });
});
