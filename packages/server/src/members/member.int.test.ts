import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testPassword, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function tokenIn(email: string, orgId: string): Promise<string> {
  const login = await t.api('POST', '/api/auth/login', { body: { email, password: testPassword } });
  return (await t.api('POST', '/api/auth/switch-org', { token: login.body.token, body: { organizationId: orgId } }))
    .body.token;
}

describe('members', () => {
  it('lists, adds (by invitation, with consent), changes the role of and removes members', async () => {
    const owner = await t.signup('Owner');
    const dev = await t.signup('Dev');
    // POST /api/org/members adds nobody: it invites, and answers the invitation (202).
    const invited = await t.api('POST', '/api/org/members', {
      token: owner.token,
      body: { email: dev.user.email, role: 'developer' },
    });
    expect(invited.status).toBe(202);
    expect(invited.body).toMatchObject({ email: dev.user.email, role: 'Developer', status: 'pending' });
    expect((await t.api('GET', '/api/org/members', { token: owner.token })).body.total).toBe(1);
    // The first invitation's mail must have arrived before the second invitation replaces it, or
    // the helper below could read the first (now void) link as the newest.
    await t.mail(dev.user.email, 0, '/invite#token=');
    await t.addMember(owner.token, dev.user.email, 'developer');

    const list = await t.api('GET', '/api/org/members', { token: owner.token });
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((m: { role: string }) => m.role).sort()).toEqual(['Developer', 'Owner']);

    const changed = await t.api('PUT', `/api/org/members/${dev.user.id}`, {
      token: owner.token,
      body: { role: 'Viewer' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.role).toBe('Viewer');

    const removed = await t.api('DELETE', `/api/org/members/${dev.user.id}`, { token: owner.token });
    expect(removed.status).toBe(204);
    expect((await t.api('GET', '/api/org/members', { token: owner.token })).body.total).toBe(1);
  });

  it('names the field for an unknown role and an existing member; invites an address with no account', async () => {
    const owner = await t.signup();
    const other = await t.signup();
    const unknown = await t.api('POST', '/api/org/members', {
      token: owner.token,
      body: { email: 'ghost@example.com', role: 'Viewer' },
    });
    expect(unknown.status).toBe(202);
    const badRole = await t.api('POST', '/api/org/members', {
      token: owner.token,
      body: { email: other.user.email, role: 'Janitor' },
    });
    expect(badRole.status).toBe(400);
    expect(badRole.body.field).toBe('role');
    await t.addMember(owner.token, other.user.email, 'Viewer');
    const again = await t.api('POST', '/api/org/members', {
      token: owner.token,
      body: { email: other.user.email, role: 'Viewer' },
    });
    expect(again.status).toBe(409);
  });

  it('never removes or demotes the last Owner', async () => {
    const owner = await t.signup();
    const demote = await t.api('PUT', `/api/org/members/${owner.user.id}`, {
      token: owner.token,
      body: { role: 'Admin' },
    });
    expect(demote.status).toBe(409);
    expect(demote.body.error).toBe('LAST_OWNER');
    const leave = await t.api('DELETE', `/api/org/members/${owner.user.id}`, { token: owner.token });
    expect(leave.status).toBe(409);
  });

  it('lets only an Owner give the Owner role, and Viewers manage nobody', async () => {
    const owner = await t.signup();
    const admin = await t.signup();
    const viewer = await t.signup();
    await t.addMember(owner.token, admin.user.email, 'Admin');
    await t.addMember(owner.token, viewer.user.email, 'Viewer');
    const adminToken = await tokenIn(admin.user.email, owner.organization.id);
    const viewerToken = await tokenIn(viewer.user.email, owner.organization.id);

    const promote = await t.api('PUT', `/api/org/members/${viewer.user.id}`, {
      token: adminToken,
      body: { role: 'Owner' },
    });
    expect(promote.status).toBe(403);
    expect(promote.body.error).toBe('OWNER_ONLY');
    const viewerAdds = await t.api('PUT', `/api/org/members/${admin.user.id}`, {
      token: viewerToken,
      body: { role: 'Viewer' },
    });
    expect(viewerAdds.status).toBe(403);
    expect(viewerAdds.body.permission).toBe('manage:members');
    expect((await t.api('GET', '/api/org/members', { token: viewerToken })).status).toBe(200);
    expect((await t.api('GET', '/api/org/roles', { token: viewerToken })).status).toBe(200);
  });

  it('ends a removed member’s access at once, even with a token issued before', async () => {
    const owner = await t.signup();
    const member = await t.signup();
    await t.addMember(owner.token, member.user.email, 'Admin');
    const memberToken = await tokenIn(member.user.email, owner.organization.id);
    expect((await t.api('GET', '/api/org', { token: memberToken })).status).toBe(200);
    await t.api('DELETE', `/api/org/members/${member.user.id}`, { token: owner.token });
    expect((await t.api('GET', '/api/org', { token: memberToken })).status).toBe(401);
    expect(
      (
        await t.api('POST', '/api/auth/switch-org', {
          token: memberToken,
          body: { organizationId: owner.organization.id },
        })
      ).status,
    ).toBe(403);
    // Still signed in as a user: they can list their own organizations and move on.
    expect((await t.api('GET', '/api/user/orgs', { token: memberToken })).body.total).toBe(1);
  });

  it('answers 404 for a member of another organization and an unknown id', async () => {
    const a = await t.signup();
    const b = await t.signup();
    for (const id of [b.user.id, crypto.randomUUID()]) {
      expect((await t.api('PUT', `/api/org/members/${id}`, { token: a.token, body: { role: 'Viewer' } })).status).toBe(
        404,
      );
      expect((await t.api('DELETE', `/api/org/members/${id}`, { token: a.token })).status).toBe(404);
    }
    expect((await t.api('DELETE', '/api/org/members/not-a-uuid', { token: a.token })).status).toBe(400);
  });

  it('keeps one Owner when two Owners demote each other at the same time', async () => {
    const first = await t.signup();
    const second = await t.signup();
    await t.addMember(first.token, second.user.email, 'Owner');
    const secondToken = await tokenIn(second.user.email, first.organization.id);
    const results = await Promise.all([
      t.api('PUT', `/api/org/members/${second.user.id}`, { token: first.token, body: { role: 'Admin' } }),
      t.api('PUT', `/api/org/members/${first.user.id}`, { token: secondToken, body: { role: 'Admin' } }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect(statuses[1]).not.toBe(200);
    const owners = await t.app.deps.store.members.countWithRole(first.organization.id, 'Owner');
    expect(owners).toBe(1);
  });
});
