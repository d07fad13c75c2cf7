import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type {
  BackupCipher,
  BackupQueue,
  BackupStore,
  BackupStores,
  OdooArchiver,
  StoredObject,
} from '../backups/backup.ports.js';
import type { BackupContents, BackupInspector } from '../backups/backup-contents.rules.js';

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
  /** Answers `contents` for every backup (Odoo 18.0, no files, unless a test changes it). */
  backupInspector: BackupInspector & { contents: BackupContents };
  /** AES-256-GCM over the whole backup (the fakes hold backups whole anyway). */
  backupCipher: BackupCipher;
}

const fakeMagic = Buffer.from('FAKEENC1');

/** A whole-buffer cipher with the port's behaviour: a header, and a refusal of another key or altered bytes. */
function createFakeCipher(): BackupCipher {
  const open = (bytes: Buffer, key: string): Buffer => {
    if (!bytes.subarray(0, 8).equals(fakeMagic)) throw new Error('not an encrypted oCore backup');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key, 'base64'), bytes.subarray(8, 20));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(20, bytes.length - 16)), decipher.final()]);
    } catch {
      throw new Error('the backup does not decrypt with the organization’s key (another key, or altered bytes)');
    }
  };
  return {
    newKey: () => randomBytes(32).toString('base64'),
    encrypt(stream, key) {
      let done: (value: StoredObject) => void = () => undefined;
      const made = new Promise<StoredObject>((resolve) => (done = resolve));
      async function* sealed() {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
        const body = Buffer.concat([cipher.update(await collect(stream)), cipher.final()]);
        const bytes = Buffer.concat([fakeMagic, iv, body, cipher.getAuthTag()]);
        done(digest(bytes));
        yield bytes;
      }
      return { stream: sealed(), done: made };
    },
    async *decrypt(stream, key) {
      yield open(Buffer.from(await collect(stream)), key);
    },
    async decryptingSource(source, key) {
      const plain = open(Buffer.from(await collect(await source.read(0, source.sizeBytes))), key);
      return { sizeBytes: plain.length, read: async (start, end) => once(plain.subarray(start, end)) };
    },
    plainSizeOf: (sizeBytes) => sizeBytes - 36,
    isEncrypted: (head) => Buffer.from(head.subarray(0, 8)).equals(fakeMagic),
  };
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
    create(_runtime, instance, format, database) {
      const bytes = Buffer.from(`backup of ${instance.id}'s ${database} at ${Date.now()} (${format})`);
      return { stream: once(bytes), done: Promise.resolve(digest(bytes)) };
    },
    async restore(_runtime, _instance, source, target) {
      const bytes = await collect(await source.read(0, source.sizeBytes));
      if (archiver.failRestore) throw new Error(archiver.failRestore);
      archiver.restored.push(`${target.database}: ${bytes.toString()}`);
    },
  };
  const requested: { kind: 'backup' | 'restore'; id: string }[] = [];
  const inspector: BackupFakes['backupInspector'] = {
    contents: { format: 'zip', manifest: { version: '18.0', modules: { base: '18.0.1.3' } }, files: [] },
    async inspect() {
      return structuredClone(inspector.contents);
    },
  };
  return {
    backupCipher: createFakeCipher(),
    backupInspector: inspector,
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
