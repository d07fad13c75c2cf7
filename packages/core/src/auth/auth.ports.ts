import type { User } from './auth.schema.js';

export interface UserWithSecret extends User {
  passwordHash: string;
}

export interface UserRepository {
  /** Inserts a user; raises EMAIL_TAKEN when the email is already registered. */
  insert(user: { email: string; name: string; passwordHash: string; emailVerified?: boolean }): Promise<User>;
  /** Emails are stored lowercased: found whatever the case asked. */
  findByEmail(email: string): Promise<UserWithSecret | undefined>;
  findById(id: string): Promise<User | undefined>;
  setPassword(id: string, passwordHash: string): Promise<void>;
  /** Records that the user proved their address (idempotent: the first time is kept). */
  markEmailVerified(id: string, at: Date): Promise<void>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * Checks a password. With no hash (unknown user) it still does the work of a check and
   * answers false, so timing does not tell which emails are registered.
   */
  verify(hash: string | null, password: string): Promise<boolean>;
}

export interface TokenClaims {
  userId: string;
  organizationId: string | null;
  /** Signed in with a passkey (carried over when switching organization). */
  passkey?: boolean;
  /** The sign-in this token belongs to; ending it revokes every token it issued. */
  sessionId?: string;
}

export interface TokenService {
  /** How long an issued token lives. */
  readonly ttlSeconds: number;
  issue(claims: TokenClaims): Promise<string>;
  /** The claims of a valid, unexpired token, or undefined. */
  verify(token: string): Promise<TokenClaims | undefined>;
}

/**
 * Limits login attempts: failures per email and address together (so nobody can lock another
 * person out from their own address), and attempts per address.
 */
export interface LoginThrottle {
  /** Throws RATE_LIMITED when this address has tried too often, for this email or at all; may wait first. */
  check(email: string, ip: string | null): Promise<void>;
  recordFailure(email: string, ip: string | null): Promise<void>;
  recordSuccess(email: string, ip?: string | null): Promise<void>;
}
