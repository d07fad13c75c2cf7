import type { WebAuthnRelyingParty } from '@ocore/core';
import type * as SimpleWebAuthn from '@simplewebauthn/server';
import type * as SimpleWebAuthnHelpers from '@simplewebauthn/server/helpers';
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

/** The library (and its ASN.1 and COSE parsers) loads at the first ceremony, not at start-up. */
let loading: Promise<[typeof SimpleWebAuthn, typeof SimpleWebAuthnHelpers]> | undefined;
const library = () =>
  (loading ??= Promise.all([import('@simplewebauthn/server'), import('@simplewebauthn/server/helpers')]));

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * WebAuthn ceremonies by @simplewebauthn/server: discoverable credentials (the browser
 * offers the user's passkeys without an email first) and user verification required (a PIN
 * or biometric on the authenticator: a passkey is then two factors, which is what
 * `requirePasskey` asks for). Attestation: `none` is asked for and any format is accepted
 * (the library checks a statement's signature when one is sent); no authenticator model is
 * trusted or refused by its attestation, as passkeys synced between devices carry none.
 */
export function createSimpleWebAuthnRelyingParty(): WebAuthnRelyingParty {
  return {
    async registrationOptions({ rp, user, exclude }) {
      const [{ generateRegistrationOptions }] = await library();
      const options = await generateRegistrationOptions({
        rpName: rp.name,
        rpID: rp.id,
        userName: user.email,
        userDisplayName: user.name,
        userID: new TextEncoder().encode(user.id),
        attestationType: 'none',
        excludeCredentials: exclude.map((c) => ({
          id: c.credentialId,
          transports: c.transports as AuthenticatorTransport[],
        })),
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      });
      return { options: options as unknown as Record<string, unknown>, challenge: options.challenge };
    },
    async verifyRegistration({ rp, response, challenge }) {
      const [{ verifyRegistrationResponse }, { isoBase64URL }] = await library();
      try {
        const result = await verifyRegistrationResponse({
          response: response as RegistrationResponseJSON,
          expectedChallenge: challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          requireUserVerification: true,
        });
        if (!result.verified) return { ok: false, reason: 'the credential could not be verified' };
        const { credential } = result.registrationInfo;
        return {
          ok: true,
          credentialId: credential.id,
          publicKey: isoBase64URL.fromBuffer(credential.publicKey),
          counter: credential.counter,
          transports: credential.transports ?? [],
        };
      } catch (err) {
        return { ok: false, reason: message(err) };
      }
    },
    async authenticationOptions({ rp }) {
      const [{ generateAuthenticationOptions }] = await library();
      const options = await generateAuthenticationOptions({ rpID: rp.id, userVerification: 'required' });
      return { options: options as unknown as Record<string, unknown>, challenge: options.challenge };
    },
    async verifyAuthentication({ rp, response, challenge, credential }) {
      const [{ verifyAuthenticationResponse }, { isoBase64URL }] = await library();
      try {
        const result = await verifyAuthenticationResponse({
          response: response as AuthenticationResponseJSON,
          expectedChallenge: challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          requireUserVerification: true,
          credential: {
            id: credential.credentialId,
            publicKey: isoBase64URL.toBuffer(credential.publicKey),
            counter: credential.counter,
            transports: credential.transports,
          },
        });
        return result.verified
          ? { ok: true, newCounter: result.authenticationInfo.newCounter }
          : { ok: false, reason: 'the signature does not verify' };
      } catch (err) {
        return { ok: false, reason: message(err) };
      }
    },
  };
}
