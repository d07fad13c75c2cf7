import { requirePermission, type Actor } from '../auth/actor.js';
import { insertOrganizationWithOwner, withGeneratedSlugRetry } from '../organizations/organization.service.js';
import { orgNameSchema, orgSlugSchema } from '../organizations/organization.schema.js';
import { commitAndPublish } from '../shared/change.js';
import { invalidInput } from '../shared/domain-error.js';
import type { Repositories } from '../shared/store.js';
import type { DrContent, DrImportInput, DrImportResult } from './dr.schema.js';
import { resealDocumentSecrets, resealServerSecrets, withoutSecrets, type DrDeps } from './dr.service.js';
import { findAccess } from '../auth/agency-access.js';
import { hasPermission } from '../members/permissions.js';
import { ownerRoleName } from '../members/member.rules.js';

function checkedName(input: DrImportInput): { name: string; slug: string | undefined } {
  const name = orgNameSchema.safeParse(input.name ?? input.document.content.organization.name);
  if (!name.success) throw invalidInput('name', name.error.issues[0]?.message ?? 'is invalid');
  if (input.slug === undefined) return { name: name.data, slug: undefined };
  const slug = orgSlugSchema.safeParse(input.slug);
  if (!slug.success) throw invalidInput('slug', slug.error.issues[0]?.message ?? 'is invalid');
  return { name: name.data, slug: slug.data };
}

/**
 * An import makes no one a member of anything without their consent: the importer becomes the
 * new organization's Owner, and the document's other members are listed to be invited.
 */
function skippedMembers(content: DrContent, importerEmail: string | undefined): DrImportResult['skippedMembers'] {
  return content.members
    .filter((m) => m.email !== importerEmail)
    .map((m) => ({
      email: m.email,
      reason: 'not added: an import makes no one a member without their consent; invite them',
    }));
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Why the document's secrets may not go into the importer's new organization, or null when they
 * may: only to whoever could use them already. A client's secrets (the agency stores SSH
 * credentials and keys there) go only to the agency's operators. Otherwise, while the source
 * organization exists, to whoever may manage its settings now; once it is gone (a restore after
 * losing it), to whoever was its Owner when it was exported. So a removed member, or a client's
 * own member holding an operator's export, gets the configuration without the secrets.
 */
async function secretsRefusal(deps: DrDeps, actor: Actor, input: DrImportInput): Promise<string | null> {
  const { source, content } = input.document;
  const found = (id: string | null) => (id && uuid.test(id) ? deps.store.organizations.findById(id) : undefined);
  if (source.agencyOrganizationId !== null) {
    const membership = (await found(source.agencyOrganizationId))
      ? await deps.store.members.findMembership(source.agencyOrganizationId, actor.userId)
      : undefined;
    return membership && hasPermission(membership.permissions, 'manage:agency')
      ? null
      : "they were stored in a client organization, and only the agency's operators may take them elsewhere";
  }
  const org = await found(source.organizationId);
  if (org) {
    const access = await findAccess(deps.store, org.id, actor.userId);
    return access && hasPermission(access.membership.permissions, 'manage:org_settings')
      ? null
      : 'you may not manage the settings of the organization they were exported from; enter them again';
  }
  const user = await deps.store.users.findById(actor.userId);
  return content.members.some((m) => m.email === user?.email && m.role === ownerRoleName)
    ? null
    : 'the organization they were exported from is gone and you were not its Owner; enter them again';
}

/** Refuses a document that was edited after its export, or signed under a key this server lacks. */
function verifySignature(deps: DrDeps, input: DrImportInput): void {
  const { signature, ...unsigned } = input.document;
  const verdict = deps.signer.verify(unsigned, signature, input.previousMasterKey);
  if (verdict === 'unknown_key') {
    throw invalidInput(
      'previousMasterKey',
      `the document was signed under master key ${signature.split(':')[1] ?? '?'}, which this server does not hold; give that master key as previousMasterKey`,
    );
  }
  if (verdict === 'altered') {
    throw invalidInput('document.signature', 'does not match the document: it was altered after its export');
  }
}

