import { beforeEach, describe, expect, it } from 'vitest';
import type { CoreDeps } from '../shared/deps.js';
import { createTestDeps, type TestDeps } from '../testing/in-memory-fakes.js';
import { addMember, caught, joinAs, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { listMembers, listRoles, removeMember, setMemberRole } from './member.service.js';

let deps: TestDeps;
let owner: SignedUp;

beforeEach(async () => {
  deps = createTestDeps();
  owner = await signUpUser(deps, 'Olive Owner');
});

describe('adding a member (by invitation)', () => {
  it('adds a registered user with the named role, matched case-insensitively', async () => {
    const bob = await signUpUser(deps, 'Bob');
    const member = await addMember(deps, owner.actor, { email: 'BOB@example.com', role: 'developer' });
    expect(member).toMatchObject({ userId: bob.user.id, email: 'bob@example.com', role: 'Developer' });
    const { items } = await listMembers(deps, owner.actor);
    expect(items.map((m) => m.role).sort()).toEqual(['Developer', 'Owner']);
  });

  it('accepts a role by id', async () => {
    await signUpUser(deps, 'Bob');
    const viewer = (await listRoles(deps, owner.actor)).items.find((r) => r.name === 'Viewer');
    const member = await addMember(deps, owner.actor, { email: 'bob@example.com', role: viewer?.id ?? '' });
    expect(member.role).toBe('Viewer');
  });

  it('invites an address with no account; accepting creates one with no organization of its own', async () => {
    const member = await addMember(deps, owner.actor, { email: 'nobody@example.com', role: 'Viewer' });
    expect(member).toMatchObject({ email: 'nobody@example.com', role: 'Viewer' });
    expect(await deps.store.organizations.listForUser(member.userId)).toHaveLength(1);
  });

  it('answers INVALID_INPUT on the role field for an unknown role', async () => {
    await signUpUser(deps, 'Bob');
    const error = await caught(() => addMember(deps, owner.actor, { email: 'bob@example.com', role: 'Wizard' }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'role' });
  });

  it('answers ALREADY_MEMBER for a member', async () => {
    const bob = await joinAs(deps, owner.actor, 'Bob', 'Viewer');
    const error = await caught(() => addMember(deps, owner.actor, { email: bob.user.email, role: 'Admin' }));
    expect(error).toMatchObject({ code: 'ALREADY_MEMBER' });
  });

  it('refuses a Viewer with PERMISSION_DENIED naming manage:members', async () => {
    const viewer = await joinAs(deps, owner.actor, 'Vera', 'Viewer');
    await signUpUser(deps, 'Bob');
    const error = await caught(() => addMember(deps, viewer.actor, { email: 'bob@example.com', role: 'Viewer' }));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'manage:members' });
  });

  it('lets only an Owner grant the Owner role', async () => {
    const admin = await joinAs(deps, owner.actor, 'Ada', 'Admin');
    await signUpUser(deps, 'Bob');
    const error = await caught(() => addMember(deps, admin.actor, { email: 'bob@example.com', role: 'Owner' }));
    expect(error).toMatchObject({ code: 'OWNER_ONLY' });
    const member = await addMember(deps, owner.actor, { email: 'bob@example.com', role: 'owner' });
    expect(member.role).toBe('Owner');
  });
});

