import { backupKeyForReading, backupKeyForWriting } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testMasterKey, type TestApp } from '../testing/test-app.js';

/**
 * The organization's backup key over the API and the database: the setting is documented and
 * answered, the key is made once, kept sealed (never answered), and carried by the
 * disaster-recovery export so that an installation restored from it reads the old backups.
 */
let t: TestApp;
let other: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  other = await startTestApp({ OCORE_MASTER_KEY: Buffer.alloc(32, 9).toString('base64') });
});
afterAll(async () => {
  await t.close();
  await other.close();
});

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

async function* bytes(content: string | Buffer): AsyncIterable<Uint8Array> {
  yield Buffer.from(content);
}

describe('backups encrypted at rest', () => {
  it('makes one key, sealed, and refuses to take one from an update', async () => {
    const owner = await t.signup('Key Owner');
    const orgId = owner.organization.id;
    expect(await backupKeyForWriting(t.app.deps, orgId)).toBeUndefined();
    const on = await t.api('PUT', '/api/org/settings', { token: owner.token, body: { backupEncryption: true } });
    expect(on.body).toMatchObject({ backupEncryption: true, hasBackupKey: false });
    const [key, again] = await Promise.all([
      backupKeyForWriting(t.app.deps, orgId),
      backupKeyForWriting(t.app.deps, orgId),
    ]);
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(again).toBe(key);
    const row = await t.app.deps.database.db
      .selectFrom('orgSettings')
      .select('backupKeySealed')
      .where('organizationId', '=', orgId)
      .executeTakeFirstOrThrow();
    expect(row.backupKeySealed).toMatch(/^enc:v1:/);
    expect(row.backupKeySealed).not.toContain(key!);
    const read = await t.api('GET', '/api/org/settings', { token: owner.token });
    expect(read.body).toMatchObject({ backupEncryption: true, hasBackupKey: true });
    expect(JSON.stringify(read.body)).not.toContain(key!);
    const refused = await t.api('PUT', '/api/org/settings', { token: owner.token, body: { backupKey: key } });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/backupKey.*is not a setting/);
  });

  it('carries the sealed key in the export: the installation restored from it decrypts the old backups', async () => {
    const owner = await t.signup('Exporter');
    await t.api('PUT', '/api/org/settings', { token: owner.token, body: { backupEncryption: true } });
    const key = (await backupKeyForWriting(t.app.deps, owner.organization.id))!;
    const sealed = await collect(t.app.deps.backupCipher.encrypt(bytes('PK an odoo zip'), key).stream);
    const document = (await t.api('POST', '/api/org/disaster-recovery/export', { token: owner.token })).body;
    expect(document.content.settings).toMatchObject({
      backupEncryption: true,
      secrets: { backupKey: expect.stringMatching(/^enc:v1:/) },
    });
    expect(JSON.stringify(document)).not.toContain(key);

    // Its Owner, restoring on an installation that never had the organization (another master key).
    const importer = await other.api('POST', '/api/auth/signup', {
      body: { email: owner.user.email, password: 'a long enough password', name: 'Exporter' },
    });
    const imported = await other.api('POST', '/api/org/disaster-recovery/import', {
      token: importer.body.token,
      body: { document, previousMasterKey: testMasterKey },
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.skippedSecrets).toEqual({ names: [], reason: null });
    const newOrg = imported.body.organization.id as string;
    const restoredKey = await backupKeyForReading(other.app.deps, newOrg);
    expect(restoredKey).toBe(key);
    const plain = await collect(other.app.deps.backupCipher.decrypt(bytes(sealed), restoredKey));
    expect(plain.toString()).toBe('PK an odoo zip');
  });
});
