/** An invitation as stored (its token only as a hash). */
export interface InvitationRecord {
  id: string;
  organizationId: string;
  email: string;
  roleId: string;
  roleName: string;
  invitedByUserId: string | null;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
}

export interface InvitationRepository {
  insert(invitation: {
    organizationId: string;
    email: string;
    roleId: string;
    tokenHash: string;
    invitedByUserId: string;
    expiresAt: Date;
  }): Promise<InvitationRecord>;
  /** Invitations neither accepted nor revoked (expired ones too), newest first. */
  listOpen(organizationId: string): Promise<InvitationRecord[]>;
  find(organizationId: string, id: string): Promise<InvitationRecord | undefined>;
  findByTokenHash(tokenHash: string): Promise<InvitationRecord | undefined>;
  /** Revokes the open invitations of this address (a new one replaces them). */
  revokeOpenFor(organizationId: string, email: string, now: Date): Promise<void>;
  /** A new link and expiry for an open invitation (resend). */
  renew(id: string, tokenHash: string, expiresAt: Date): Promise<InvitationRecord>;
  revoke(id: string, now: Date): Promise<void>;
  /** Marks an open invitation accepted; false when another request got there first. */
  accept(id: string, userId: string, now: Date): Promise<boolean>;
}
