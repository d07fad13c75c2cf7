import { beforeEach, describe, expect, it } from 'vitest';
import { authenticate, requireActor, switchOrganization } from '../auth/auth.service.js';
import { updateOrgSettings } from '../org-settings/org-settings.service.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { caught, joinAs, signUpUser, testIp, testPassword, type SignedUp } from '../testing/test-fixtures.js';
import type { CredentialRef, RelyingParty, WebAuthnRelyingParty } from './passkey.ports.js';
import {
  challengeTtlMs,
  deletePasskey,
  finishPasskeyLogin,
  finishPasskeyRegistration,
  listPasskeys,
  startPasskeyLogin,
  startPasskeyRegistration,
  type PasskeyDeps,
} from './passkey.service.js';

const rp: RelyingParty = { id: 'localhost', name: 'oCore', origin: 'http://localhost:3000' };

/**
 * A relying party whose "signature" is the challenge itself: a response is valid when it
 * echoes the challenge it answers, so the service's bookkeeping can be tested on its own.
 * The real ceremonies are tested in the server against Chromium's virtual authenticator.
 */
function echoingRelyingParty(): WebAuthnRelyingParty {
  let n = 0;
  const challengeOf = (response: unknown) => (response as { response: { challenge?: string } }).response.challenge;
  return {
    async registrationOptions({ exclude }) {
      n += 1;
      return {
        options: { challenge: `c${n}`, excludeCredentials: exclude.map((c) => c.credentialId) },
        challenge: `c${n}`,
      };
    },
    async verifyRegistration({ response, challenge }) {
      if (challengeOf(response) !== challenge) return { ok: false, reason: 'the challenge does not match' };
      return {
        ok: true,
        credentialId: (response as { id: string }).id,
        publicKey: 'pk',
        counter: 0,
        transports: ['internal'],
      };
    },
    async authenticationOptions() {
      n += 1;
      return { options: { challenge: `c${n}` }, challenge: `c${n}` };
    },
    async verifyAuthentication({
      response,
      challenge,
      credential,
    }: {
      response: unknown;
      challenge: string;
      credential: CredentialRef;
    }) {
      return challengeOf(response) === challenge
        ? { ok: true, newCounter: credential.counter + 1 }
        : { ok: false, reason: 'bad signature' };
    },
  };
}

const credential = (id: string, challenge: unknown) => ({
  id,
  rawId: id,
  type: 'public-key' as const,
  response: { challenge },
});

let deps: SettingsTestDeps & PasskeyDeps;
let owner: SignedUp;

beforeEach(async () => {
  deps = { ...createSettingsTestDeps(), webauthn: echoingRelyingParty() };
  owner = await signUpUser(deps, 'Olive Owner');
});

/** Registers from a password session with the password entered again (a first passkey) or, given none, a passkey session. */
async function register(user: SignedUp, credentialId = 'cred-1') {
  const hasOne = (await listPasskeys(deps, user.actor)).total > 0;
  const { challengeId, options } = hasOne
    ? await startPasskeyRegistration(deps, { ...user.actor, passkey: true }, rp)
    : await startPasskeyRegistration(deps, user.actor, rp, { password: testPassword });
  return finishPasskeyRegistration(deps, user.actor, rp, {
    challengeId,
    response: credential(credentialId, options['challenge']),
  });
}

async function signIn(credentialId = 'cred-1') {
  const { challengeId, options } = await startPasskeyLogin(deps, rp);
  return finishPasskeyLogin(
    deps,
    rp,
    { challengeId, response: credential(credentialId, options['challenge']) },
    testIp,
  );
}

