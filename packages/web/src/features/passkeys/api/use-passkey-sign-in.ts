import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { setToken } from '../../../lib/auth';
import { trpcClientFor, useTRPCClient } from '../../../lib/trpc';
import { credentialInput, runCeremony } from '../utils/ceremony';

/**
 * Signs in with a passkey of this device. The server opens the user's first organization;
 * `continueIn` names the one to go on in instead (the one that asked for a passkey), which
 * the new token switches to before it replaces the session, so no page flashes another one.
 */
export function usePasskeySignIn(continueIn: string | null = null) {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const { challengeId, options } = await client.auth.passkeyLoginOptions.mutate();
      const optionsJSON = options as unknown as PublicKeyCredentialRequestOptionsJSON;
      const response = await runCeremony(() => startAuthentication({ optionsJSON }));
      const result = await client.auth.passkeyLogin.mutate({ challengeId, response: credentialInput(response) });
      if (!continueIn || result.organization?.id === continueIn) return result.token;
      // Another user's passkey is no way into this organization: that user's own session it is.
      const switched = await trpcClientFor(result.token)
        .auth.switchOrg.mutate({ organizationId: continueIn })
        .catch(() => result);
      return switched.token;
    },
    onSuccess: async (token) => {
      setToken(token);
      await queryClient.invalidateQueries();
    },
  });
}
