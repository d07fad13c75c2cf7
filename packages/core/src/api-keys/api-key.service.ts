import { requirePermission, type Actor, type Principal } from '../auth/actor.js';
import { findAccess } from '../auth/agency-access.js';
import type { OpaqueTokens } from '../auth/session.ports.js';
import { assertMayTouchOwnerRole } from '../members/member.rules.js';
import { requireVerifiedEmail } from '../auth/email-verification.service.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import type { ApiKeyRecord } from './api-key.ports.js';
import { apiKeyPrefix, type ApiKey, type CreateApiKeyInput, type CreatedApiKey } from './api-key.schema.js';

export interface ApiKeyDeps extends CoreDeps {
  opaqueTokens: OpaqueTokens;
}

function view(record: ApiKeyRecord): ApiKey {
  return {
    id: record.id,
    name: record.name,
    role: record.roleName,
    roleId: record.roleId,
    prefix: record.prefix,
    createdByUserId: record.createdByUserId,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
  };
}

function requirePerson(actor: Actor): void {
  if (actor.apiKeyId)
    throw new DomainError('PERMISSION_DENIED', 'An API key cannot manage API keys; sign in as a person');
}

/**
 * Creates an API key acting in the current organization with a role (manage:members). The
 * key is answered once and stored only hashed; it can never do more than its creator.
 */
export async function createApiKey(deps: ApiKeyDeps, actor: Actor, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  requirePermission(actor, 'manage:members');
  requirePerson(actor);
  await requireVerifiedEmail(deps, actor.userId, 'Creating an API key');
  const { token, hash } = deps.opaqueTokens.create(apiKeyPrefix);
  const stored = await commitAndPublish(deps, async (tx, record) => {
    const role = await tx.roles.findByRef(actor.organizationId, input.role);
    if (!role)
      throw new DomainError('INVALID_INPUT', `role: no role named "${input.role}" in this organization`, {
        field: 'role',
      });
    assertMayTouchOwnerRole(actor.roleName, null, role.name);
    const stored = await tx.apiKeys.insert({
      organizationId: actor.organizationId,
      name: input.name,
      roleId: role.id,
      prefix: token.slice(0, apiKeyPrefix.length + 6),
      keyHash: hash,
      createdByUserId: actor.userId,
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: stored.id,
      diff: { after: { name: stored.name, role: role.name } },
    });
    return stored;
  });
  return { ...view(stored), key: token };
}

/** The organization's API keys, without the keys (view:members). */
export async function listApiKeys(deps: CoreDeps, actor: Actor): Promise<{ items: ApiKey[]; total: number }> {
  requirePermission(actor, 'view:members');
  const items = (await deps.store.apiKeys.list(actor.organizationId)).map(view);
  return { items, total: items.length };
}

/** Deletes an API key: it stops working at once (manage:members). */
export async function revokeApiKey(deps: CoreDeps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'manage:members');
  requirePerson(actor);
  const found = await deps.store.apiKeys.find(actor.organizationId, id);
  if (!found) throw notFound('API key');
  assertMayTouchOwnerRole(actor.roleName, null, found.roleName);
  await commitAndPublish(deps, async (tx, record) => {
    if (!(await tx.apiKeys.delete(actor.organizationId, id))) throw notFound('API key');
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'api_key.revoked',
      targetType: 'api_key',
      targetId: id,
      diff: { before: { name: found.name, role: found.roleName } },
    });
  });
}

/** True when a bearer credential is an API key rather than a sign-in token. */
export function isApiKey(token: string): boolean {
  return token.startsWith(apiKeyPrefix);
}

/**
 * The actor of an API key: its role in its organization, cut down to what its creator may
 * still do there. A key whose creator has left the organization no longer works.
 */
export async function authenticateApiKey(
  deps: ApiKeyDeps,
  token: string,
  ip: string | null,
): Promise<{ principal: Principal; actor: Actor }> {
  const key = await deps.store.apiKeys.findByHash(deps.opaqueTokens.hash(token));
  const access = key && (await findAccess(deps.store, key.organizationId, key.createdByUserId));
  if (!key || !access) throw new DomainError('UNAUTHENTICATED', 'The API key is unknown or revoked');
  await deps.store.apiKeys.markUsed(key.id, deps.clock.now());
  const granted = access.membership.permissions;
  const keepsOwner = key.roleName !== 'Owner' || access.membership.roleName === 'Owner';
  const principal: Principal = { userId: key.createdByUserId, ip, apiKeyId: key.id };
  return {
    principal,
    actor: {
      ...principal,
      organizationId: key.organizationId,
      roleName: keepsOwner ? key.roleName : access.membership.roleName,
      permissions: key.rolePermissions.filter((p) => granted.includes(p)),
      agencyOrganizationId: access.membership.parentOrganizationId,
      viaAgency: access.viaAgency,
    },
  };
}
