#!/usr/bin/env node
import { loadConfig } from '../config/config.js';
import { decodeMasterKey, loadKeys } from '../config/keys.js';
import { createAesGcmSecretBox } from '../crypto/aes-gcm-secret-box.js';
import { createDb } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrate.js';
import { rotateSealedSecrets } from './rotate-master-key.js';

/**
 * `OCORE_MASTER_KEY=<new> OCORE_MASTER_KEY_PREVIOUS=<old> pnpm --filter @ocore/server rotate-master-key`
 * seals every stored secret under the new key. Keep the old key in OCORE_MASTER_KEY_PREVIOUS
 * until the command reports nothing unreadable.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const keys = loadKeys(config);
  const previous = config.previousMasterKeys.map(decodeMasterKey);
  const box = createAesGcmSecretBox(keys.masterKey, previous);
  const database = await createDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pgliteSharedBuffers: config.pgliteSharedBuffers,
  });
  try {
    await migrateToLatest(database.db);
    const report = await rotateSealedSecrets(database.db, box);
    console.log(
      `current key ${box.currentKeyId}: ${report.resealed} resealed, ${report.alreadyCurrent} already current`,
    );
    for (const u of report.unreadable)
      console.error(`unreadable: ${u.table}.${u.column} (${u.key}) sealed under key ${u.keyId}`);
    process.exitCode = report.unreadable.length ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`rotate-master-key failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
