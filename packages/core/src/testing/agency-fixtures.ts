import type { CssSanitizer } from '../agency/agency.ports.js';
import type { ClientOrg } from '../agency/agency.schema.js';
import { createClient, enableAgency } from '../agency/agency.service.js';
import type { Actor } from '../auth/actor.js';
import { switchOrganization } from '../auth/auth.service.js';
import type { NewPortalDomain } from '../portal-domains/portal-domain.ports.js';
import { newVerificationToken } from '../portal-domains/portal-domain.rules.js';
import type { PortalDomain } from '../portal-domains/portal-domain.schema.js';
import { createTestDeps, type TestDeps } from './in-memory-fakes.js';
import { actorFor, joinAs, signUpUser, type SignedUp } from './test-fixtures.js';

/** Signs up `name` and turns agency mode on for their first organization. */
export async function signUpAgency(deps: TestDeps, name: string): Promise<SignedUp> {
  const owner = await signUpUser(deps, name);
  await enableAgency(deps, owner.actor);
  const organization = await deps.store.organizations.findById(owner.organization.id);
  if (!organization) throw new Error('the agency vanished');
  return { ...owner, organization };
}

/** A client of the actor's agency, made through the use case. */
export async function addClient(deps: TestDeps, agency: Actor, name: string, slug?: string): Promise<ClientOrg> {
  return createClient(deps, agency, slug === undefined ? { name } : { name, slug });
}

/** `who` switched into `organizationId`: a new token and the actor behind it. */
export async function switchInto(
  deps: TestDeps,
  who: Actor,
  organizationId: string,
): Promise<{ token: string; actor: Actor }> {
  const { token } = await switchOrganization(deps, who, organizationId);
  return { token, actor: await actorFor(deps, token) };
}

/** Signs up `name` and has `operator` (of the agency) make them a member of the client with `role`. */
export async function joinClientAs(
  deps: TestDeps,
  operator: Actor,
  clientId: string,
  name: string,
  role: string,
): Promise<SignedUp> {
  const inClient = await switchInto(deps, operator, clientId);
  return joinAs(deps, inClient.actor, name, role);
}

/**
 * Stores a portal domain straight through the repository, for states the use cases do not
 * make (an active but unverified custom domain, a domain of an organization not in agency mode).
 */
export async function insertPortalDomain(
  deps: TestDeps,
  domain: Pick<NewPortalDomain, 'organizationId'> & Partial<NewPortalDomain>,
): Promise<PortalDomain> {
  const row: NewPortalDomain = {
    clientOrgId: null,
    subdomain: null,
    customDomain: null,
    dnsVerificationToken: newVerificationToken(),
    dnsVerified: true,
    isActive: true,
    ...domain,
  };
  return deps.store.transaction((tx) => tx.portalDomains.insert(row));
}

/** A CSS sanitizer that remembers what it was given. */
export interface RecordingCssSanitizer extends CssSanitizer {
  readonly inputs: string[];
}

/** A fake sanitizer dropping each line that contains `url(`; it reports line numbers, never content. */
export function createRecordingCssSanitizer(): RecordingCssSanitizer {
  const inputs: string[] = [];
  return {
    inputs,
    sanitize(css) {
      inputs.push(css);
      const removed: string[] = [];
      const kept = css.split('\n').filter((line, index) => {
        if (!line.includes('url(')) return true;
        removed.push(`removed a url() on line ${index + 1}`);
        return false;
      });
      return { css: kept.join('\n'), removed };
    },
  };
}

export interface BrandingTestDeps extends TestDeps {
  css: RecordingCssSanitizer;
}

/** Test deps with a recording CSS sanitizer, as updateBranding needs. */
export function createBrandingTestDeps(): BrandingTestDeps {
  return { ...createTestDeps(), css: createRecordingCssSanitizer() };
}
