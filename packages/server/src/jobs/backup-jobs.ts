import { failStaleBackups, runBackup, runRestore, settleScheduledBackup, type BackupQueue } from '@ocore/core';
import type { PgBoss } from 'pg-boss';
import type { AppDeps } from '../trpc/context.js';

export const backupQueueName = 'backup-job';

/** A backup or restore still unfinished this long after it was asked for had its worker die. */
const staleAfterMs = 6 * 3_600_000;

/**
 * One job per backup or restore; pg-boss does not retry one (a failed backup says why and is
 * made again). At start-up, backups left unfinished by a stopped worker are failed: nothing
 * half-written is ever listed as usable.
 */
export async function startBackupJobs(boss: PgBoss, deps: AppDeps, work: boolean): Promise<void> {
  await boss.createQueue(backupQueueName, { retryLimit: 0, expireInSeconds: 6 * 3600 });
  if (!work) return;
  const failed = await failStaleBackups(deps, staleAfterMs);
  if (failed) deps.log.warn({ failed }, 'backups left unfinished by a stopped worker were failed');
  await boss.work<{ kind: 'backup' | 'restore'; id: string }>(
    backupQueueName,
    { pollingIntervalSeconds: 0.5, batchSize: 1 },
    async ([job]) => {
      if (!job) return;
      const { kind, id } = job.data;
      const result = kind === 'backup' ? await runBackup(deps, id) : await runRestore(deps, id);
      deps.log.info({ kind, id, status: result?.status }, `${kind} finished`);
      if (result && 'storageKey' in result) await settleScheduledBackup(deps, result);
    },
  );
}

/** Sends a backup or restore to the queue. */
export function createBackupQueue(boss: () => PgBoss | undefined): BackupQueue {
  return {
    async request(job) {
      const instance = boss();
      if (!instance) throw new Error('the job queue is not running');
      await instance.send(backupQueueName, job);
    },
  };
}
