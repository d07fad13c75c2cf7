import type { Actor } from '../auth/actor.js';
import type { User } from '../auth/auth.schema.js';
import { authenticate, signup, switchOrganization } from '../auth/auth.service.js';
import { addMember } from '../members/member.service.js';
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

/** Runs `fn` and returns what it threw, failing when it did not throw. */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
