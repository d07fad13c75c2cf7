/** A registered credential, as stored. */
export interface StoredPasskey {
  id: string;
  userId: string;
  /** base64url, as the browser names it. */
  credentialId: string;
  /** base64url COSE public key. */
  publicKey: string;
  counter: number;
  transports: string[];
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface PasskeyRepository {
  insert(passkey: Omit<StoredPasskey, 'id' | 'createdAt' | 'lastUsedAt'>): Promise<StoredPasskey>;
  listForUser(userId: string): Promise<StoredPasskey[]>;
  findByCredentialId(credentialId: string): Promise<StoredPasskey | undefined>;
  markUsed(id: string, counter: number, at: Date): Promise<void>;
  /** True when the user's passkey existed and was deleted. */
  delete(userId: string, id: string): Promise<boolean>;
}

export type ChallengePurpose = 'register' | 'login';

/** One-time WebAuthn challenges: each is consumed once, and only before it expires. */
export interface ChallengeRepository {
  create(challenge: {
    userId: string | null;
    purpose: ChallengePurpose;
    challenge: string;
    expiresAt: Date;
  }): Promise<string>;
  /** Takes the challenge out, but only when it is the given user's (null: a sign-in challenge, anyone's). */
  consume(
    id: string,
    purpose: ChallengePurpose,
    now: Date,
    userId: string | null,
  ): Promise<{ userId: string | null; challenge: string } | undefined>;
}

/** The site passkeys are bound to: its domain (RP ID) and the origin pages are served from. */
export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

export interface CredentialRef {
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
}

/** The WebAuthn ceremonies (options and response verification). */
export interface WebAuthnRelyingParty {
  registrationOptions(input: {
    rp: RelyingParty;
    user: { id: string; email: string; name: string };
    exclude: CredentialRef[];
  }): Promise<{ options: Record<string, unknown>; challenge: string }>;
  verifyRegistration(input: {
    rp: RelyingParty;
    response: unknown;
    challenge: string;
  }): Promise<({ ok: true } & CredentialRef) | { ok: false; reason: string }>;
  authenticationOptions(input: { rp: RelyingParty }): Promise<{ options: Record<string, unknown>; challenge: string }>;
  verifyAuthentication(input: {
    rp: RelyingParty;
    response: unknown;
    challenge: string;
    credential: CredentialRef;
  }): Promise<{ ok: true; newCounter: number } | { ok: false; reason: string }>;
}
