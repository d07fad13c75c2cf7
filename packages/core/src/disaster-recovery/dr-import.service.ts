import { requirePermission, type Actor } from '../auth/actor.js';
import { insertOrganizationWithOwner, withGeneratedSlugRetry } from '../organizations/organization.service.js';
import { orgNameSchema, orgSlugSchema } from '../organizations/organization.schema.js';
import { commitAndPublish } from '../shared/change.js';
import { invalidInput } from '../shared/domain-error.js';
import { defaultDockerSocket } from '../servers/server.schema.js';
import type { Repositories } from '../shared/store.js';
import type { DrContent, DrImportInput, DrImportResult, DrOrganizationContent } from './dr.schema.js';
import { newVerificationToken } from '../portal-domains/portal-domain.rules.js';
import { restoreBackupContent } from '../backups/schedule.dr.js';
import {
  resealDocumentSecrets,
  resealNotificationSecrets,
  resealServerSecrets,
  withoutSecrets,
  type DrDeps,
} from './dr.service.js';
import { restoreNotificationContent } from '../notifications/notification.dr.js';
import { findAccess } from '../auth/agency-access.js';
import { hasPermission } from '../members/permissions.js';
import { ownerRoleName } from '../members/member.rules.js';

/**
 * The exported defaults. The provider's credentials are resealed, and dropped when no key
 * opens them or the importer may not have the secrets; the default server is not restored
 * (servers get new ids): it is set again.
 */
function importedDefaults(
  deps: DrDeps,
  defaults: DrContent['settings']['defaults'],
  previousMasterKey: string | undefined,
  withSecrets: boolean,
) {
  if (!defaults) return {};
  const provider = defaults.dnsProvider;
  const sealed = withSecrets ? provider?.sealedCredentials : null;
  const sealedCredentials = sealed ? (deps.secrets.reseal(sealed, previousMasterKey) ?? null) : null;
  return {
    defaultOdooVersion: defaults.defaultOdooVersion,
    defaultWorkers: defaults.defaultWorkers,
    dnsProvider: provider && { ...provider, sealedCredentials },
  };
}

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

/** What one organization's restore made: counts, the new ids by ref and name, and what it skipped. */
interface Restored {
  servers: number;
  topologies: number;
  templates: number;
  projects: number;
  instances: number;
  serverIds: Map<string, string>;
  templateIds: Map<string, string>;
  /** The restored instances' ids by name (the first of a name), for the schedules. */
  instanceIds: Map<string, string>;
  skipped: DrImportResult['skipped'];
}

/** A slug no instance anywhere has (hostnames are global): the exported one when free, else `-2`, `-3`… */
async function freeInstanceSlug(tx: Repositories, wanted: string): Promise<string> {
  for (let n = 1; ; n += 1) {
    const slug = n === 1 ? wanted : `${wanted.slice(0, 36)}-${n}`;
    if (!(await tx.instances.slugTaken(slug))) return slug;
  }
}

/**
 * Servers first (new ids), then topologies with their server refs turned into those ids,
 * templates, projects, and the instances' definitions (each `stopped`: no data, no container).
 * `agency` gives the ids of the agency's restored servers and templates, where a client's
 * instances run and which templates they were made from; `prefix` names the skipped items.
 */
