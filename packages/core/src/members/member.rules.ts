import { DomainError } from '../shared/domain-error.js';

export const ownerRoleName = 'Owner';

/**
 * Refuses a change that would leave the organization without an Owner: removing or
 * demoting the only one.
 */
export function assertKeepsAnOwner(currentRole: string, newRole: string | null, ownerCount: number): void {
  const losesOwner = currentRole === ownerRoleName && newRole !== ownerRoleName;
  if (losesOwner && ownerCount <= 1) {
    throw new DomainError(
      'LAST_OWNER',
      'The last Owner cannot be removed or demoted; make another member Owner first',
      { field: newRole === null ? 'userId' : 'role' },
    );
  }
}

/** Only an Owner gives the Owner role, or changes or removes an Owner. */
export function assertMayTouchOwnerRole(actorRole: string, currentRole: string | null, newRole: string | null): void {
  const touchesOwner = currentRole === ownerRoleName || newRole === ownerRoleName;
  if (touchesOwner && actorRole !== ownerRoleName) {
    throw new DomainError('OWNER_ONLY', 'Only an Owner can give, change or take away the Owner role');
  }
}
