import type { SecretBox } from '@ocore/core';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { sealedColumns } from './sealed-columns.js';

export interface RotationReport {
  resealed: number;
  alreadyCurrent: number;
  /** Values sealed under a key the ring does not hold: left as they are, and named. */
  unreadable: { table: string; key: string; column: string; keyId: string }[];
}

/**
 * Seals every stored secret again under the current master key, one row at a time in its
 * own transaction. Values already under the current key are left alone, so it can be run
 * again after an interruption.
 */
export async function rotateSealedSecrets(
  db: Kysely<Database>,
  box: SecretBox & { currentKeyId: string },
): Promise<RotationReport> {
  const report: RotationReport = { resealed: 0, alreadyCurrent: 0, unreadable: [] };
  for (const { table, key, columns } of sealedColumns) {
    for (const column of columns) {
      const rows = await sql<{
        k: string;
        v: string;
      }>`select ${sql.ref(key)}::text as k, ${sql.ref(column)} as v from ${sql.table(table)} where ${sql.ref(column)} is not null`.execute(
        db,
      );
      for (const row of rows.rows) {
        const keyId = box.keyIdOf(row.v);
        if (keyId === box.currentKeyId) {
          report.alreadyCurrent += 1;
          continue;
        }
        const resealed = box.reseal(row.v);
        if (!resealed) {
          report.unreadable.push({ table, key: row.k, column, keyId });
          continue;
        }
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${resealed} where ${sql.ref(key)}::text = ${row.k} and ${sql.ref(column)} = ${row.v}`.execute(
          db,
        );
        report.resealed += 1;
      }
    }
  }
  return report;
}
