import { fromPglite, PgBoss } from 'pg-boss';
import type { Db } from '../db/create-db.js';

/**
 * pg-boss on the same database. On PGlite its statements go through Kysely's connection
 * queue, so none of them can land inside a transaction another request has open on the
 * single embedded connection.
 */
export function createPgBoss(database: Db, superviseSeconds = 60): PgBoss {
  // How often lost jobs (expired, or whose worker stopped heartbeating) are looked for.
  const supervision = { superviseIntervalSeconds: superviseSeconds, monitorIntervalSeconds: superviseSeconds };
  if (database.kind === 'postgres') {
    return new PgBoss({ connectionString: database.connectionString, schema: 'pgboss', max: 4, ...supervision });
  }
  const direct = fromPglite(database.pglite);
  const queued = {
    ...direct,
    executeSql: (text: string, values?: unknown[]) =>
      database.db.connection().execute(() => direct.executeSql(text, values)),
  };
  return new PgBoss({ db: queued, backend: 'pglite', schema: 'pgboss', ...supervision });
}
