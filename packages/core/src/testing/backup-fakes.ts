import { createHash } from 'node:crypto';
import type { BackupQueue, BackupStore, BackupStores, OdooArchiver, StoredObject } from '../backups/backup.ports.js';

export interface BackupFakes {
  backupStores: BackupStores & {
    /** What each destination holds, by destination id then key. */
    objects: Map<string, Map<string, Uint8Array>>;
    /** A put fails with this reason (a full disk, a refusal). */
    refuse: string | undefined;
    /** The destination keeps other bytes than it was sent. */
    corrupt: boolean;
  };
  odooArchiver: OdooArchiver & { restored: string[]; failRestore: string | undefined };
  backupQueue: BackupQueue & { requested: { kind: 'backup' | 'restore'; id: string }[] };
}

const digest = (bytes: Uint8Array): StoredObject => ({
  sizeBytes: bytes.length,
  sha256: createHash('sha256').update(bytes).digest('hex'),
});

async function collect(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  return Buffer.concat(parts);
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/** Destinations, Odoo's format and the queue in memory, with switches to make them fail. */
export function createBackupFakes(): BackupFakes {
  const objects = new Map<string, Map<string, Uint8Array>>();
  const stores: BackupFakes['backupStores'] = {
    objects,
    refuse: undefined,
    corrupt: false,
    open({ destination }) {
      const held = objects.get(destination.id) ?? new Map<string, Uint8Array>();
      objects.set(destination.id, held);
      const store: BackupStore = {
        async put(key, body) {
          const bytes = await collect(body);
          if (stores.refuse) throw new Error(stores.refuse);
          held.set(key, stores.corrupt ? Buffer.concat([bytes, Buffer.from('!')]) : bytes);
          return digest(held.get(key)!);
        },
        async get(key, range) {
          const bytes = held.get(key);
          if (!bytes) throw new Error(`no object ${key}`);
          return once(range ? bytes.subarray(range.start, range.end) : bytes);
        },
        async size(key) {
          return held.get(key)?.length ?? 0;
        },
        async delete(key) {
          held.delete(key);
        },
        async list() {
          return [...held].map(([key, bytes]) => ({ key, sizeBytes: bytes.length }));
        },
        async test() {
          if (stores.refuse) throw new Error(stores.refuse);
          return `memory:${destination.name}`;
        },
        close() {},
      };
      return store;
    },
  };
  const archiver: BackupFakes['odooArchiver'] = {
    restored: [],
    failRestore: undefined,
    create(_runtime, instance) {
      const bytes = Buffer.from(`backup of ${instance.id} at ${Date.now()}`);
      return { stream: once(bytes), done: Promise.resolve(digest(bytes)) };
    },
    async restore(_runtime, _instance, source, target) {
      const bytes = await collect(await source.read(0, source.sizeBytes));
      if (archiver.failRestore) throw new Error(archiver.failRestore);
      archiver.restored.push(`${target.database}: ${bytes.toString()}`);
    },
  };
  const requested: { kind: 'backup' | 'restore'; id: string }[] = [];
  return {
    backupStores: stores,
    odooArchiver: archiver,
    backupQueue: {
      requested,
      async request(job) {
        requested.push(job);
      },
    },
  };
}
