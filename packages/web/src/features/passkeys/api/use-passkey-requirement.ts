import { useQuery } from '@tanstack/react-query';
import { errorCodeOf, errorLinkOf, messageOf } from '../../../lib/errors';
import { useTRPCClient } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';

export interface PasskeyRequirement {
  /** The server's explanation. */
  message: string;
  /** Where passkeys are registered. */
  link: string;
}

export interface PasskeyRequirementState {
  isPending: boolean;
  /** Set when the current organization accepts only passkey sign-ins and this session is not one. */
  requirement: PasskeyRequirement | null;
}

/**
 * Whether the session's organization refuses it for want of a passkey sign-in. `auth.me`
 * then shows no organization, as for a user without one; asking for the organization
 * itself tells the two apart (PASSKEY_REQUIRED), at the cost of one request in that case.
 */
export function usePasskeyRequirement(): PasskeyRequirementState {
  const client = useTRPCClient();
  const me = useMe();
  const hasNoOrganization = me.data !== undefined && !me.data.organization;
  // A key of its own: the organization page's cached answer is from before the refusal.
  const probe = useQuery({
    queryKey: ['passkey-requirement', me.data?.user.id],
    queryFn: () => client.organizations.current.query(),
    enabled: hasNoOrganization,
    retry: false,
    staleTime: 0,
  });
  if (!hasNoOrganization) return { isPending: me.isPending, requirement: null };
  const requirement =
    errorCodeOf(probe.error) === 'PASSKEY_REQUIRED'
      ? { message: messageOf(probe.error), link: errorLinkOf(probe.error) ?? '/account/passkeys' }
      : null;
  return { isPending: probe.isPending, requirement };
}
