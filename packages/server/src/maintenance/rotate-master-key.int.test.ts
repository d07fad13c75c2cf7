import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../app.js';
import { loadConfig } from '../config/config.js';
import { createAesGcmSecretBox, keyIdOf } from '../crypto/aes-gcm-secret-box.js';
import { startTestApp, testJwtSecret, testMasterKey, type TestApp } from '../testing/test-app.js';
import { testDbKind } from '../testing/test-database.js';
import { rotateSealedSecrets } from './rotate-master-key.js';

const oldKey = Buffer.from(testMasterKey, 'base64');
const newKey = Buffer.alloc(32, 3);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function sealedValues(orgId: string): Promise<string[]> {
  const row = await sql<{
    a: string;
    b: string;
  }>`select posthog_personal_api_key_sealed as a, subscription_code_sealed as b from org_settings where organization_id = ${orgId}`.execute(
    t.app.deps.database.db,
  );
  return [row.rows[0]!.a, row.rows[0]!.b];
}

describe('master key rotation', () => {
  it('reseals every stored secret under the new key, and can run again', async () => {
    const owner = await t.signup();
    await t.api('PUT', '/api/org/settings', {
      token: owner.token,
      body: { posthogPersonalApiKey: 'phx_rotate_me', subscriptionCode: 'M2407150000001' },
    });
    const box = createAesGcmSecretBox(newKey, [oldKey]);
    const report = await rotateSealedSecrets(t.app.deps.database.db, box);
    expect(report.resealed).toBeGreaterThanOrEqual(2);
    expect(report.unreadable).toEqual([]);
    const values = await sealedValues(owner.organization.id);
    const onlyNew = createAesGcmSecretBox(newKey);
    expect(values.map((v) => onlyNew.keyIdOf(v))).toEqual([keyIdOf(newKey), keyIdOf(newKey)]);
    expect(values.map((v) => onlyNew.open(v))).toEqual(['phx_rotate_me', 'M2407150000001']);
    const again = await rotateSealedSecrets(t.app.deps.database.db, box);
    expect(again.resealed).toBe(0);
  });

  it('names what it cannot open and leaves it as it was', async () => {
    const owner = await t.signup();
    await t.api('PUT', '/api/org/settings', { token: owner.token, body: { subscriptionCode: 'M2407150000001' } });
    const before = await sealedValues(owner.organization.id);
    const stranger = createAesGcmSecretBox(Buffer.alloc(32, 5), [Buffer.alloc(32, 6)]);
    const report = await rotateSealedSecrets(t.app.deps.database.db, stranger);
    expect(report.unreadable).toContainEqual(
      expect.objectContaining({
        key: owner.organization.id,
        column: 'subscription_code_sealed',
        keyId: keyIdOf(oldKey),
      }),
    );
    expect(await sealedValues(owner.organization.id)).toEqual(before);
  });
});

describe.runIf(testDbKind() === 'pglite')('the rotate-master-key command', () => {
  it('rotates a data dir so that the server runs on the new key alone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ocore-rotate-'));
    const env = {
      PORT: '0',
      OCORE_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      OCORE_JWT_SECRET: testJwtSecret,
      OCORE_JOBS: '0',
    };
    const first = await startApp(loadConfig({ ...env, OCORE_MASTER_KEY: testMasterKey }));
    const signup = await fetch(`${first.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'rot@example.com', password: 'a long enough password', name: 'Rot' }),
    });
    const { token } = (await signup.json()) as { token: string };
    await fetch(`${first.url}/api/org/settings`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ subscriptionCode: 'M2407150000001' }),
    });
    await first.close();

    const command = join(import.meta.dirname, 'rotate-master-key.command.ts');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', command], {
      env: {
        ...process.env,
        ...env,
        OCORE_MASTER_KEY: newKey.toString('base64'),
        OCORE_MASTER_KEY_PREVIOUS: testMasterKey,
      },
    });
    expect(stdout).toContain(`current key ${keyIdOf(newKey)}: 1 resealed`);

    const second = await startApp(loadConfig({ ...env, OCORE_MASTER_KEY: newKey.toString('base64') }));
    const res = await fetch(`${second.url}/api/org/settings/validate-subscription`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(((await res.json()) as { valid: boolean }).valid).toBe(true);
    await second.close();
  });
});