describe('setMemberRole', () => {
  it('refuses to demote the last Owner', async () => {
    const error = await caught(() => setMemberRole(deps, owner.actor, { userId: owner.user.id, role: 'Admin' }));
    expect(error).toMatchObject({ code: 'LAST_OWNER' });
    expect((await listMembers(deps, owner.actor)).items[0]?.role).toBe('Owner');
  });

  it('lets one of two Owners be demoted', async () => {
    const second = await joinAs(deps, owner.actor, 'Sam', 'Owner');
    const demoted = await setMemberRole(deps, second.actor, { userId: owner.user.id, role: 'Admin' });
    expect(demoted.role).toBe('Admin');
    expect(await deps.store.members.countWithRole(owner.organization.id, 'Owner')).toBe(1);
  });

  it('lets only an Owner change an Owner or make one', async () => {
    const admin = await joinAs(deps, owner.actor, 'Ada', 'Admin');
    const viewer = await joinAs(deps, owner.actor, 'Vera', 'Viewer');
    const demote = await caught(() => setMemberRole(deps, admin.actor, { userId: owner.user.id, role: 'Viewer' }));
    expect(demote).toMatchObject({ code: 'OWNER_ONLY' });
    const promote = await caught(() => setMemberRole(deps, admin.actor, { userId: viewer.user.id, role: 'Owner' }));
    expect(promote).toMatchObject({ code: 'OWNER_ONLY' });
    const changed = await setMemberRole(deps, admin.actor, { userId: viewer.user.id, role: 'Developer' });
    expect(changed.role).toBe('Developer');
  });

  it('answers NOT_FOUND for a user who is not a member', async () => {
    const outsider = await signUpUser(deps, 'Otto');
    const error = await caught(() => setMemberRole(deps, owner.actor, { userId: outsider.user.id, role: 'Viewer' }));
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('removeMember', () => {
  it('refuses to remove the last Owner, even when they leave themselves', async () => {
    const error = await caught(() => removeMember(deps, owner.actor, owner.user.id));
    expect(error).toMatchObject({ code: 'LAST_OWNER' });
  });

  it('lets a member without manage:members remove themselves', async () => {
    const viewer = await joinAs(deps, owner.actor, 'Vera', 'Viewer');
    await removeMember(deps, viewer.actor, viewer.user.id);
    expect(await deps.store.members.find(owner.organization.id, viewer.user.id)).toBeUndefined();
  });

  it('refuses a Viewer removing someone else', async () => {
    const viewer = await joinAs(deps, owner.actor, 'Vera', 'Viewer');
    const dev = await joinAs(deps, owner.actor, 'Dev', 'Developer');
    const error = await caught(() => removeMember(deps, viewer.actor, dev.user.id));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'manage:members' });
  });

  it('lets only an Owner remove an Owner', async () => {
    const second = await joinAs(deps, owner.actor, 'Sam', 'Owner');
    const admin = await joinAs(deps, owner.actor, 'Ada', 'Admin');
    expect(await caught(() => removeMember(deps, admin.actor, second.user.id))).toMatchObject({ code: 'OWNER_ONLY' });
    await removeMember(deps, owner.actor, second.user.id);
    expect(await deps.store.members.countWithRole(owner.organization.id, 'Owner')).toBe(1);
  });
});

describe('audit and events', () => {
  it('records one audit entry and one event per mutation, published per call', async () => {
    const bob = await signUpUser(deps, 'Bob');
    const before = { audit: deps.store.state.audit.length, batches: deps.events.batches.length };
    await addMember(deps, owner.actor, { email: bob.user.email, role: 'Viewer' });
    await setMemberRole(deps, owner.actor, { userId: bob.user.id, role: 'Developer' });
    await removeMember(deps, owner.actor, bob.user.id);
    const audit = deps.store.state.audit.slice(before.audit);
    expect(audit.map((a) => a.action)).toEqual([
      'invitation.created',
      'member.added',
      'member.role_changed',
      'member.removed',
    ]);
    expect(audit.map((a) => a.actorUserId)).toEqual([owner.user.id, bob.user.id, owner.user.id, owner.user.id]);
    expect(audit.slice(1).every((a) => a.targetId === bob.user.id)).toBe(true);
    expect(audit[2]?.diff).toEqual({ role: { from: 'Viewer', to: 'Developer' } });
    const batches = deps.events.batches.slice(before.batches);
    expect(batches.map((b) => b.map((e) => e.type))).toEqual([
      ['invitation.created'],
      ['member.added'],
      ['member.role_changed'],
      ['member.removed'],
    ]);
    expect(batches.flat().every((e) => e.organizationId === owner.organization.id)).toBe(true);
  });

  it('publishes only after the transaction has finished', async () => {
    let open = false;
    const seen: boolean[] = [];
    const tracked: CoreDeps = {
      clock: deps.clock,
      store: {
        ...deps.store,
        transaction: async (work) => {
          open = true;
          try {
            return await deps.store.transaction(work);
          } finally {
            open = false;
          }
        },
      },
      events: { publish: (events) => seen.push(...events.map(() => open)) },
    };
    const bob = await joinAs(deps, owner.actor, 'Bob', 'Viewer');
    await setMemberRole(tracked, owner.actor, { userId: bob.user.id, role: 'Developer' });
    expect(seen).toEqual([false]);
  });

  it('publishes and stores nothing when the use case fails', async () => {
    const admin = await joinAs(deps, owner.actor, 'Ada', 'Admin');
    const before = { audit: deps.store.state.audit.length, events: deps.store.state.events.length };
    const published = deps.events.published().length;
    await caught(() => setMemberRole(deps, admin.actor, { userId: owner.user.id, role: 'Viewer' }));
    await caught(() => removeMember(deps, owner.actor, owner.user.id));
    await caught(() => addMember(deps, owner.actor, { email: admin.user.email, role: 'Viewer' }));
    expect(deps.events.published()).toHaveLength(published);
    expect(deps.store.state.audit).toHaveLength(before.audit);
    expect(deps.store.state.events).toHaveLength(before.events);
  });
});
