import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMasterKey, loadKeys } from './keys.js';

const given = { jwtSecret: 'j'.repeat(40), masterKey: Buffer.alloc(32, 1).toString('base64') };

describe('loadKeys', () => {
  it('generates the keys once in embedded mode and keeps them in the data dir with mode 0600', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ocore-keys-'));
    const first = loadKeys({ jwtSecret: undefined, masterKey: undefined, dataDir, production: false });
    const second = loadKeys({ jwtSecret: undefined, masterKey: undefined, dataDir, production: false });
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.masterKey.equals(first.masterKey)).toBe(true);
    expect(first.masterKey.length).toBe(32);
    const file = join(dataDir, 'keys.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('jwtSecret', first.jwtSecret);
  });

  it('uses the given keys over stored ones', () => {
    const keys = loadKeys({ ...given, dataDir: 'memory', production: true });
    expect(keys.jwtSecret).toBe(given.jwtSecret);
  });

  it('refuses to start in production without both keys, naming them', () => {
    expect(() => loadKeys({ jwtSecret: undefined, masterKey: undefined, dataDir: 'memory', production: true })).toThrow(
      'OCORE_JWT_SECRET and OCORE_MASTER_KEY must be set when NODE_ENV=production',
    );
    expect(() =>
      loadKeys({ jwtSecret: given.jwtSecret, masterKey: undefined, dataDir: 'memory', production: true }),
    ).toThrow(/^OCORE_MASTER_KEY must be set/);
  });

  it('refuses a short JWT secret and a master key that is not 32 bytes', () => {
    expect(() => loadKeys({ ...given, jwtSecret: 'short', dataDir: 'memory', production: false })).toThrow(
      /at least 32/,
    );
    expect(() => decodeMasterKey('abcd')).toThrow(/32 bytes/);
    expect(decodeMasterKey('ab'.repeat(32)).length).toBe(32);
  });
});
