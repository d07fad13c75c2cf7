import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './database.js';
import { copyTemplateTo, templateBlob } from './pgdata-template.js';

// int8 (bigserial ids, counts) as strings, never as lossy numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export type DbKind = 'pglite' | 'postgres';

/** Where the data lives: the embedded instance (pg-boss and LISTEN use it), or a PostgreSQL server. */
export type DbTarget =
  | { kind: 'pglite'; pglite: PGlite; connectionString?: undefined }
  | { kind: 'postgres'; connectionString: string; pglite?: undefined };

export type Db = DbTarget & {
  db: Kysely<Database>;
  isReachable(): Promise<boolean>;
  close(): Promise<void>;
};

export interface DbOptions {
  /** PostgreSQL connection string; without it the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Folder for PGlite's files; `memory` keeps everything in memory (tests). */
  dataDir: string;
  poolSize?: number;
  /** PGlite's shared_buffers (OCORE_PGLITE_SHARED_BUFFERS), e.g. 16MB. */
  pgliteSharedBuffers?: string;
}

/** One Kysely for PGlite and PostgreSQL alike. */
export async function createDb(options: DbOptions): Promise<Db> {
  const plugins = [new CamelCasePlugin()];
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // A client losing its server (a restart, a failover) must not crash the process: idle
    // ones report to the pool, checked-out ones to their query, which fails and is answered 503.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
    return wrap(db, { kind: 'postgres', connectionString: options.databaseUrl });
  }
  compileWasmWithLiftoffOnly();
  // A small buffer pool: PGlite's memory never shrinks, and the default 128 MB fills up with use.
  const startParams = [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.pgliteSharedBuffers ?? '16MB'}`];
  let pglite: PGlite;
  if (options.dataDir === 'memory') {
    const loadDataDir = templateBlob();
    pglite = await PGlite.create({ startParams, ...(loadDataDir ? { loadDataDir } : {}) });
  } else {
    const dir = join(options.dataDir, 'pgdata');
    if (!existsSync(dir) || readdirSync(dir).length === 0) {
      // Filled beside it and renamed, so that a crash mid-copy leaves no half a database.
      const filling = `${dir}.new-${process.pid}`;
      rmSync(filling, { recursive: true, force: true });
      mkdirSync(filling, { recursive: true });
      copyTemplateTo(filling);
      rmSync(dir, { recursive: true, force: true });
      renameSync(filling, dir);
    }
    pglite = await PGlite.create(dir, { startParams });
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), plugins });
  return wrap(db, { kind: 'pglite', pglite });
}

/**
 * PGlite's WebAssembly (9 MB) compiled by V8's baseline compiler only. By default V8 also
 * compiles its hot functions again with TurboFan on background threads, whose working memory
 * stays in glibc's per-thread arenas after it is freed: about 80 MB of the idle process (a bare
 * process with PGlite open: 150-166 MB by default, 84 MB with this). Queries are no slower: a
 * query's time goes to the protocol and the JavaScript around it, and PGlite opens faster
 * (`bench/startup.bench.ts`). Set before the module is compiled; the flag is read then.
 */
function compileWasmWithLiftoffOnly() {
  setFlagsFromString('--liftoff-only');
}

function wrap(db: Kysely<Database>, target: DbTarget): Db {
  return {
    ...target,
    db,
    async isReachable() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}
