/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/*
 * Real WebAuthn ceremonies: Chromium's virtual authenticator (through the DevTools
 * protocol) creates and uses the credentials, on a page of the server's own origin, so the
 * server verifies real attestations and signatures.
 */

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const runs = existsSync(chromiumPath) || process.env.CI === 'true';
if (!runs)
  console.warn(
    `[passkeys] SKIPPED: no Chromium at ${chromiumPath} (apt-get install chromium); with CI=true it runs and fails instead.`,
  );

let t: TestApp;
let browser: Browser;
/** The server as the browser reaches it: WebAuthn needs a domain, and localhost is one. */
let origin: string;

const password = 'a long enough password';

async function pageWithAuthenticator(userVerified = true): Promise<Page> {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: userVerified,
      automaticPresenceSimulation: true,
    },
  });
  await page.goto(`${origin}/healthz`);
  return page;
}

async function call(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${origin}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * Creates a passkey in the browser for the user behind `token`; returns the server's answer.
 * From a password session (a first passkey) the password goes with the request for options.
 */
async function registerPasskey(page: Page, token: string, name?: string) {
  const { body } = await call('POST', '/api/auth/passkeys/register/options', token, { password });
  const response = await page.evaluate(async (options) => {
    const credential = (await navigator.credentials.create({
      publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options as never),
    })) as PublicKeyCredential;
    return credential.toJSON();
  }, body.options);
  return call('POST', '/api/auth/passkeys/register/verify', token, {
    challengeId: body.challengeId,
    response,
    ...(name ? { name } : {}),
  });
}

/** Signs in with whichever passkey the browser's authenticator holds. */
async function signInWithPasskey(page: Page) {
  const { body } = await call('POST', '/api/auth/passkeys/login/options');
  const response = await page.evaluate(async (options) => {
    const credential = (await navigator.credentials.get({
      publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options as never),
    })) as PublicKeyCredential;
    return credential.toJSON();
  }, body.options);
  return {
    challengeId: body.challengeId as string,
    response,
    result: await call('POST', '/api/auth/passkeys/login/verify', undefined, {
      challengeId: body.challengeId,
      response,
    }),
  };
}

