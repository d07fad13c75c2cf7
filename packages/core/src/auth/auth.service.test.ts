import { beforeEach, describe, expect, it } from 'vitest';
import { removeMember } from '../members/member.service.js';
import { defaultRolePermissions } from '../members/permissions.js';
import { slugFromName } from '../organizations/organization.rules.js';
import { createOrganization, deleteOrganization } from '../organizations/organization.service.js';
import { createTestDeps, type TestDeps } from '../testing/in-memory-fakes.js';
import { addMember, caught, joinAs, signUpUser, testIp, testPassword } from '../testing/test-fixtures.js';
import {
  authenticate,
  firstOrganizationName,
  login,
  requireActor,
  signup,
  switchOrganization,
} from './auth.service.js';

let deps: TestDeps;

beforeEach(() => {
  deps = createTestDeps({ maxLoginFailures: 3 });
});

const ada = { email: 'ada@example.com', password: testPassword, name: 'Ada Lovelace' };

describe('signup', () => {
  it('creates the user, their first organization and a token for it', async () => {
    const result = await signup(deps, ada, testIp);
    expect(result.user).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace' });
    expect(result.user).not.toHaveProperty('passwordHash');
    const orgName = "Ada Lovelace's Organization";
    expect(result.organization).toMatchObject({ name: orgName, slug: slugFromName(orgName) });
    expect(await deps.tokens.verify(result.token)).toEqual({
      userId: result.user.id,
      organizationId: result.organization?.id,
      passkey: false,
      sessionId: expect.any(String),
    });
    const membership = await deps.store.members.findMembership(result.organization?.id ?? '', result.user.id);
    expect(membership?.roleName).toBe('Owner');
    expect((await deps.store.users.findByEmail('ada@example.com'))?.passwordHash).toBe(`hashed:${testPassword}`);
    expect(deps.events.published().map((e) => e.type)).toEqual(['organization.created']);
  });

  it('keeps the organization name within 100 characters', () => {
    const name = firstOrganizationName('x'.repeat(100));
    expect([...name]).toHaveLength(100);
    expect(name.endsWith("'s Organization")).toBe(true);
  });

  it('answers EMAIL_TAKEN for a registered email and leaves no organization behind', async () => {
    await signup(deps, ada, testIp);
    const orgs = deps.store.state.organizations.size;
    const published = deps.events.published().length;
    const error = await caught(() => signup(deps, { ...ada, name: 'Someone Else' }, testIp));
    expect(error).toMatchObject({ code: 'EMAIL_TAKEN', field: 'email' });
    expect(deps.store.state.organizations.size).toBe(orgs);
    expect(deps.store.state.users.size).toBe(1);
    expect(deps.events.published()).toHaveLength(published);
  });

  it('writes nothing when a later step fails', async () => {
    const failing: TestDeps = {
      ...deps,
      store: {
        ...deps.store,
        transaction: (work) =>
          deps.store.transaction((tx) =>
            work({ ...tx, members: { ...tx.members, add: () => Promise.reject(new Error('disk full')) } }),
          ),
      },
    };
    await expect(signup(failing, ada, testIp)).rejects.toThrow('disk full');
    expect(deps.store.state.users.size).toBe(0);
    expect(deps.store.state.organizations.size).toBe(0);
    expect(deps.store.state.roles.size).toBe(0);
    expect(deps.events.published()).toEqual([]);
    await expect(signup(deps, ada, testIp)).resolves.toBeDefined();
  });
});