/** Servers first (new ids), then topologies with their server refs turned into those ids, then templates. */
async function restoreInfrastructure(tx: Repositories, orgId: string, content: DrContent) {
  const ids = new Map<string, string>();
  for (const s of content.servers) {
    const server = await tx.servers.insert({
      organizationId: orgId,
      name: s.name,
      host: s.host,
      port: s.port,
      sshUser: s.sshUser,
      capacity: s.capacity,
      sealedKey: s.secrets.sshPrivateKey,
      sealedPassword: s.secrets.sshPassword,
    });
    ids.set(s.ref, server.id);
  }
  const idOf = (ref: string) => ids.get(ref) ?? ref;
  const id = (ref: string | null) => (ref === null ? null : idOf(ref));
  for (const t of content.topologies) {
    await tx.topologies.insert({
      organizationId: orgId,
      name: t.name,
      description: t.description,
      topologyData: {
        nodes: t.topologyData.nodes.map((n) => ({ ...n, serverId: idOf(n.serverId) })),
        edges: t.topologyData.edges,
      },
      haConfig: { ...t.haConfig, lbServerId: id(t.haConfig.lbServerId), redisServerId: id(t.haConfig.redisServerId) },
    });
  }
  for (const template of content.templates) await tx.templates.insert({ ...template, organizationId: orgId });
  return {
    servers: content.servers.length,
    topologies: content.topologies.length,
    templates: content.templates.length,
  };
}

/**
 * Restores a signed export into a new organization owned by the caller (manage:org_settings in
 * the current one): new ids, the same roles, settings and infrastructure; no other member (they
 * are listed to be invited); the secrets sealed again under this server's key when the caller
 * may hold them (see secretsRefusal), else left out and listed.
 */
export async function restoreDisasterRecovery(
  deps: DrDeps,
  actor: Actor,
  input: DrImportInput,
): Promise<DrImportResult> {
  requirePermission(actor, 'manage:org_settings');
  const { document } = input;
  if (deps.hashContent(document.content) !== document.checksum) {
    throw invalidInput('document.checksum', 'does not match the content: the document was altered or damaged');
  }
  verifySignature(deps, input);
  const { name, slug } = checkedName(input);
  const refusal = await secretsRefusal(deps, actor, input);
  const stripped = refusal ? withoutSecrets(document.content) : undefined;
  const content = stripped?.content ?? document.content;
  const secrets = resealDocumentSecrets(deps, content, input.previousMasterKey);
  const servers = resealServerSecrets(deps, content, input.previousMasterKey);
  const importer = await deps.store.users.findById(actor.userId);
  return withGeneratedSlugRetry(slug, () =>
    commitAndPublish(deps, async (tx, record) => {
      const organization = await insertOrganizationWithOwner(
        tx,
        { name, slug, parentOrganizationId: null, slugBase: content.organization.slug },
        actor.userId,
        content.roles,
      );
      if (content.organization.logoUrl)
        await tx.organizations.update(organization.id, { logoUrl: content.organization.logoUrl });
      const skipped = skippedMembers(content, importer?.email);
      const { secrets: _sealed, ...plain } = content.settings;
      await tx.settings.findForUpdate(organization.id);
      await tx.settings.update(organization.id, { ...plain, sealed: secrets });
      const infrastructure = await restoreInfrastructure(tx, organization.id, { ...content, servers });
      if (content.agency) {
        await tx.agencies.enable(organization.id);
        const { customCss, ...branding } = content.agency.branding;
        await tx.agencies.updateBranding(organization.id, {
          ...branding,
          customCss: customCss === null ? null : deps.css.sanitize(customCss).css,
        });
        await tx.agencies.updatePortalConfig(organization.id, content.agency.portalConfig);
      }
      const serverSecrets = servers
        .flatMap((s) => [s.secrets.sshPrivateKey, s.secrets.sshPassword])
        .filter(Boolean).length;
      const restored = {
        roles: content.roles.length,
        members: 1,
        secrets: Object.values(secrets).filter(Boolean).length + serverSecrets,
        ...infrastructure,
      };
      for (const orgId of new Set([organization.id, actor.organizationId])) {
        await record(actor, {
          organizationId: orgId,
          action: 'disaster_recovery.imported',
          targetType: 'organization',
          targetId: organization.id,
          diff: { source: document.source, checksum: document.checksum, restored },
        });
      }
      const stored = (await tx.organizations.findById(organization.id)) ?? organization;
      return {
        organization: stored,
        restored,
        skippedMembers: skipped,
        skippedSecrets: { names: stripped?.names ?? [], reason: stripped?.names.length ? refusal : null },
      };
    }),
  );
}
