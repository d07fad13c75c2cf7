import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken, startTestApp, testPassword, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const unique = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;

async function invite(token: string, email: string, role = 'Viewer') {
  const before = t.app.deps.mailTransport.delivered.length;
  const invited = await t.api('POST', '/api/org/invitations', { token, body: { email, role } });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  return { invitation: invited.body, token: linkToken(await t.mail(email, before)) };
}

const accept = (body: Record<string, unknown>, token?: string) =>
  t.api('POST', '/api/auth/invitations/accept', { body, ...(token ? { token } : {}) });

describe('invitations', () => {
  it("creates a client person's account on acceptance, with no organization of their own", async () => {
    const agency = await t.agency();
    const client = await t.client(agency, 'Acme Client');
    const email = unique('newcomer');
    const { invitation, token } = await invite(client.operatorToken, email, 'Admin');
    expect(invitation).toMatchObject({ email, role: 'Admin', status: 'pending' });
    const listed = await t.api('GET', '/api/org/invitations', { token: client.operatorToken });
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(invitation.id);

    expect((await accept({ token })).body).toMatchObject({ error: 'INVALID_INPUT', field: 'name' });
    const weak = await accept({ token, name: 'New Person', password: '1234567890' });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ field: 'password' });
    expect(weak.body.message).toMatch(/most common passwords/);

    const accepted = await accept({ token, name: 'New Person', password: testPassword });
    expect(accepted.status).toBe(200);
    expect(accepted.body.organization.id).toBe(client.id);
    const me = await t.api('GET', '/api/auth/me', { token: accepted.body.token });
    expect(me.body).toMatchObject({ role: 'Admin', organization: { id: client.id } });
    const mine = await t.api('GET', '/api/user/orgs', { token: accepted.body.token });
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([client.id]);
    // Used once: the link does not work again, and the invitation is no longer open.
    expect((await accept({ token, name: 'Again', password: testPassword })).status).toBe(400);
    const after = await t.api('GET', '/api/org/invitations', { token: client.operatorToken });
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(invitation.id);
  });

  it('adds an existing account only with its consent: signed in as it, or with its password', async () => {
    const owner = await t.signup('Inviting Owner');
    const existing = await t.signup('Existing Person');
    const { token } = await invite(owner.token, existing.user.email, 'Developer');
    const anonymous = await accept({ token });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.message).toMatch(/sign in/);
    // Someone else's session does not accept it for them.
    const stranger = await t.signup('Stranger');
    expect((await accept({ token }, stranger.token)).status).toBe(401);
    expect((await accept({ token, password: 'not the right password' })).status).toBe(401);
    const accepted = await accept({ token }, existing.token);
    expect(accepted.status).toBe(200);
    expect(accepted.body.organization.id).toBe(owner.organization.id);
    const members = await t.api('GET', '/api/org/members', { token: owner.token });
    expect(members.body.items.find((m: { userId: string }) => m.userId === existing.user.id)).toMatchObject({
      role: 'Developer',
    });
    // The accepting session's new token is of the same session: signing out ends both.
    await t.api('POST', '/api/auth/logout', { token: accepted.body.token });
    expect((await t.api('GET', '/api/auth/me', { token: existing.token })).status).toBe(401);
  });

  it('resends with a new link (the old one stops working), revokes, and refuses an expired link', async () => {
    const owner = await t.signup();
    const email = unique('later');
    const first = await invite(owner.token, email);
    const before = t.app.deps.mailTransport.delivered.length;
    const resent = await t.api('POST', `/api/org/invitations/${first.invitation.id}/resend`, { token: owner.token });
    expect(resent.status).toBe(200);
    const second = linkToken(await t.mail(email, before));
    expect(second).not.toBe(first.token);
    expect((await accept({ token: first.token, name: 'Late', password: testPassword })).status).toBe(400);

    expect((await t.api('DELETE', `/api/org/invitations/${first.invitation.id}`, { token: owner.token })).status).toBe(
      204,
    );
    expect((await accept({ token: second, name: 'Late', password: testPassword })).status).toBe(400);
    expect((await t.api('DELETE', `/api/org/invitations/${first.invitation.id}`, { token: owner.token })).status).toBe(
      404,
    );

    const third = await invite(owner.token, unique('expired'));
    await sql`update invitations set expires_at = now() - interval '1 second' where id = ${third.invitation.id}`.execute(
      t.app.deps.database.db,
    );
    const listed = await t.api('GET', '/api/org/invitations', { token: owner.token });
    expect(listed.body.items.find((i: { id: string }) => i.id === third.invitation.id)).toMatchObject({
      status: 'expired',
    });
    expect((await accept({ token: third.token, name: 'Too Late', password: testPassword })).status).toBe(400);
  });

  it('refuses inviting a member, an unknown role, and the Owner role from an Admin', async () => {
    const owner = await t.signup();
    const admin = await t.joinAs(owner, 'Admin');
    const member = await t.api('POST', '/api/org/invitations', {
      token: owner.token,
      body: { email: admin.email, role: 'Viewer' },
    });
    expect(member).toMatchObject({ status: 409, body: { error: 'ALREADY_MEMBER', field: 'email' } });
    const role = await t.api('POST', '/api/org/invitations', {
      token: owner.token,
      body: { email: unique('x'), role: 'Janitor' },
    });
    expect(role).toMatchObject({ status: 400, body: { field: 'role' } });
    const ownerRole = await t.api('POST', '/api/org/invitations', {
      token: admin.token,
      body: { email: unique('y'), role: 'Owner' },
    });
    expect(ownerRole).toMatchObject({ status: 403, body: { error: 'OWNER_ONLY' } });
  });
});
