import { requirePermission, type Actor } from '../auth/actor.js';
import { insertOrganizationWithOwner, withGeneratedSlugRetry } from '../organizations/organization.service.js';
import { orgNameSchema, orgSlugSchema } from '../organizations/organization.schema.js';
import { commitAndPublish } from '../shared/change.js';
import { invalidInput } from '../shared/domain-error.js';
import type { Repositories } from '../shared/store.js';
import type { DrContent, DrImportInput, DrImportResult } from './dr.schema.js';
import { resealDocumentSecrets, resealServerSecrets, type DrDeps } from './dr.service.js';

function checkedName(input: DrImportInput): { name: string; slug: string | undefined } {
  const name = orgNameSchema.safeParse(input.name ?? input.document.content.organization.name);
  if (!name.success) throw invalidInput('name', name.error.issues[0]?.message ?? 'is invalid');
  if (input.slug === undefined) return { name: name.data, slug: undefined };
  const slug = orgSlugSchema.safeParse(input.slug);
  if (!slug.success) throw invalidInput('slug', slug.error.issues[0]?.message ?? 'is invalid');
  return { name: name.data, slug: slug.data };
}

async function restoreMembers(tx: Repositories, orgId: string, importerId: string, content: DrContent) {
  const skipped: DrImportResult['skippedMembers'] = [];
  let restored = 0;
  for (const member of content.members) {
    const user = await tx.users.findByEmail(member.email);
    if (!user) {
      skipped.push({ email: member.email, reason: 'no registered user has this email on this server' });
      continue;
    }
    const role = await tx.roles.findByRef(orgId, member.role);
    if (!role) {
      skipped.push({ email: member.email, reason: `role ${member.role} is not in the document` });
      continue;
    }
    if (user.id === importerId) {
      // The importer is the new organization's Owner whatever the document says.
      restored += 1;
      continue;
    }
    await tx.members.add(orgId, user.id, role.id);
    restored += 1;
  }
  return { restored, skipped };
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
 * Restores an export into a new organization owned by the caller (manage:org_settings in
 * the current one): new ids, the same roles, members who are registered here, settings,
 * and secrets sealed again under this server's key.
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
  const { name, slug } = checkedName(input);
  const content = document.content;
  const secrets = resealDocumentSecrets(deps, content, input.previousMasterKey);
  const servers = resealServerSecrets(deps, content, input.previousMasterKey);
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
      const members = await restoreMembers(tx, organization.id, actor.userId, content);
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
        members: members.restored,
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
      return { organization: stored, restored, skippedMembers: members.skipped };
    }),
  );
}
