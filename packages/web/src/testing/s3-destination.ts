/// <reference types="node" />
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { callApi } from './browser-harness';

/** An S3-compatible server on loopback (s3rver) made the organization's default backup destination. */
export interface LoopbackS3Destination {
  destinationId: string;
  close(): Promise<void>;
}

/**
 * Starts s3rver on 127.0.0.1 with a `backups` bucket, adds it as a destination of `token`'s
 * organization and makes it the default (destructive actions and restores back up there first).
 */
export async function startLoopbackS3Destination(baseUrl: string, token: string): Promise<LoopbackS3Destination> {
  const directory = await mkdtemp(join(tmpdir(), 'ocore-s3-'));
  const s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'backups', configs: [] }],
  });
  const close = async () => {
    await s3.close().catch(() => undefined);
    await rm(directory, { recursive: true, force: true });
  };
  try {
    const port = (await s3.run()).port;
    const destination = await callApi(baseUrl, '/backup-destinations', {
      method: 'POST',
      token,
      body: {
        name: 'Loopback S3',
        kind: 's3',
        s3: { endpoint: `http://127.0.0.1:${port}`, bucket: 'backups', forcePathStyle: true },
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      },
    });
    if (destination.status !== 201)
      throw new Error(`adding the destination failed: ${JSON.stringify(destination.body)}`);
    const destinationId = (destination.body as { id: string }).id;
    const saved = await callApi(baseUrl, '/org/settings', {
      method: 'PUT',
      token,
      body: { backupDestinationId: destinationId },
    });
    if (saved.status !== 200) throw new Error(`saving the default destination failed: ${JSON.stringify(saved.body)}`);
    return { destinationId, close };
  } catch (error) {
    await close();
    throw error;
  }
}
