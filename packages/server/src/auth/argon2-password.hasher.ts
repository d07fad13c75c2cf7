import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { PasswordHasher } from '@ocore/core';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
// `Algorithm` is a const enum, which verbatimModuleSyntax cannot read: 2 is Argon2id.
const options = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** argon2id hashes; an unknown user is checked against a throwaway hash so timing tells nothing. */
export function createArgon2Hasher(): PasswordHasher {
  const decoy = hash(crypto.randomUUID(), options);
  return {
    hash: (password) => hash(password, options),
    async verify(stored, password) {
      const target = stored ?? (await decoy);
      try {
        const ok = await verify(target, password);
        return stored !== null && ok;
      } catch {
        return false;
      }
    },
  };
}