describe('passkey registration', () => {
  it('keeps a verified credential, names it, lists and deletes it', async () => {
    expect(await register(owner)).toMatchObject({ name: 'Passkey 1', lastUsedAt: null });
    const { items } = await listPasskeys(deps, owner.actor);
    expect(items).toHaveLength(1);
    expect(Object.keys(items[0]!)).toEqual(['id', 'name', 'createdAt', 'lastUsedAt']);
    const other = await signUpUser(deps, 'Sam Stranger');
    expect(await caught(() => deletePasskey(deps, other.actor, items[0]!.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await caught(() => deletePasskey(deps, owner.actor, items[0]!.id))).toMatchObject({
      code: 'PASSKEY_REQUIRED',
    });
    await deletePasskey(deps, { ...owner.actor, passkey: true }, items[0]!.id);
    expect((await listPasskeys(deps, owner.actor)).total).toBe(0);
  });

  it('uses each challenge once, only before it expires, and only for the user who asked', async () => {
    const { challengeId, options } = await startPasskeyRegistration(deps, owner.actor, rp, { password: testPassword });
    const stranger = await signUpUser(deps, 'Sam Stranger');
    expect(
      await caught(() =>
        finishPasskeyRegistration(deps, stranger.actor, rp, {
          challengeId,
          response: credential('x', options['challenge']),
        }),
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'challengeId' });
    // The attempt above consumed it.
    expect(
      await caught(() =>
        finishPasskeyRegistration(deps, owner.actor, rp, {
          challengeId,
          response: credential('x', options['challenge']),
        }),
      ),
    ).toMatchObject({ field: 'challengeId' });

    const late = await startPasskeyRegistration(deps, { ...owner.actor, passkey: true }, rp);
    deps.clock.advance(challengeTtlMs + 1);
    expect(
      await caught(() =>
        finishPasskeyRegistration(deps, owner.actor, rp, {
          challengeId: late.challengeId,
          response: credential('x', late.options['challenge']),
        }),
      ),
    ).toMatchObject({ field: 'challengeId' });
  });

  it('refuses a response that does not verify, and a credential registered twice', async () => {
    const { challengeId } = await startPasskeyRegistration(deps, owner.actor, rp, { password: testPassword });
    expect(
      await caught(() =>
        finishPasskeyRegistration(deps, owner.actor, rp, { challengeId, response: credential('x', 'forged') }),
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'response', message: 'response: the challenge does not match' });
    await register(owner);
    expect(await caught(() => register(owner))).toMatchObject({
      message: 'response: this passkey is already registered',
    });
    const again = await startPasskeyRegistration(deps, { ...owner.actor, passkey: true }, rp);
    expect(again.options['excludeCredentials']).toEqual(['cred-1']);
  });
});

describe('passkey sign-in', () => {
  it('signs in with a registered passkey; the token says so and keeps saying so across a switch', async () => {
    await register(owner);
    const result = await signIn();
    expect(result.user.id).toBe(owner.user.id);
    expect(result.organization?.id).toBe(owner.organization.id);
    const auth = await authenticate(deps, result.token, testIp);
    expect(auth.principal.passkey).toBe(true);
    const switched = await switchOrganization(deps, auth.principal, owner.organization.id);
    expect((await authenticate(deps, switched.token, testIp)).principal.passkey).toBe(true);
    expect((await listPasskeys(deps, owner.actor)).items[0]!.lastUsedAt).not.toBeNull();
  });

  it('refuses an unknown passkey and a bad assertion, and limits attempts', async () => {
    await register(owner);
    expect(await caught(() => signIn('unknown'))).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: 'This passkey is not registered here',
    });
    const { challengeId } = await startPasskeyLogin(deps, rp);
    expect(
      await caught(() =>
        finishPasskeyLogin(deps, rp, { challengeId, response: credential('cred-1', 'forged') }, testIp),
      ),
    ).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'The passkey could not be verified: bad signature' });
    expect(deps.throttle.failures('email:passkey:cred-1')).toBe(1);
  });
});

describe('requirePasskey', () => {
  it('lets only passkey sessions act in the organization, and says how to get one', async () => {
    const member = await joinAs(deps, owner.actor, 'Dev Member', 'Developer');
    await updateOrgSettings(deps, { ...owner.actor, passkey: true }, { requirePasskey: true });

    const auth = await authenticate(deps, member.token, testIp);
    expect(auth.actor).toBeNull();
    expect(await caught(async () => requireActor(auth))).toMatchObject({
      code: 'PASSKEY_REQUIRED',
      link: '/account/passkeys',
    });

    // A first passkey cannot come from a password session while an organization requires them.
    expect(
      await caught(() => startPasskeyRegistration(deps, member.actor, rp, { password: testPassword })),
    ).toMatchObject({ code: 'PASSKEY_REQUIRED', message: expect.stringMatching(/requires passkeys/) });
    await updateOrgSettings(deps, { ...owner.actor, passkey: true }, { requirePasskey: false });
    await register(member, 'cred-member');
    await updateOrgSettings(deps, { ...owner.actor, passkey: true }, { requirePasskey: true });
    const withPasskey = await signIn('cred-member');
    const switched = await switchOrganization(
      deps,
      (await authenticate(deps, withPasskey.token, testIp)).principal,
      owner.organization.id,
    );
    expect(requireActor(await authenticate(deps, switched.token, testIp)).organizationId).toBe(owner.organization.id);
  });
});

describe('who may add or remove a passkey', () => {
  it('a first passkey from a password session takes the password again; a second takes a passkey session', async () => {
    expect(await caught(() => startPasskeyRegistration(deps, owner.actor, rp))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'password',
    });
    expect(
      await caught(() => startPasskeyRegistration(deps, owner.actor, rp, { password: 'not the password' })),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'password', message: 'password: is not your password' });
    await register(owner);
    expect(
      await caught(() => startPasskeyRegistration(deps, owner.actor, rp, { password: testPassword })),
    ).toMatchObject({ code: 'PASSKEY_REQUIRED' });
    expect((await startPasskeyRegistration(deps, { ...owner.actor, passkey: true }, rp)).challengeId).toBeTruthy();
  });

  it("an agency's requirement binds its operators acting in its clients", async () => {
    const { enableAgency, createClient } = await import('../agency/agency.service.js');
    await enableAgency(deps, owner.actor);
    const client = await createClient(deps, owner.actor, { name: 'Client Co', slug: undefined });
    const operator = await switchOrganization(deps, owner.actor, client.id);
    expect(requireActor(await authenticate(deps, operator.token, testIp)).viaAgency).toBe(true);
    await updateOrgSettings(deps, { ...owner.actor, passkey: true }, { requirePasskey: true });
    expect(await caught(async () => requireActor(await authenticate(deps, operator.token, testIp)))).toMatchObject({
      code: 'PASSKEY_REQUIRED',
    });
  });
});
