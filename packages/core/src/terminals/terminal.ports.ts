import type { TerminalKind } from './terminal.schema.js';

/** What a ticket lets its holder open: one session, for one user in one organization. */
export interface TerminalGrant {
  organizationId: string;
  userId: string;
  instanceId: string;
  kind: TerminalKind;
  columns: number;
  rows: number;
}

/**
 * One-time tickets for the terminal WebSocket, stored hashed. Shared by every process of the
 * control plane: the ticket may be issued by one and redeemed on another.
 */
export interface TerminalTicketStore {
  insert(grant: TerminalGrant & { hash: string; expiresAt: Date }): Promise<void>;
  /** Uses the ticket once: its grant when it is unused and unexpired at `now`, else undefined. */
  redeem(hash: string, now: Date): Promise<TerminalGrant | undefined>;
}
