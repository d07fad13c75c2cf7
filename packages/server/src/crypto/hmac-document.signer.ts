import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import type { DocumentSigner } from '@ocore/core';
import { decodeMasterKey } from '../config/keys.js';
import { keyIdOf } from './aes-gcm-secret-box.js';

// canonicalize is CommonJS whose types claim an ES default export; require gives the function.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined;

/** The signing key of a master key: HKDF-SHA256, so the master key itself never signs. */
const signingKey = (master: Buffer) =>
  Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'ocore-disaster-recovery-signature-v1', 32));

const mac = (key: Buffer, value: unknown) =>
  createHmac('sha256', key)
    .update(canonicalize(value) ?? 'null')
    .digest('hex');

/**
 * HMAC-SHA256 of the RFC 8785 canonical JSON under a key derived from the master key, as
 * `v1:<keyId>:<hex>`; the key id is the master key's (as in sealed values), so a document
 * signed before a key rotation is checked with the previous key.
 */
export function createHmacDocumentSigner(current: Buffer, previous: readonly Buffer[] = []): DocumentSigner {
  const ring = new Map([current, ...previous].map((key) => [keyIdOf(key), signingKey(key)]));
  const currentId = keyIdOf(current);
  const currentKey = signingKey(current);
  return {
    sign: (value) => `v1:${currentId}:${mac(currentKey, value)}`,
    verify(value, signature, previousMasterKey) {
      const [version, kid, hex] = signature.split(':');
      if (version !== 'v1' || kid === undefined || hex === undefined || !/^[0-9a-f]{64}$/.test(hex)) return 'altered';
      const key = ring.get(kid) ?? givenKey(previousMasterKey, kid);
      if (!key) return 'unknown_key';
      return timingSafeEqual(Buffer.from(mac(key, value), 'hex'), Buffer.from(hex, 'hex')) ? 'valid' : 'altered';
    },
  };
}

/** The signing key of the master key the importer gave, when it is the one that signed. */
function givenKey(previousMasterKey: string | undefined, kid: string): Buffer | undefined {
  if (!previousMasterKey) return undefined;
  try {
    const master = decodeMasterKey(previousMasterKey);
    return keyIdOf(master) === kid ? signingKey(master) : undefined;
  } catch {
    return undefined;
  }
}