describe('login', () => {
  it('signs in to the first organization joined', async () => {
    const olive = await signUpUser(deps, 'Olive');
    const { user } = await signup(deps, ada, testIp);
    await addMember(deps, olive.actor, { email: ada.email, role: 'Viewer' });
    const result = await login(deps, { email: ada.email, password: testPassword }, testIp);
    expect(result.user).toEqual({ ...user, emailVerified: true }); // accepting the invitation proved the address
    expect(result.organization?.name).toBe("Ada Lovelace's Organization");
    expect(result.organization).not.toHaveProperty('role');
  });

  it('answers INVALID_CREDENTIALS for a wrong password and records the failure', async () => {
    await signup(deps, ada, testIp);
    const error = await caught(() => login(deps, { email: ada.email, password: 'wrong password' }, testIp));
    expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(deps.throttle.failures(`email:${ada.email}`)).toBe(1);
    expect(deps.throttle.failures(`ip:${testIp}`)).toBe(1);
  });

  it('answers the same for an unknown email, still checking a password', async () => {
    const error = await caught(() => login(deps, { email: 'ghost@example.com', password: testPassword }, testIp));
    expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(deps.hasher.verifyCalls).toBe(1);
    expect(deps.throttle.failures('email:ghost@example.com')).toBe(1);
  });

  it('answers RATE_LIMITED past the limit, even with the right password', async () => {
    await signup(deps, ada, testIp);
    for (let i = 0; i < 3; i++) await caught(() => login(deps, { email: ada.email, password: 'nope' }, testIp));
    const error = await caught(() => login(deps, { email: ada.email, password: testPassword }, testIp));
    expect(error).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('gives a token without organization to a user who belongs to none', async () => {
    const olive = await signUpUser(deps, 'Olive');
    await deleteOrganization(deps, olive.actor);
    const result = await login(deps, { email: olive.user.email, password: testPassword }, testIp);
    expect(result.organization).toBeNull();
    expect((await authenticate(deps, result.token, testIp)).actor).toBeNull();
  });
});

describe('switchOrganization', () => {
  it('refuses a non-member with NOT_A_MEMBER', async () => {
    const olive = await signUpUser(deps, 'Olive');
    const otto = await signUpUser(deps, 'Otto');
    const error = await caught(() => switchOrganization(deps, otto.actor, olive.organization.id));
    expect(error).toMatchObject({ code: 'NOT_A_MEMBER', field: 'organizationId' });
  });

  it('gives a member a token for the organization', async () => {
    const olive = await signUpUser(deps, 'Olive');
    const second = await createOrganization(deps, olive.actor, { name: 'Second' });
    const { token, organization } = await switchOrganization(deps, olive.actor, second.id);
    expect(organization.id).toBe(second.id);
    expect((await authenticate(deps, token, testIp)).actor?.organizationId).toBe(second.id);
  });
});

describe('authenticate', () => {
  it("resolves a token to the actor with their role's permissions", async () => {
    const olive = await signUpUser(deps, 'Olive');
    const vera = await joinAs(deps, olive.actor, 'Vera', 'Viewer');
    const { principal, actor } = await authenticate(deps, vera.token, '198.51.100.9');
    expect(principal).toEqual({ userId: vera.user.id, ip: '198.51.100.9', sessionId: expect.any(String) });
    expect(actor).toMatchObject({ organizationId: olive.organization.id, roleName: 'Viewer' });
    expect(actor?.permissions).toEqual([...defaultRolePermissions.Viewer]);
  });

  it('answers UNAUTHENTICATED for an unknown or revoked token', async () => {
    const olive = await signUpUser(deps, 'Olive');
    expect(await caught(() => authenticate(deps, 'forged', testIp))).toMatchObject({ code: 'UNAUTHENTICATED' });
    deps.tokens.revoke(olive.token);
    expect(await caught(() => authenticate(deps, olive.token, testIp))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses the old token once the member is removed', async () => {
    const olive = await signUpUser(deps, 'Olive');
    const vera = await joinAs(deps, olive.actor, 'Vera', 'Viewer');
    await removeMember(deps, olive.actor, vera.user.id);
    const auth = await authenticate(deps, vera.token, testIp);
    expect(auth.actor).toBeNull();
    expect(auth.revokedOrganizationId).toBe(olive.actor.organizationId);
    expect(caughtSync(() => requireActor(auth))).toMatchObject({ code: 'ACCESS_REVOKED' });
  });

  it('refuses the old token once the organization is deleted', async () => {
    const olive = await signUpUser(deps, 'Olive');
    const vera = await joinAs(deps, olive.actor, 'Vera', 'Admin');
    await deleteOrganization(deps, olive.actor);
    for (const token of [olive.token, vera.token]) {
      const auth = await authenticate(deps, token, testIp);
      expect(caughtSync(() => requireActor(auth))).toMatchObject({ code: 'ACCESS_REVOKED' });
    }
  });

  it('asks for a current organization when the token has none', async () => {
    const auth = { principal: { userId: 'u', ip: null }, actor: null, revokedOrganizationId: null };
    expect(caughtSync(() => requireActor(auth))).toMatchObject({ code: 'NO_CURRENT_ORGANIZATION' });
  });
});

function caughtSync(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
