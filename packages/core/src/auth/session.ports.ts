import type { User } from './auth.schema.js';

/** One sign-in: every token issued for it (switching organization too) carries its id. */
export interface SessionRecord {
  id: string;
  userId: string;
  ip: string | null;
  passkey: boolean;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
}

export interface SessionRepository {
  insert(session: { userId: string; ip: string | null; passkey: boolean; expiresAt: Date }): Promise<SessionRecord>;
  /** The session, with its user, when it is neither ended nor expired at `now` (one read per request). */
  findActive(id: string, now: Date): Promise<(SessionRecord & { user: User }) | undefined>;
  /** A token was issued for it again (switching organization): pushes its expiry out. */
  extend(id: string, now: Date, expiresAt: Date): Promise<void>;
  listActive(userId: string, now: Date): Promise<SessionRecord[]>;
  /** Ends one of the user's sessions; false when there was none to end. */
  end(userId: string, id: string, now: Date): Promise<boolean>;
  /** Ends every session of the user but `keepId`; answers how many. */
  endAllBut(userId: string, keepId: string | null, now: Date): Promise<number>;
}

/** One-time links to set a new password. */
export interface PasswordResetRepository {
  insert(reset: { userId: string; tokenHash: string; expiresAt: Date }): Promise<void>;
  /** Uses the reset once: answers its user when it is unused and unexpired at `now`. */
  consume(tokenHash: string, now: Date): Promise<string | undefined>;
}

/** One-time links that prove an address (same shape as reset links, a table of their own). */
export type EmailVerificationRepository = PasswordResetRepository;

/** Random secrets handed out once (invitation links, reset links, API keys), stored only hashed. */
export interface OpaqueTokens {
  /** A new secret (URL-safe, at least 256 bits) with `prefix`, and its hash to store. */
  create(prefix?: string): { token: string; hash: string };
  hash(token: string): string;
}

/** A packaged list of the most common passwords. */
export interface CommonPasswords {
  isCommon(password: string): boolean;
}