async function restoreInfrastructure(
  tx: Repositories,
  orgId: string,
  content: DrOrganizationContent,
  agency: Pick<Restored, 'serverIds' | 'templateIds'> | undefined,
  prefix: string,
): Promise<Restored> {
  const ids = new Map<string, string>();
  for (const s of content.servers) {
    const server = await tx.servers.insert({
      organizationId: orgId,
      name: s.name,
      host: s.host,
      port: s.port,
      sshUser: s.sshUser,
      dockerSocket: s.dockerSocket ?? defaultDockerSocket,
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
  const templateIds = new Map<string, string>();
  for (const template of content.templates) {
    const stored = await tx.templates.insert({ ...template, organizationId: orgId });
    if (!templateIds.has(template.name)) templateIds.set(template.name, stored.id);
  }
  const projectIds = new Map<string, string>();
  for (const project of content.projects ?? []) {
    const stored = await tx.projects.insert({ organizationId: orgId, ...project });
    projectIds.set(project.name, stored.id);
  }
  const skipped: DrImportResult['skipped'] = [];
  const instanceIds = new Map<string, string>();
  let instances = 0;
  for (const i of content.instances ?? []) {
    const serverId = i.server === null ? undefined : (ids.get(i.server) ?? agency?.serverIds.get(i.server));
    if (!serverId) {
      skipped.push({
        item: `${prefix}instances.${i.slug}`,
        reason: `its server ${i.serverName} is not in this export (a client's instances run on its agency's servers); create the instance again on a server`,
      });
      continue;
    }
    const templateId =
      i.template === null ? undefined : (templateIds.get(i.template) ?? agency?.templateIds.get(i.template));
    const created = await tx.instances.insert({
      organizationId: orgId,
      templateId: templateId ?? null,
      projectId: i.project === null ? null : (projectIds.get(i.project) ?? null),
      stage: i.stage,
      name: i.name,
      slug: await freeInstanceSlug(tx, i.slug),
      serverId,
      odooVersion: i.odooVersion,
      odooEdition: i.odooEdition,
      workers: i.workers,
      envVars: i.envVars,
      moduleList: i.moduleList,
      cpuLimit: i.cpuLimit,
      memoryLimitMb: i.memoryLimitMb,
    });
    // A definition only: nothing runs until a user starts or redeploys it.
    await tx.instances.update(created.id, { status: 'stopped' });
    if (!instanceIds.has(i.name)) instanceIds.set(i.name, created.id);
    instances += 1;
  }
  return {
    servers: content.servers.length,
    topologies: content.topologies.length,
    templates: content.templates.length,
    projects: content.projects?.length ?? 0,
    instances,
    serverIds: ids,
    templateIds,
    instanceIds,
    skipped,
  };
}

/** An organization's settings, with its secrets resealed as given. */
async function restoreSettings(
  tx: Repositories,
  orgId: string,
  content: DrOrganizationContent,
  secrets: DrOrganizationContent['settings']['secrets'],
  defaults: ReturnType<typeof importedDefaults>,
) {
  const { secrets: _sealed, defaults: _defaults, ...plain } = content.settings;
  await tx.settings.findForUpdate(orgId);
  await tx.settings.update(orgId, { ...plain, ...defaults, sealed: secrets });
}

/** The default template, by its name among the restored templates (the agency's, for a client). */
async function restoreDefaultTemplate(
  tx: Repositories,
  orgId: string,
  content: DrOrganizationContent,
  restored: Pick<Restored, 'templateIds'>,
  agency?: Pick<Restored, 'templateIds'>,
) {
  const name = content.settings.defaults?.defaultTemplate;
  const id = name ? (restored.templateIds.get(name) ?? agency?.templateIds.get(name)) : undefined;
  if (id) await tx.settings.update(orgId, { defaultTemplateId: id });
}

/** How many secrets an organization's restore carried. */
const secretCount = (content: DrOrganizationContent) =>
  Object.values(content.settings.secrets).filter(Boolean).length +
  content.servers.flatMap((s) => [s.secrets.sshPrivateKey, s.secrets.sshPassword]).filter(Boolean).length +
  (content.notifications?.channels ?? []).filter((c) => c.sealedSecret).length;

/** The agency's portal domains, for its restored clients; a host in use here is skipped, named. */
async function restorePortalDomains(
  tx: Repositories,
  agencyId: string,
  domains: NonNullable<DrContent['portalDomains']>,
  clientIds: Map<string, string>,
): Promise<{ count: number; customDomains: number; skipped: DrImportResult['skipped'] }> {
  const skipped: DrImportResult['skipped'] = [];
  let count = 0;
  let customDomains = 0;
  for (const d of domains) {
    const host = d.customDomain ?? d.subdomain ?? '?';
    const clientOrgId = d.client === null ? null : clientIds.get(d.client);
    if (clientOrgId === undefined) {
      skipped.push({ item: `portalDomains.${host}`, reason: `its client ${d.client ?? ''} is not in this export` });
      continue;
    }
    // Read before inserting: after a unique violation the transaction accepts no more queries.
    const taken =
      (d.subdomain !== null && (await tx.portalDomains.findBySubdomain(d.subdomain))) ||
      (d.customDomain !== null && (await tx.portalDomains.findByCustomDomain(d.customDomain)));
    if (taken) {
      skipped.push({
        item: `portalDomains.${host}`,
        reason: `${host} is in use by another portal on this server; remove it there, then add it again to this agency`,
      });
      continue;
    }
    // A subdomain is active at once, as when added; a custom domain proves its DNS here again.
    const subdomainOnly = d.customDomain === null;
    await tx.portalDomains.insert({
      organizationId: agencyId,
      clientOrgId,
      subdomain: d.subdomain,
      customDomain: d.customDomain,
      dnsVerificationToken: newVerificationToken(),
      dnsVerified: subdomainOnly,
      isActive: subdomainOnly,
    });
    count += 1;
    if (!subdomainOnly) customDomains += 1;
  }
  return { count, customDomains, skipped };
}

/** What a restore never brings back, and what to do next. */
function restoreNotes(instances: number, customDomains: number, schedules: number, channels: number): string[] {
  return [
    ...(instances > 0
      ? [
          `${instances} instance definition(s) restored, each stopped: their databases, filestores and containers are not in an export and were not restored. Start or redeploy each (POST /api/instances/{id}/redeploy, or ocore instance redeploy <id>) to deploy it anew with an empty database on its server, then restore its data from a backup.`,
        ]
      : []),
    ...(customDomains > 0
      ? [
          `${customDomains} custom portal domain(s) restored unverified: each passes its DNS check again here (its TXT record and pointing), and its certificate is issued anew.`,
        ]
      : []),
    ...(schedules > 0
      ? [
          `${schedules} backup schedule(s) restored turned off: turn each on again (PUT /api/instances/{id}/backup-schedule, or ocore backup schedule set) once its instance runs with its data.`,
        ]
      : []),
    ...(channels > 0
      ? [
          `${channels} notification channel(s) restored turned off without their secret (a webhook's signing secret or a Slack URL, not carried here): give it again and turn each on (PUT /api/org/notification-channels/{id}).`,
        ]
      : []),
  ];
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
  const notifications = resealNotificationSecrets(deps, content, input.previousMasterKey);
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
      const withSecrets = !refusal;
      await restoreSettings(
        tx,
        organization.id,
        content,
        secrets,
        importedDefaults(deps, content.settings.defaults, input.previousMasterKey, withSecrets),
      );
      const own = await restoreInfrastructure(tx, organization.id, { ...content, servers }, undefined, '');
      await restoreDefaultTemplate(tx, organization.id, content, own);
      const clients = content.clients ?? [];
      if (!content.agency && (clients.length > 0 || (content.portalDomains ?? []).length > 0))
        throw invalidInput('document.content.clients', 'clients and portal domains come only with an agency');
      const clientIds = new Map<string, string>();
      let clientSecrets = 0;
      const infra = { projects: own.projects, instances: own.instances, skipped: [...own.skipped] };
      const alerts = await restoreNotificationContent(
        tx,
        { id: organization.id, isAgency: content.agency !== null },
        notifications,
        'document.content.notifications',
      );
      if (content.agency) {
        await tx.agencies.enable(organization.id);
        const { customCss, ...branding } = content.agency.branding;
        await tx.agencies.updateBranding(organization.id, {
          ...branding,
          customCss: customCss === null ? null : deps.css.sanitize(customCss).css,
        });
        await tx.agencies.updatePortalConfig(organization.id, content.agency.portalConfig);
        for (const [index, client] of clients.entries()) {
          const c = client.content;
          const clientOrg = await insertOrganizationWithOwner(
            tx,
            {
              name: c.organization.name,
              slug: undefined,
              parentOrganizationId: organization.id,
              slugBase: c.organization.slug,
            },
            null,
            c.roles,
          );
          if (c.organization.logoUrl) await tx.organizations.update(clientOrg.id, { logoUrl: c.organization.logoUrl });
          clientIds.set(client.ref, clientOrg.id);
          const resealed = {
            ...c,
            settings: { ...c.settings, secrets: resealDocumentSecrets(deps, c, input.previousMasterKey) },
            servers: resealServerSecrets(deps, c, input.previousMasterKey),
            notifications: resealNotificationSecrets(deps, c, input.previousMasterKey),
          };
          await restoreSettings(
            tx,
            clientOrg.id,
            resealed,
            resealed.settings.secrets,
            importedDefaults(deps, client.content.settings.defaults, input.previousMasterKey, withSecrets),
          );
          const restoredClient = await restoreInfrastructure(tx, clientOrg.id, resealed, own, `clients.${client.ref}.`);
          await restoreDefaultTemplate(tx, clientOrg.id, c, restoredClient, own);
          infra.projects += restoredClient.projects;
          infra.instances += restoredClient.instances;
          infra.skipped.push(...restoredClient.skipped);
          const clientAlerts = await restoreNotificationContent(
            tx,
            { id: clientOrg.id, isAgency: false },
            resealed.notifications,
            `document.content.clients.${index}.content.notifications`,
          );
          alerts.channels += clientAlerts.channels;
          alerts.rules += clientAlerts.rules;
          alerts.withoutSecret += clientAlerts.withoutSecret;
          clientSecrets += secretCount(resealed);
          skipped.push(
            ...c.members.map((m) => ({
              email: m.email,
              reason: `not added to the client ${c.organization.name}: an import makes no one a member without their consent; invite them`,
            })),
          );
        }
      }
      const domains = await restorePortalDomains(tx, organization.id, content.portalDomains ?? [], clientIds);
      const backups = await restoreBackupContent(
        tx,
        organization.id,
        content,
        { servers: own.serverIds, instances: own.instanceIds },
        (sealed) => deps.secrets.reseal(sealed, input.previousMasterKey) ?? null,
      );
      const restored = {
        roles: content.roles.length,
        members: 1,
        secrets:
          secretCount({ ...content, servers, notifications, settings: { ...content.settings, secrets } }) +
          clientSecrets,
        servers: own.servers,
        topologies: own.topologies,
        templates: own.templates,
        projects: infra.projects,
        instances: infra.instances,
        clients: clients.length,
        portalDomains: domains.count,
        backupDestinations: backups.destinations,
        backupSchedules: backups.schedules,
        notificationChannels: alerts.channels,
        notificationRules: alerts.rules,
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
        skipped: [...infra.skipped, ...domains.skipped, ...backups.skipped],
        notes: restoreNotes(infra.instances, domains.customDomains, backups.schedules, alerts.withoutSecret),
        skippedSecrets: { names: stripped?.names ?? [], reason: stripped?.names.length ? refusal : null },
      };
    }),
  );
}
