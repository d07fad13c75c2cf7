import type { BackupStores } from '@ocore/core';
import { createS3BackupStore } from './s3.backup-store.js';
import { createSftpBackupStore } from './sftp.backup-store.js';

/** Opens the store of a destination by its kind; the server's own disk is reached over its SSH access. */
export function createBackupStores(): BackupStores {
  return {
    open({ destination, credentials, ssh }) {
      if (destination.kind === 's3' && destination.s3) return createS3BackupStore(destination.s3, credentials);
      if (destination.kind === 'sftp' && destination.sftp)
        return createSftpBackupStore({ ...destination.sftp, ...credentials });
      if (destination.kind === 'server' && destination.server && ssh)
        return createSftpBackupStore({
          host: ssh.host,
          port: ssh.port,
          username: ssh.user,
          privateKey: ssh.privateKey,
          password: ssh.password,
          hostKey: ssh.hostKey,
          directory: destination.server.directory,
        });
      throw new Error(`the ${destination.kind} destination ${destination.name} is incomplete`);
    },
  };
}
