import type { ChallengeRepository, PasskeyRepository } from '../passkeys/passkey.ports.js';
import { newId, type StateCell } from './in-memory-state.js';

/** Passkeys kept in memory; a credential id is registered once. */
export function createPasskeyRepository(cell: StateCell): PasskeyRepository {
  const all = () => cell.current.passkeys;
  return {
    async insert(p) {
      const row = { ...structuredClone(p), id: newId(), createdAt: cell.clock.now().toISOString(), lastUsedAt: null };
      all().push(row);
      return structuredClone(row);
    },
    async listForUser(userId) {
      return all()
        .filter((p) => p.userId === userId)
        .map((p) => structuredClone(p));
    },
    async findByCredentialId(credentialId) {
      const found = all().find((p) => p.credentialId === credentialId);
      return found && structuredClone(found);
    },
    async markUsed(id, counter, at) {
      const found = all().find((p) => p.id === id);
      if (found) Object.assign(found, { counter, lastUsedAt: at.toISOString() });
    },
    async delete(userId, id) {
      const before = all().length;
      cell.current.passkeys = all().filter((p) => !(p.id === id && p.userId === userId));
      return cell.current.passkeys.length < before;
    },
  };
}

/** One-time challenges kept in memory. */
export function createChallengeRepository(cell: StateCell): ChallengeRepository {
  return {
    async create(c) {
      const id = newId();
      cell.current.webauthnChallenges.push({ ...c, id, expiresAt: c.expiresAt.toISOString() });
      return id;
    },
    async consume(id, purpose, now, userId) {
      const found = cell.current.webauthnChallenges.find(
        (c) => c.id === id && c.purpose === purpose && c.userId === userId,
      );
      cell.current.webauthnChallenges = cell.current.webauthnChallenges.filter((c) => c.id !== id);
      return found && new Date(found.expiresAt) > now
        ? { userId: found.userId, challenge: found.challenge }
        : undefined;
    },
  };
}
