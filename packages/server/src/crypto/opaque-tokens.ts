import { createHash, randomBytes } from 'node:crypto';
import type { OpaqueTokens } from '@ocore/core';

/** 256-bit random tokens in base64url; stored as their SHA-256 (enough for a random secret: no salt or slow hash needed). */
export const opaqueTokens: OpaqueTokens = {
  create(prefix = '') {
    const token = `${prefix}${randomBytes(32).toString('base64url')}`;
    return { token, hash: opaqueTokens.hash(token) };
  },
  hash(token) {
    return createHash('sha256').update(token).digest('hex');
  },
};