describe.skipIf(!runs)('passkeys with a software authenticator in Chromium', () => {
  beforeAll(async () => {
    t = await startTestApp();
    origin = t.url.replace('127.0.0.1', 'localhost');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('registers a passkey and signs in with it; the assertion cannot be replayed', async () => {
    const page = await pageWithAuthenticator();
    const user = await t.signup('Pat Passkey');
    const registered = await registerPasskey(page, user.token, 'Laptop');
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ name: 'Laptop', lastUsedAt: null });
    expect((await call('GET', '/api/auth/passkeys', user.token)).body.total).toBe(1);

    const { challengeId, response, result } = await signInWithPasskey(page);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ user: { id: user.user.id }, organization: { id: user.organization.id } });
    const claims = JSON.parse(Buffer.from(result.body.token.split('.')[1], 'base64url').toString());
    expect(claims.amr).toEqual(['hwk']);
    expect((await call('GET', '/api/auth/passkeys', user.token)).body.items[0].lastUsedAt).not.toBeNull();

    const replay = await call('POST', '/api/auth/passkeys/login/verify', undefined, { challengeId, response });
    expect(replay).toMatchObject({ status: 400, body: { error: 'INVALID_INPUT', field: 'challengeId' } });
    await page.close();
  });

  it('requires a passkey sign-in to act in an organization that asks for it, and says where to get one', async () => {
    const page = await pageWithAuthenticator();
    const owner = await t.signup('Olive Owner');
    await registerPasskey(page, owner.token);
    const member = await t.joinAs(owner, 'Developer');
    // Only a passkey session may turn it on: a password session would lock itself out.
    expect(await call('PUT', '/api/org/settings', owner.token, { requirePasskey: true })).toMatchObject({
      status: 403,
      body: { field: 'requirePasskey' },
    });
    const { result: signedIn } = await signInWithPasskey(page);
    expect((await call('PUT', '/api/org/settings', signedIn.body.token, { requirePasskey: true })).status).toBe(200);

    for (const token of [owner.token, member.token]) {
      const refused = await call('GET', '/api/org/members', token);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: 'PASSKEY_REQUIRED', link: '/account/passkeys' });
      expect(refused.body.message).toMatch(/passkey/);
      // Still signed in: they can see their organizations and register a passkey.
      expect((await call('GET', '/api/user/orgs', token)).status).toBe(200);
    }

    const { result } = await signInWithPasskey(page);
    expect(result.body.user.id).toBe(owner.user.id);
    expect((await call('GET', '/api/org/members', result.body.token)).status).toBe(200);
    // Switching organization keeps the passkey sign-in.
    const switched = await call('POST', '/api/auth/switch-org', result.body.token, {
      organizationId: owner.organization.id,
    });
    expect((await call('GET', '/api/org/members', switched.body.token)).status).toBe(200);
    await page.close();
  });

  it('refuses a credential from another origin and a forged response, naming the field', async () => {
    const page = await pageWithAuthenticator();
    const user = await t.signup('Eve Elsewhere');
    // Made on localhost, then sent through 127.0.0.1: the origin the browser signed is not this one.
    const { body } = await call('POST', '/api/auth/passkeys/register/options', user.token, { password });
    const response = await page.evaluate(async (options) => {
      const credential = (await navigator.credentials.create({
        publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options as never),
      })) as PublicKeyCredential;
      return credential.toJSON();
    }, body.options);
    const wrongOrigin = await t.api('POST', '/api/auth/passkeys/register/verify', {
      token: user.token,
      body: { challengeId: body.challengeId, response },
    });
    expect(wrongOrigin.status).toBe(400);
    expect(wrongOrigin.body).toMatchObject({ error: 'INVALID_INPUT', field: 'response' });

    const forged = await call('POST', '/api/auth/passkeys/login/verify', undefined, {
      challengeId: crypto.randomUUID(),
      response: { id: 'x', rawId: 'x', type: 'public-key', response: {} },
    });
    expect(forged.body).toMatchObject({ error: 'INVALID_INPUT', field: 'challengeId' });
    expect(
      (await call('POST', '/api/auth/passkeys/login/verify', undefined, { challengeId: 'nope', response: {} })).body
        .error,
    ).toBe('INVALID_INPUT');
    await page.close();
  });

  it('adding and removing passkeys: a fresh password for a first one only, a passkey session otherwise', async () => {
    const page = await pageWithAuthenticator();
    const user = await t.signup('Rae Register');
    // A password session without the password again: refused, naming the field.
    expect(await call('POST', '/api/auth/passkeys/register/options', user.token)).toMatchObject({
      status: 400,
      body: { error: 'INVALID_INPUT', field: 'password' },
    });
    expect(
      await call('POST', '/api/auth/passkeys/register/options', user.token, { password: 'not the password' }),
    ).toMatchObject({ status: 400, body: { field: 'password' } });
    expect((await registerPasskey(page, user.token, 'First')).status).toBe(201);
    // A second one from a password session: no, even with the password.
    expect(await call('POST', '/api/auth/passkeys/register/options', user.token, { password })).toMatchObject({
      status: 403,
      body: { error: 'PASSKEY_REQUIRED' },
    });
    const [first] = (await call('GET', '/api/auth/passkeys', user.token)).body.items;
    expect(await call('DELETE', `/api/auth/passkeys/${first.id}`, user.token)).toMatchObject({
      status: 403,
      body: { error: 'PASSKEY_REQUIRED' },
    });
    const { result } = await signInWithPasskey(page);
    const session = result.body.token as string;
    const options = await call('POST', '/api/auth/passkeys/register/options', session);
    expect(options.status).toBe(200);
    expect(options.body.options).toMatchObject({
      attestation: 'none',
      authenticatorSelection: { userVerification: 'required' },
    });
    expect((await call('DELETE', `/api/auth/passkeys/${first.id}`, session)).status).toBe(204);
    await page.close();
  });

  it('a first passkey cannot come from a password session while an organization of the user requires them', async () => {
    const page = await pageWithAuthenticator();
    const owner = await t.signup('Quinn Quorum');
    await registerPasskey(page, owner.token);
    const member = await t.joinAs(owner, 'Developer');
    const { result } = await signInWithPasskey(page);
    expect((await call('PUT', '/api/org/settings', result.body.token, { requirePasskey: true })).status).toBe(200);
    expect(await call('POST', '/api/auth/passkeys/register/options', member.token, { password })).toMatchObject({
      status: 403,
      body: { error: 'PASSKEY_REQUIRED', message: expect.stringMatching(/requires passkeys/) },
    });
    await page.close();
  });

  it("an agency's requirement binds its operators acting in its clients", async () => {
    const page = await pageWithAuthenticator();
    const owner = await t.agency('Ada Agency');
    const client = await t.client(owner);
    expect((await call('GET', '/api/org', client.operatorToken)).status).toBe(200);
    await registerPasskey(page, owner.token);
    const { result } = await signInWithPasskey(page);
    expect((await call('PUT', '/api/org/settings', result.body.token, { requirePasskey: true })).status).toBe(200);
    expect(await call('GET', '/api/org', client.operatorToken)).toMatchObject({
      status: 403,
      body: { error: 'PASSKEY_REQUIRED' },
    });
    const viaPasskey = await call('POST', '/api/auth/switch-org', result.body.token, { organizationId: client.id });
    expect((await call('GET', '/api/org', viaPasskey.body.token)).status).toBe(200);
    await page.close();
  });

  it('refuses a credential made without user verification (attestation none is accepted)', async () => {
    const page = await pageWithAuthenticator(false);
    const user = await t.signup('Uma Unverified');
    const registered = await registerPasskey(page, user.token).catch((error: Error) => ({
      status: 0,
      body: { message: error.message },
    }));
    // Either the browser refuses to make one (UV required) or the server refuses it.
    expect(registered.status === 400 || registered.status === 0).toBe(true);
    if (registered.status === 400) expect(registered.body).toMatchObject({ field: 'response' });
    expect((await call('GET', '/api/auth/passkeys', user.token)).body.total).toBe(0);
    await page.close();
  });
});
