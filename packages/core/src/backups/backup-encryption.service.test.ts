import { beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../servers/server.service.js';
import { createTemplateInput } from '../templates/template.schema.js';
import { createTemplate } from '../templates/template.service.js';
import { provisionInstance } from '../instances/provision.service.js';
import { runOperation } from '../instances/operation.runner.js';
import type { Instance } from '../instances/instance.schema.js';
import { getOrgSettings, updateOrgSettings } from '../org-settings/org-settings.service.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { createBackupFakes, type BackupFakes } from '../testing/backup-fakes.js';
import { signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { createBackupInput } from './backup.schema.js';
import { createDestinationInput, type Destination } from './destination.schema.js';
import { createBackup, getBackup, listRestores, openBackupDownload, restoreBackup } from './backup.service.js';
import { createDestination } from './destination.service.js';
import { runBackup } from './backup.runner.js';
import { runRestore } from './restore.runner.js';
import { importBackup } from './import.service.js';

type Deps = SettingsTestDeps & BackupFakes;
let deps: Deps;
let owner: SignedUp;
let instance: Instance;
let destination: Destination;

async function drain() {
  for (const id of deps.operationQueue.requested.splice(0)) await runOperation(deps, id);
  for (const job of deps.backupQueue.requested.splice(0))
    await (job.kind === 'backup' ? runBackup(deps, job.id) : runRestore(deps, job.id));
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts).toString();
}

async function* bytes(text: string | Buffer): AsyncIterable<Uint8Array> {
  yield Buffer.from(text);
}

const stored = (id: string) =>
  [...deps.backupStores.objects.get(destination.id)!].find(([key]) => key.includes(id))![1];
const sealedKey = () => deps.store.state.settings.get(owner.actor.organizationId)?.sealed.backupKey ?? null;

async function backUp() {
  const pending = await createBackup(deps, owner.actor, createBackupInput.parse({ id: instance.id }));
  await drain();
  return getBackup(deps, owner.actor, pending.id);
}

beforeEach(async () => {
  deps = { ...createSettingsTestDeps(), ...createBackupFakes() };
  owner = await signUpUser(deps, 'Ada Owner');
  const server = await createServer(deps, owner.actor, {
    name: 'odoo-1',
    host: '127.0.0.1',
    port: 22,
    sshUser: 'root',
    sshPassword: 'pw',
    capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
  });
  const template = await createTemplate(
    deps,
    owner.actor,
    createTemplateInput.parse({ name: 'Shop', odooVersion: '18.0' }),
  );
  ({ instance } = await provisionInstance(deps, owner.actor, { id: template.id, serverId: server.id, overrides: {} }));
  destination = await createDestination(
    deps,
    owner.actor,
    createDestinationInput.parse({
      name: 'Offsite',
      kind: 's3',
      s3: { endpoint: 'http://127.0.0.1:9000', bucket: 'backups', forcePathStyle: true },
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'shh' },
    }),
  );
  await updateOrgSettings(deps, owner.actor, { backupDestinationId: destination.id });
  await drain();
});

describe('backups encrypted at rest', () => {
  it('stays plain, and makes no key, while the setting is off', async () => {
    const backup = await backUp();
    expect(backup).toMatchObject({ status: 'completed', encrypted: false });
    expect(Buffer.from(stored(backup.id)).toString()).toMatch(/^backup of .* \(zip\)$/);
    expect(sealedKey()).toBeNull();
    expect(await getOrgSettings(deps, owner.actor)).toMatchObject({ backupEncryption: false, hasBackupKey: false });
  });

  it('makes one key on first use, sealed and never answered, and encrypts what is stored', async () => {
    await updateOrgSettings(deps, owner.actor, { backupEncryption: true });
    expect(sealedKey()).toBeNull();
    const first = await backUp();
    expect(first).toMatchObject({ status: 'completed', encrypted: true });
    const key = sealedKey();
    expect(key).toMatch(/^enc:v1:/);
    const bytesThere = Buffer.from(stored(first.id));
    expect(bytesThere.subarray(0, 8).toString()).toBe('FAKEENC1');
    expect(bytesThere.toString('latin1')).not.toContain('backup of');
    expect(first.sizeBytes).toBe(bytesThere.length);
    const settings = await getOrgSettings(deps, owner.actor);
    expect(settings).toMatchObject({ backupEncryption: true, hasBackupKey: true });
    expect(JSON.stringify(settings)).not.toContain(key!.slice(8, 30));
    await backUp();
    expect(sealedKey()).toBe(key);
  });

  it('downloads the archive decrypted, and restores it decrypted, also once the setting is off again', async () => {
    await updateOrgSettings(deps, owner.actor, { backupEncryption: true });
    const backup = await backUp();
    await updateOrgSettings(deps, owner.actor, { backupEncryption: false });
    const download = await openBackupDownload(deps, owner.actor, backup.id);
    const plain = await collect(download.stream);
    expect(plain).toMatch(/^backup of .* \(zip\)$/);
    expect(download.sizeBytes).toBe(plain.length);
    await restoreBackup(deps, owner.actor, { id: backup.id, target: 'in-place' });
    await drain();
    expect((await listRestores(deps, owner.actor, backup.id)).items[0]).toMatchObject({ status: 'succeeded' });
    expect(deps.odooArchiver.restored).toEqual([expect.stringMatching(/_restore: backup of /)]);
  });

  it('fails a restore with another key before anything is swapped, saying why', async () => {
    await updateOrgSettings(deps, owner.actor, { backupEncryption: true });
    const backup = await backUp();
    deps.store.state.settings.get(owner.actor.organizationId)!.sealed.backupKey = deps.secrets.seal(
      deps.backupCipher.newKey(),
    );
    await restoreBackup(deps, owner.actor, { id: backup.id, target: 'in-place' });
    await drain();
    expect((await listRestores(deps, owner.actor, backup.id)).items[0]).toMatchObject({
      status: 'failed',
      step: 'load the backup into a new database',
      error: expect.stringContaining('does not decrypt with the organization’s key'),
    });
    expect(deps.odooArchiver.restored).toEqual([]);
    const download = await openBackupDownload(deps, owner.actor, backup.id);
    await expect(collect(download.stream)).rejects.toThrow(/does not decrypt/);
  });

  it('keeps an imported zip encrypted, and takes back an encrypted backup of the organization’s as it is', async () => {
    await updateOrgSettings(deps, owner.actor, { backupEncryption: true });
    const imported = await importBackup(deps, owner.actor, { id: instance.id, body: bytes('an odoo zip') });
    expect(imported.backup).toMatchObject({ status: 'completed', encrypted: true });
    expect(Buffer.from(stored(imported.backup.id)).subarray(0, 8).toString()).toBe('FAKEENC1');
    await drain();
    const taken = Buffer.from(stored(imported.backup.id));
    await updateOrgSettings(deps, owner.actor, { backupEncryption: false });
    const again = await importBackup(deps, owner.actor, { id: instance.id, body: bytes(taken) });
    expect(again.backup).toMatchObject({ status: 'completed', encrypted: true });
    await drain();
    expect(deps.odooArchiver.restored.at(-1)).toMatch(/_restore: an odoo zip$/);
    deps.store.state.settings.get(owner.actor.organizationId)!.sealed.backupKey = deps.secrets.seal(
      deps.backupCipher.newKey(),
    );
    await expect(importBackup(deps, owner.actor, { id: instance.id, body: bytes(taken) })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('the encrypted backup cannot be read'),
    });
  });
});
