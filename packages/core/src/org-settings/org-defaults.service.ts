import type { Actor } from '../auth/actor.js';
import { findVisibleTemplate } from '../templates/template.service.js';
import { invalidInput } from '../shared/domain-error.js';
import type { Repositories } from '../shared/store.js';
import type { OrgSettingsRecord } from './org-settings.ports.js';
import type { DnsProviderInput, OrgDefaults, StoredDnsProvider } from './org-defaults.schema.js';
import type { SecretBox } from '../shared/secret-box.js';

type DefaultsInput = Partial<Omit<OrgDefaults, 'dnsProvider'>> & { dnsProvider?: DnsProviderInput | null };

/** The defaults as answered: the provider's credentials only as a has-flag. */
export function toOrgDefaultsView(record: OrgDefaults) {
  const p = record.dnsProvider;
  return {
    defaultServerId: record.defaultServerId,
    defaultTemplateId: record.defaultTemplateId,
    defaultOdooVersion: record.defaultOdooVersion,
    defaultWorkers: record.defaultWorkers,
    dnsProvider: p && {
      kind: p.kind,
      url: p.url,
      username: p.username,
      zoneId: p.zoneId,
      hasCredentials: p.sealedCredentials !== null,
    },
  };
}

/** The server must be the organization's own, or for a client one of its agency's. */
async function requireServer(tx: Repositories, actor: Actor, serverId: string): Promise<void> {
  if (await tx.servers.find(actor.organizationId, serverId)) return;
  if (actor.agencyOrganizationId && (await tx.servers.find(actor.agencyOrganizationId, serverId))) return;
  throw invalidInput('defaultServerId', 'is not a server of this organization (or of its agency)');
}

function sealProvider(
  secrets: SecretBox,
  input: DnsProviderInput,
  before: StoredDnsProvider | null,
): StoredDnsProvider {
  const secret = input.kind === 'httpreq' ? input.password : input.apiToken;
  const kept = before?.kind === input.kind ? before.sealedCredentials : null;
  const sealedCredentials = secret ? secrets.seal(secret) : kept;
  if (input.kind === 'cloudflare' && !sealedCredentials)
    throw invalidInput('dnsProvider.apiToken', 'is required for Cloudflare');
  return {
    kind: input.kind,
    url: input.kind === 'httpreq' ? input.url : null,
    username: input.kind === 'httpreq' ? (input.username ?? null) : null,
    zoneId: input.kind === 'cloudflare' ? (input.zoneId ?? null) : null,
    sealedCredentials,
  };
}

/**
 * Checks and seals the default keys of a settings update: the patch to store and the audit
 * diff (a credential only as "set"). Each refusal names its field.
 */
export async function defaultsPatch(
  deps: { secrets: SecretBox },
  tx: Repositories,
  actor: Actor,
  input: DefaultsInput,
  before: OrgSettingsRecord,
): Promise<{ patch: Partial<OrgDefaults>; diff: Record<string, unknown> }> {
  const patch: Partial<OrgDefaults> = {};
  const diff: Record<string, unknown> = {};
  if (input.defaultServerId) await requireServer(tx, actor, input.defaultServerId);
  if (input.defaultTemplateId) {
    try {
      await findVisibleTemplate(tx, actor, input.defaultTemplateId);
    } catch {
      throw invalidInput('defaultTemplateId', 'is not a template this organization can use');
    }
  }
  for (const key of ['defaultServerId', 'defaultTemplateId', 'defaultOdooVersion', 'defaultWorkers'] as const) {
    if (input[key] === undefined || input[key] === before[key]) continue;
    Object.assign(patch, { [key]: input[key] });
    diff[key] = { from: before[key], to: input[key] };
  }
  if (input.dnsProvider !== undefined) {
    patch.dnsProvider = input.dnsProvider && sealProvider(deps.secrets, input.dnsProvider, before.dnsProvider);
    diff['dnsProvider'] = {
      kind: patch.dnsProvider?.kind ?? null,
      credentials: patch.dnsProvider?.sealedCredentials ? 'set' : 'none',
    };
  }
  return { patch, diff };
}
