import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SecretBox } from '@ocore/core';
import { decodeMasterKey } from '../config/keys.js';

const prefix = 'enc:v1';
// Binds every sealed value to this scheme, so a value from another context does not open.
const aad = Buffer.from('ocore-secret-v1');

/** The short id of a key: the first 8 hex digits of its sha256. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function parse(sealed: string): { kid: string; iv: Buffer; tag: Buffer; data: Buffer } {
  const parts = sealed.split(':');
  if (parts.length !== 6 || `${parts[0]}:${parts[1]}` !== prefix) throw new Error('not a sealed secret');
  const [, , kid, iv, tag, data] = parts as [string, string, string, string, string, string];
  return {
    kid,
    iv: Buffer.from(iv, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
    data: Buffer.from(data, 'base64url'),
  };
}

function decrypt(key: Buffer, sealed: string): string {
  const { iv, tag, data } = parse(sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}

/**
 * AES-256-GCM under the current master key, as `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>`.
 * Values sealed under a previous key still open while that key is in the ring, and
 * `reseal` moves them to the current one (see `rotate-master-key`).
 */
export function createAesGcmSecretBox(
  current: Buffer,
  previous: readonly Buffer[] = [],
): SecretBox & { currentKeyId: string } {
  const ring = new Map([current, ...previous].map((key) => [keyIdOf(key), key]));
  const currentKeyId = keyIdOf(current);
  const seal = (plaintext: string) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', current, iv);
    cipher.setAAD(aad);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      prefix,
      currentKeyId,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      data.toString('base64url'),
    ].join(':');
  };
  const open = (sealed: string) => {
    const { kid } = parse(sealed);
    const key = ring.get(kid);
    if (!key) throw new Error(`sealed under key ${kid}, which this server does not hold`);
    return decrypt(key, sealed);
  };
  return {
    currentKeyId,
    seal,
    open,
    keyIdOf: (sealed) => parse(sealed).kid,
    reseal(sealed, previousKey) {
      try {
        const { kid } = parse(sealed);
        const key = ring.get(kid) ?? (previousKey ? decodeMasterKey(previousKey) : undefined);
        if (!key || keyIdOf(key) !== kid) return undefined;
        return seal(decrypt(key, sealed));
      } catch {
        return undefined;
      }
    },
  };
}
