import { describeRepositoryContract } from '@ocore/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrate.js';
import { createTestPostgresDatabase, testDbKind } from '../testing/test-database.js';
import { createKyselyStore } from './kysely-store.js';

/** The repository contract core runs on its in-memory store, here on kysely over this project's database. */
describeRepositoryContract(
  `kysely on ${testDbKind()}`,
  async () => {
    const postgres = testDbKind() === 'postgres' ? await createTestPostgresDatabase() : undefined;
    const database = await createDb({ databaseUrl: postgres?.url, dataDir: 'memory' });
    await migrateToLatest(database.db);
    return {
      store: createKyselyStore(database.db),
      async close() {
        await database.close();
        await postgres?.drop();
      },
    };
  },
  { describe, it, expect, beforeAll, afterAll },
);
