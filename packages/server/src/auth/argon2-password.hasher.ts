import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { PasswordHasher } from '@ocore/core';

export const passwordHashCosts = ['standard', 'fast-for-tests'] as const;
export type PasswordHashCost = (typeof passwordHashCosts)[number];

// `Algorithm` is a const enum, which verbatimModuleSyntax cannot read: 2 is Argon2id.
const argon2id = 2 as Algorithm;
const costs: Record<PasswordHashCost, { memoryCost: number; timeCost: number }> = {
  // OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
  standard: { memoryCost: 19456, timeCost: 2 },
  // argon2's least (8 KiB, 1 pass): test suites hash thousands of passwords. Refused in production (config.ts).
  'fast-for-tests': { memoryCost: 8, timeCost: 1 },
};

/**
 * argon2id hashes; an unknown user is checked against a throwaway hash so timing tells nothing.
 * A hash carries its own parameters, so either cost verifies the other's hashes.
 */
export function createArgon2Hasher(cost: PasswordHashCost = 'standard'): PasswordHasher {
  const options = { algorithm: argon2id, parallelism: 1, ...costs[cost] };
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
