import type { ApiKeyRecord, ApiKeyRepository } from '../api-keys/api-key.ports.js';
import type { PasswordResetRepository, SessionRecord, SessionRepository } from '../auth/session.ports.js';
import type { InvitationRecord, InvitationRepository } from '../invitations/invitation.ports.js';
import type { Repositories } from '../shared/store.js';
import { newId, type StateCell } from './in-memory-state.js';

export interface PeopleState {
  sessions: (SessionRecord & { endedAt: string | null })[];
  resets: { userId: string; tokenHash: string; expiresAt: string; usedAt: string | null }[];
  verifications: { userId: string; tokenHash: string; expiresAt: string; usedAt: string | null }[];
  invitations: (InvitationRecord & { tokenHash: string })[];
  apiKeys: (Omit<ApiKeyRecord, 'roleName' | 'rolePermissions'> & { keyHash: string })[];
}

function sessions(cell: StateCell): SessionRepository {
  const all = () => cell.current.people.sessions;
  const active = (s: PeopleState['sessions'][number], now: Date) => !s.endedAt && new Date(s.expiresAt) > now;
  const strip = ({ endedAt: _e, ...s }: PeopleState['sessions'][number]): SessionRecord => ({ ...s });
  return {
    async insert(s) {
      const now = cell.clock.now().toISOString();
      const row = {
        ...s,
        id: newId(),
        createdAt: now,
        lastUsedAt: now,
        expiresAt: s.expiresAt.toISOString(),
        endedAt: null,
      };
      all().push(row);
      return strip(row);
    },
    async findActive(id, now) {
      const found = all().find((s) => s.id === id && active(s, now));
      const user = found && cell.current.users.get(found.userId);
      if (!found || !user) return undefined;
      const { passwordHash: _hidden, ...publicUser } = user;
      return { ...strip(found), user: publicUser };
    },
    async extend(id, now, expiresAt) {
      const found = all().find((s) => s.id === id);
      if (found) Object.assign(found, { lastUsedAt: now.toISOString(), expiresAt: expiresAt.toISOString() });
    },
    async listActive(userId, now) {
      return all()
        .filter((s) => s.userId === userId && active(s, now))
        .map(strip);
    },
    async end(userId, id, now) {
      const found = all().find((s) => s.id === id && s.userId === userId && active(s, now));
      if (found) found.endedAt = now.toISOString();
      return found !== undefined;
    },
    async endAllBut(userId, keepId, now) {
      const ending = all().filter((s) => s.userId === userId && s.id !== keepId && active(s, now));
      for (const s of ending) s.endedAt = now.toISOString();
      return ending.length;
    },
  };
}

function resets(cell: StateCell, kind: 'resets' | 'verifications' = 'resets'): PasswordResetRepository {
  const all = () => cell.current.people[kind];
  return {
    async insert(r) {
      all().push({ ...r, expiresAt: r.expiresAt.toISOString(), usedAt: null });
    },
    async consume(tokenHash, now) {
      const found = all().find((r) => r.tokenHash === tokenHash && !r.usedAt && new Date(r.expiresAt) > now);
      if (!found) return undefined;
      found.usedAt = now.toISOString();
      return found.userId;
    },
  };
}

function invitations(cell: StateCell): InvitationRepository {
  const all = () => cell.current.people.invitations;
  const open = (i: InvitationRecord) => !i.acceptedAt && !i.revokedAt;
  const roleName = (roleId: string) => cell.current.roles.get(roleId)?.name ?? '';
  const strip = ({ tokenHash: _t, ...i }: PeopleState['invitations'][number]): InvitationRecord => ({
    ...i,
    roleName: roleName(i.roleId),
  });
  return {
    async insert(i) {
      const row = {
        ...i,
        id: newId(),
        roleName: roleName(i.roleId),
        createdAt: cell.clock.now().toISOString(),
        expiresAt: i.expiresAt.toISOString(),
        acceptedAt: null,
        revokedAt: null,
      };
      all().push(row);
      return strip(row);
    },
    async listOpen(organizationId) {
      return all()
        .filter((i) => i.organizationId === organizationId && open(i))
        .reverse()
        .map(strip);
    },
    async find(organizationId, id) {
      const found = all().find((i) => i.organizationId === organizationId && i.id === id);
      return found && strip(found);
    },
    async findByTokenHash(tokenHash) {
      const found = all().find((i) => i.tokenHash === tokenHash);
      return found && strip(found);
    },
    async revokeOpenFor(organizationId, email, now) {
      for (const i of all())
        if (i.organizationId === organizationId && i.email === email && open(i)) i.revokedAt = now.toISOString();
    },
    async renew(id, tokenHash, expiresAt) {
      const found = all().find((i) => i.id === id)!;
      Object.assign(found, { tokenHash, expiresAt: expiresAt.toISOString() });
      return strip(found);
    },
    async revoke(id, now) {
      const found = all().find((i) => i.id === id);
      if (found) found.revokedAt = now.toISOString();
    },
    async accept(id, _userId, now) {
      const found = all().find((i) => i.id === id && open(i));
      if (found) found.acceptedAt = now.toISOString();
      return found !== undefined;
    },
  };
}

function apiKeys(cell: StateCell): ApiKeyRepository {
  const all = () => cell.current.people.apiKeys;
  const strip = ({ keyHash: _k, ...k }: PeopleState['apiKeys'][number]): ApiKeyRecord => {
    const role = cell.current.roles.get(k.roleId);
    return { ...k, roleName: role?.name ?? '', rolePermissions: [...(role?.permissions ?? [])] };
  };
  return {
    async insert(k) {
      const row = { ...k, id: newId(), createdAt: cell.clock.now().toISOString(), lastUsedAt: null };
      all().push(row);
      return strip(row);
    },
    async list(organizationId) {
      return all()
        .filter((k) => k.organizationId === organizationId)
        .map(strip);
    },
    async find(organizationId, id) {
      const found = all().find((k) => k.organizationId === organizationId && k.id === id);
      return found && strip(found);
    },
    async findByHash(keyHash) {
      const found = all().find((k) => k.keyHash === keyHash);
      return found && strip(found);
    },
    async markUsed(id, now) {
      const found = all().find((k) => k.id === id);
      if (found) found.lastUsedAt = now.toISOString();
    },
    async delete(organizationId, id) {
      const before = all().length;
      cell.current.people.apiKeys = all().filter((k) => !(k.organizationId === organizationId && k.id === id));
      return cell.current.people.apiKeys.length < before;
    },
  };
}

/** Sessions, reset links, invitations and API keys kept in memory. */
export function createPeopleRepositories(
  cell: StateCell,
): Pick<Repositories, 'sessions' | 'passwordResets' | 'emailVerifications' | 'invitations' | 'apiKeys'> {
  return {
    sessions: sessions(cell),
    passwordResets: resets(cell),
    emailVerifications: resets(cell, 'verifications'),
    invitations: invitations(cell),
    apiKeys: apiKeys(cell),
  };
}
