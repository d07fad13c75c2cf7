import type { Actor } from '../auth/actor.js';
import type { User } from '../auth/auth.schema.js';
import { authenticate, signup, switchOrganization } from '../auth/auth.service.js';
import { acceptInvitation, createInvitation } from '../invitations/invitation.service.js';
import type { Member } from '../members/member.schema.js';
import type { Organization } from '../organizations/organization.schema.js';
import type { TestDeps } from './in-memory-fakes.js';

export const testPassword = 'correct horse battery';
export const testIp = '203.0.113.7';

export interface SignedUp {
  user: User;
  organization: Organization;
  token: string;
  /** The user acting in `organization`. */
  actor: Actor;
}

/** The address a test user named `name` signs up with. */
export function emailFor(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`;
}

/** The actor behind `token`, failing when the token carries no organization. */
export async function actorFor(deps: TestDeps, token: string): Promise<Actor> {
  const { actor } = await authenticate(deps, token, testIp);
  if (!actor) throw new Error('token has no current organization');
  return actor;
}

/** Signs up `name` through the real use case, with their first organization. */
export async function signUpUser(deps: TestDeps, name: string): Promise<SignedUp> {
  const result = await signup(deps, { email: emailFor(name), password: testPassword, name }, testIp);
  if (!result.organization) throw new Error('signup made no organization');
  return { ...result, organization: result.organization, actor: await actorFor(deps, result.token) };
}

/** Signs up `name` and has `by` add them to `by`'s organization with `role`; returns them acting there. */
export async function joinAs(deps: TestDeps, by: Actor, name: string, role: string): Promise<SignedUp> {
  const own = await signUpUser(deps, name);
  await addMember(deps, by, { email: own.user.email, role });
  const { token, organization } = await switchOrganization(deps, own.actor, by.organizationId);
  return { user: own.user, organization, token, actor: await actorFor(deps, token) };
}

/**
 * Makes someone a member the only way there is: `by` invites them, and they accept with the
 * mailed token (an existing account proving itself with the test password).
 */
export async function addMember(deps: TestDeps, by: Actor, input: { email: string; role: string }): Promise<Member> {
  await createInvitation(deps, by, input, { origin: 'https://dashboard.example', portalBaseDomain: undefined });
  const token = mailedToken(deps, input.email);
  const existing = await deps.store.users.findByEmail(input.email.toLowerCase());
  const { user } = await acceptInvitation(
    deps,
    { token, password: testPassword, ...(existing ? {} : { name: 'Invited Person' }) },
    null,
    testIp,
  );
  const member = await deps.store.members.find(by.organizationId, user.id);
  if (!member) throw new Error('the accepted invitation made no member');
  return member;
}

/** The token of the last link mailed to `email`. */
export function mailedToken(deps: TestDeps, email: string): string {
  const mail = deps.mailer.sent.filter((m) => m.to === email.toLowerCase()).at(-1);
  const token = mail && /#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no link was mailed to ${email}`);
  return token;
}

/** Runs `fn` and returns what it threw, failing when it did not throw. */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
