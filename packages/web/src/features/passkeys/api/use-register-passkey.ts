import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';
import { credentialInput, runCeremony } from '../utils/ceremony';

/**
 * Creates a passkey on this device for the signed-in user: the server's options go to the
 * browser's prompt, and the credential it makes back to the server, under `name` if given.
 * From a password sign-in the server asks for the password again (a first passkey only).
 */
export function useRegisterPasskey() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ name, password }: { name?: string; password?: string }) => {
      const { challengeId, options } = await client.auth.passkeyRegistrationOptions.mutate(
        password ? { password } : undefined,
      );
      // The server's options are WebAuthn's JSON form, typed loosely in its schema.
      const optionsJSON = options as unknown as PublicKeyCredentialCreationOptionsJSON;
      const response = await runCeremony(() => startRegistration({ optionsJSON }));
      return client.auth.passkeyRegister.mutate({
        challengeId,
        response: credentialInput(response),
        ...(name ? { name } : {}),
      });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.auth.passkeys.queryKey() }),
  });
}
