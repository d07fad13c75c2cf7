import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Keys {
  jwtSecret: string;
  /** 32 bytes for AES-256-GCM. */
  masterKey: Buffer;
}

/** Decodes a master key given as 64 hex digits or base64 of 32 bytes. */
export function decodeMasterKey(value: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) {
    throw new Error('OCORE_MASTER_KEY must be 32 bytes, as 64 hex digits or base64 (openssl rand -base64 32)');
  }
  return key;
}

function checkJwtSecret(secret: string): string {
  if (secret.length < 32) throw new Error('OCORE_JWT_SECRET must be at least 32 characters (openssl rand -base64 48)');
  return secret;
}

/**
 * The signing and encryption keys. Given ones win; in production both must be given.
 * Otherwise they are generated once and kept in `<dataDir>/keys.json` (mode 0600).
 */
export function loadKeys(options: {
  jwtSecret: string | undefined;
  masterKey: string | undefined;
  dataDir: string;
  production: boolean;
}): Keys {
  if (options.production) {
    const missing = [!options.jwtSecret && 'OCORE_JWT_SECRET', !options.masterKey && 'OCORE_MASTER_KEY'].filter(
      Boolean,
    );
    if (missing.length) throw new Error(`${missing.join(' and ')} must be set when NODE_ENV=production`);
  }
  // Read (or made) only when a key is not given, once.
  let stored: StoredKeys | undefined;
  const storedKeys = () => (stored ??= readOrCreateStoredKeys(options.dataDir));
  return {
    jwtSecret: checkJwtSecret(options.jwtSecret ?? storedKeys().jwtSecret),
    masterKey: decodeMasterKey(options.masterKey ?? storedKeys().masterKey),
  };
}

interface StoredKeys {
  jwtSecret: string;
  masterKey: string;
}

function readOrCreateStoredKeys(dataDir: string): StoredKeys {
  const generated = { jwtSecret: randomBytes(48).toString('base64url'), masterKey: randomBytes(32).toString('base64') };
  if (dataDir === 'memory') return generated;
  const file = join(dataDir, 'keys.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { jwtSecret?: string; masterKey?: string };
    if (!stored.jwtSecret || !stored.masterKey)
      throw new Error(`${file} is damaged: it must hold jwtSecret and masterKey`);
    return { jwtSecret: stored.jwtSecret, masterKey: stored.masterKey };
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return generated;
}
