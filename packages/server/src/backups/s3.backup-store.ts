import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { BackupStore, DestinationCredentials, s3DestinationSettings } from '@ocore/core';
import type { z } from 'zod';
import { digestOf, roundTrip } from './read-back.js';

type S3Settings = z.infer<typeof s3DestinationSettings>;

/** The SDK's own message, without its stack: what the user can act on (Access Denied, NoSuchBucket). */
function explain(err: unknown): Error {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : '';
  return new Error(`S3: ${e.message || e.name || 'request failed'}${status}`);
}

/** An S3-compatible bucket: multipart uploads streamed from the backup, read back for the checksum. */
export function createS3BackupStore(settings: S3Settings, credentials: DestinationCredentials): BackupStore {
  const client = new S3Client({
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: { accessKeyId: credentials.accessKeyId ?? '', secretAccessKey: credentials.secretAccessKey ?? '' },
    maxAttempts: 3,
  });
  const Bucket = settings.bucket;
  const prefix = settings.prefix ? `${settings.prefix.replace(/\/+$/, '')}/` : '';
  const Key = (key: string) => `${prefix}${key}`;
  const get = async (key: string, range?: { start: number; end: number }) => {
    const answer = await client
      .send(
        new GetObjectCommand({
          Bucket,
          Key: Key(key),
          ...(range ? { Range: `bytes=${range.start}-${range.end - 1}` } : {}),
        }),
      )
      .catch((err: unknown) => {
        throw explain(err);
      });
    return answer.Body as Readable;
  };
  /**
   * Aborts the key's unfinished multipart uploads, so no parts of a failed backup are kept (and
   * billed). Best effort: the failure's own reason is what the backup tells, not the abort's.
   */
  const abortUploads = async (key: string) => {
    const open = await client.send(new ListMultipartUploadsCommand({ Bucket, Prefix: Key(key) }));
    for (const upload of open.Uploads ?? [])
      if (upload.Key === Key(key) && upload.UploadId)
        await client
          .send(new AbortMultipartUploadCommand({ Bucket, Key: Key(key), UploadId: upload.UploadId }))
          .catch(() => undefined);
  };
  /**
   * Removes what a failed upload left under the key. A server may go on writing a request the
   * client gave up on and store it after a first delete (s3rver keeps the bytes it got), so
   * the key is asked again a second later and deleted until it is gone, a few times at most.
   * Best effort, as above.
   */
  const removeLeftover = async (key: string) => {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await store.delete(key).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const gone = await client
        .send(new HeadObjectCommand({ Bucket, Key: Key(key) }))
        .then(() => false)
        .catch(
          (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404,
        );
      if (gone) return;
    }
  };
  const store: BackupStore = {
    async put(key, body) {
      // 8 MiB parts, two in flight: memory stays bounded whatever the backup's size.
      const upload = new Upload({
        client,
        params: { Bucket, Key: Key(key), Body: Readable.from(body) },
        partSize: 8 * 1024 * 1024,
        queueSize: 2,
        // Aborted below: the SDK's own abort would answer its error instead of the upload's.
        leavePartsOnError: true,
      });
      try {
        await upload.done();
      } catch (err) {
        await abortUploads(key).catch(() => undefined);
        await removeLeftover(key);
        throw explain(err);
      }
      return digestOf(await get(key));
    },
    get,
    async size(key) {
      const head = await client.send(new HeadObjectCommand({ Bucket, Key: Key(key) })).catch((err: unknown) => {
        throw explain(err);
      });
      return head.ContentLength ?? 0;
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: Key(key) })).catch((err: unknown) => {
        throw explain(err);
      });
    },
    async list() {
      const found: { key: string; sizeBytes: number }[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }));
        for (const o of page.Contents ?? [])
          found.push({ key: (o.Key ?? '').slice(prefix.length), sizeBytes: o.Size ?? 0 });
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return found;
    },
    test: () => roundTrip(store, `s3://${Bucket}/${prefix}`),
    close: () => client.destroy(),
  };
  return store;
}
