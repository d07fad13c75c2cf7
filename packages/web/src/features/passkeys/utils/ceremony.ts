import type { FinishPasskeyLoginInput } from '@ocore/core';
import { WebAuthnError, type AuthenticationResponseJSON, type RegistrationResponseJSON } from '@simplewebauthn/browser';

type CredentialInput = FinishPasskeyLoginInput['response'];

const messages: Partial<Record<string, string>> = {
  ERROR_INVALID_DOMAIN:
    'Passkeys work only at the dashboard’s domain name (or localhost) over HTTPS, not at an IP address. Open the dashboard at its name and try again.',
  ERROR_INVALID_RP_ID: 'This dashboard is set up for passkeys of another domain. Ask your administrator.',
  ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED: 'This device already holds a passkey for your account.',
  ERROR_CEREMONY_ABORTED: 'The passkey request was cancelled.',
};

/** Why the browser's passkey prompt failed, in words for a person (the spec's messages are not). */
export function ceremonyMessage(error: unknown): string {
  const code = error instanceof WebAuthnError ? error.code : undefined;
  const known = code ? messages[code] : undefined;
  if (known) return known;
  if (error instanceof Error && error.name === 'NotAllowedError') {
    return 'The passkey request was cancelled or timed out, or no passkey of this site is on this device. Try again.';
  }
  return error instanceof Error ? error.message : 'The passkey request failed. Try again.';
}

/** Runs the browser's passkey prompt; a failure comes back as an Error with a readable message. */
export async function runCeremony<T>(ceremony: () => Promise<T>): Promise<T> {
  try {
    return await ceremony();
  } catch (error) {
    throw new Error(ceremonyMessage(error), { cause: error });
  }
}

/** The browser's credential (`PublicKeyCredential.toJSON()` form) as the server's input types it. */
export function credentialInput(credential: RegistrationResponseJSON | AuthenticationResponseJSON): CredentialInput {
  return { ...credential, response: { ...credential.response } };
}
