import { requirePermission, type Actor } from '../auth/actor.js';
import { settingsOrDefaults, type SettingsDeps } from '../org-settings/org-settings.service.js';
import { secretSettings, type SecretSettingName } from '../org-settings/org-settings.rules.js';
import { commitAndPublish } from '../shared/change.js';
import { pickFields } from '../shared/fields.js';
import { generalSettingFields } from '../org-settings/org-settings.schema.js';
import { hiddenInfrastructureFor, redactInfrastructure } from '../servers/infrastructure-redaction.js';
import { invalidInput, notFound } from '../shared/domain-error.js';
import { drFormat, drVersion, type DrContent, type DrDocument, type DrOrganizationContent } from './dr.schema.js';
import type { CssSanitizer } from '../agency/agency.ports.js';
import type { DocumentSigner } from './dr.ports.js';
import { brandingValuesOf, portalConfigValuesOf } from '../agency/agency.schema.js';
import { collectBackupContent, sealedBackupCredentials, withoutBackupCredentials } from '../backups/schedule.dr.js';
import {
  collectNotificationContent,
  sealedNotificationSecrets,
  withoutNotificationSecrets,
} from '../notifications/notification.dr.js';

/** Sorted by what the document shows, so that a restore (new ids, one timestamp) exports in the same order. */
const byContent = <T>(items: readonly T[], key: (item: T) => string) =>
  [...items].sort((a, b) => key(a).localeCompare(key(b)));

export interface DrDeps extends SettingsDeps {
  /** Custom CSS in a restored branding is sanitized again, as an edited document may hold anything. */
  css: CssSanitizer;
  /** sha256 (hex) of the canonical JSON of a value. */
  hashContent(value: unknown): string;
  /** Signs exports and checks imports under a key derived from the master key. */
  signer: DocumentSigner;
}

const secretNames = Object.keys(secretSettings) as SecretSettingName[];

/** A server of the document: its `ref`, and its name for instances on a server the document lacks. */
type ServerRefs = Map<string, string>;

/**
 * Everything an export holds of one organization. A client's instances run on its agency's
 * servers: `agencyRefs` names those (inside an agency's export); a server in neither is null.
 */
async function collectOrganization(
  deps: DrDeps,
  organizationId: string,
  agency: { refs: ServerRefs; templateNames: Map<string, string> } = { refs: new Map(), templateNames: new Map() },
): Promise<{ content: DrOrganizationContent; refs: ServerRefs; templateNames: Map<string, string> }> {
  const org = await deps.store.organizations.findById(organizationId);
  if (!org) throw notFound('Organization');
  const [roles, members, stored, serverList, topologyList, templateList, projectList, instanceList, notifications] =
    await Promise.all([
      deps.store.roles.list(organizationId),
      deps.store.members.list(organizationId),
      deps.store.settings.find(organizationId),
      deps.store.servers.list(organizationId),
      deps.store.topologies.list(organizationId),
      deps.store.templates.listVisible(organizationId, null),
      deps.store.projects.list(organizationId),
      deps.store.instances.list(organizationId),
      collectNotificationContent(deps.store, organizationId),
    ]);
  const servers = byContent(serverList, (s) => JSON.stringify([s.name, s.host, s.port, s.sshUser]));
  const topologies = byContent(topologyList, (t) => JSON.stringify([t.name, t.description]));
  const templates = byContent(templateList, (t) => JSON.stringify([t.name, t.odooVersion, t.odooEdition]));
  const projects = byContent(projectList, (p) => p.name);
  const instances = byContent(instanceList, (i) => JSON.stringify([i.name, i.slug]));
  // Ids change on import, so servers are named by position and topologies by those names.
  const serverRef = (index: number) => `server-${index + 1}`;
  const refs: ServerRefs = new Map(servers.map((s, i) => [s.id, serverRef(i)]));
  const refOf = (id: string) => refs.get(id) ?? id;
  const ref = (id: string | null) => (id === null ? null : refOf(id));
  const projectNames = new Map(projectList.map((p) => [p.id, p.name]));
  const templateNames = new Map(templateList.map((t) => [t.id, t.name]));
  const settings = settingsOrDefaults(organizationId, stored);
  const content: DrOrganizationContent = {
    organization: { name: org.name, slug: org.slug, logoUrl: org.logoUrl },
    roles: roles.map((r) => ({ name: r.name, isSystem: r.isSystem, permissions: [...r.permissions].sort() })),
    members: members
      .map((m) => ({ email: m.email, name: m.name, role: m.role }))
      .sort((a, b) => a.email.localeCompare(b.email)),
    settings: {
      ...pickFields(settings, generalSettingFields),
      secrets: { ...settings.sealed },
      defaults: {
        defaultServer:
          settings.defaultServerId && refs.has(settings.defaultServerId) ? refOf(settings.defaultServerId) : null,
        defaultTemplate: settings.defaultTemplateId
          ? (templateNames.get(settings.defaultTemplateId) ??
            agency.templateNames.get(settings.defaultTemplateId) ??
            null)
          : null,
        defaultOdooVersion: settings.defaultOdooVersion,
        defaultWorkers: settings.defaultWorkers,
        dnsProvider: settings.dnsProvider,
      },
    },
    servers: servers.map((s, i) => ({
      ref: serverRef(i),
      name: s.name,
      host: s.host,
      port: s.port,
      sshUser: s.sshUser,
      dockerSocket: s.dockerSocket,
      capacity: s.capacity,
      secrets: { sshPrivateKey: s.sealedKey, sshPassword: s.sealedPassword },
    })),
    topologies: topologies.map((t) => ({
      name: t.name,
      description: t.description,
      topologyData: {
        nodes: t.topologyData.nodes.map((n) => ({ ...n, serverId: refOf(n.serverId) })),
        edges: t.topologyData.edges,
      },
      haConfig: { ...t.haConfig, lbServerId: ref(t.haConfig.lbServerId), redisServerId: ref(t.haConfig.redisServerId) },
    })),
    templates: templates.map((t) => ({
      name: t.name,
      description: t.description,
      odooVersion: t.odooVersion,
      odooEdition: t.odooEdition,
      defaultWorkers: t.defaultWorkers,
      defaultEnvVars: t.defaultEnvVars,
      moduleList: t.moduleList,
      cpuLimit: t.cpuLimit,
      memoryLimitMb: t.memoryLimitMb,
      isPublic: t.isPublic,
    })),
    projects: projects.map((p) => ({ name: p.name, description: p.description })),
    instances: instances.map((i) => ({
      name: i.name,
      slug: i.slug,
      project: i.projectId === null ? null : (projectNames.get(i.projectId) ?? null),
      stage: i.stage,
      server: refs.get(i.serverId) ?? agency.refs.get(i.serverId) ?? null,
      serverName: i.serverName,
      template:
        i.templateId === null
          ? null
          : (templateNames.get(i.templateId) ?? agency.templateNames.get(i.templateId) ?? null),
      odooVersion: i.odooVersion,
      odooEdition: i.odooEdition,
      workers: i.workers,
      envVars: i.envVars,
      moduleList: i.moduleList,
      cpuLimit: i.cpuLimit,
      memoryLimitMb: i.memoryLimitMb,
    })),
    notifications,
  };
  return { content, refs, templateNames };
}

/** Every client of the agency, whatever their number (the repository pages them). */
async function allClients(deps: DrDeps, agencyId: string) {
  const clients = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.agencies.listClients(agencyId, {
      sort: 'createdAt',
      direction: 'desc',
      limit: 100,
      cursor,
    });
    clients.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return clients;
}

/**
 * Everything an export holds for the organization; for an agency, its branding and portal
 * configuration, its clients (each with its own content) and its portal domains.
 */
async function collectContent(deps: DrDeps, organizationId: string): Promise<DrContent> {
  const org = await deps.store.organizations.findById(organizationId);
  if (!org) throw notFound('Organization');
  const { content, refs, templateNames } = await collectOrganization(deps, organizationId);
  const backups = await collectBackupContent(deps.store, organizationId, (serverId) => refs.get(serverId) ?? serverId);
  if (!org.agencyEnabled) return { ...content, agency: null, ...backups };
  const [branding, portalConfig, clientList, domainList] = await Promise.all([
    deps.store.agencies.findBranding(organizationId),
    deps.store.agencies.findPortalConfig(organizationId),
    allClients(deps, organizationId),
    deps.store.portalDomains.list(organizationId),
  ]);
  const sorted = byContent(clientList, (c) => JSON.stringify([c.name, c.slug]));
  const clientRefs = new Map(sorted.map((c, i) => [c.id, `client-${i + 1}`]));
  const clients = [];
  for (const client of sorted) {
    const nested = await collectOrganization(deps, client.id, { refs, templateNames });
    clients.push({ ref: clientRefs.get(client.id) ?? client.id, content: nested.content });
  }
  const portalDomains = byContent(
    domainList.map((d) => ({
      client: d.clientOrgId === null ? null : (clientRefs.get(d.clientOrgId) ?? null),
      subdomain: d.subdomain,
      customDomain: d.customDomain,
    })),
    (d) => JSON.stringify([d.subdomain, d.customDomain]),
  );
  return {
    ...content,
    agency:
      branding && portalConfig
        ? {
            branding: brandingValuesOf(branding),
            portalConfig: portalConfigValuesOf(portalConfig),
          }
        : null,
    ...backups,
    clients,
    portalDomains,
  };
}

/**
 * A client organization's own members export without the secrets stored in it: the agency's
 * operators store SSH credentials and keys there that the client's members never saw, and a
 * document is a copy that outlives their membership. The agency's operators export them.
 */
function withholdsSecrets(actor: Actor): boolean {
  return actor.agencyOrganizationId !== null && !actor.viaAgency;
}

/** One organization's content without its secrets, and the names of those left out (under `prefix`). */
function organizationWithoutSecrets<C extends DrOrganizationContent>(
  content: C,
  prefix: string,
): { content: C; names: string[] } {
  const names = [
    ...secretNames.filter((n) => content.settings.secrets[n] != null).map((n) => `${prefix}settings.${n}`),
    ...content.servers.flatMap((s) =>
      (['sshPrivateKey', 'sshPassword'] as const)
        .filter((f) => s.secrets[f] !== null)
        .map((f) => `${prefix}servers.${s.ref}.${f}`),
    ),
  ];
  const notifications = content.notifications && withoutNotificationSecrets(content.notifications, prefix);
  const none = Object.fromEntries(secretNames.map((n) => [n, null])) as DrContent['settings']['secrets'];
  return {
    content: {
      ...content,
      settings: { ...content.settings, secrets: none },
      servers: content.servers.map((s) => ({ ...s, secrets: { sshPrivateKey: null, sshPassword: null } })),
      ...(notifications && { notifications: notifications.notifications }),
    },
    names: [...names, ...(notifications?.names ?? [])],
  };
}

/** The content without its secrets (its clients' included), and the names of those left out. */
export function withoutSecrets(content: DrContent): { content: DrContent; names: string[] } {
  const own = organizationWithoutSecrets(content, '');
  const backups = withoutBackupCredentials(content);
  const clients = (content.clients ?? []).map((c) => ({
    ref: c.ref,
    ...organizationWithoutSecrets(c.content, `clients.${c.ref}.`),
  }));
  return {
    content: {
      ...own.content,
      ...(content.backupDestinations && { backupDestinations: backups.backupDestinations }),
      ...(content.clients && { clients: clients.map((c) => ({ ref: c.ref, content: c.content })) }),
    },
    names: [...own.names, ...backups.names, ...clients.flatMap((c) => c.names)],
  };
}

/** What the caller may export: without the secrets when they are a client's own member. */
async function exportableContent(deps: DrDeps, actor: Actor): Promise<{ content: DrContent; withheld: string[] }> {
  const full = await collectContent(deps, actor.organizationId);
  if (!withholdsSecrets(actor)) return { content: full, withheld: [] };
  const { content, names } = withoutSecrets(full);
  // Nor where the servers are, when the agency hides that from its clients.
  const hidden = await hiddenInfrastructureFor(deps, actor);
  if (!hidden) return { content, withheld: names };
  const addresses = content.servers.flatMap((s) => [`servers.${s.ref}.host`, `servers.${s.ref}.sshUser`]);
  return { content: redactInfrastructure(content, hidden), withheld: [...names, ...addresses] };
}

function sealedValues(content: DrContent): string[] {
  const of = (c: DrOrganizationContent) => [
    ...secretNames.map((n) => c.settings.secrets[n]),
    ...c.servers.flatMap((s) => [s.secrets.sshPrivateKey, s.secrets.sshPassword]),
    ...sealedNotificationSecrets(c.notifications),
  ];
  return [
    ...[...of(content), ...(content.clients ?? []).flatMap((c) => of(c.content))].filter(
      (v): v is string => typeof v === 'string',
    ),
    ...sealedBackupCredentials(content),
  ];
}

/** What an export would contain, its size, and the last export (manage:org_settings). */
export async function getDrInfo(deps: DrDeps, actor: Actor) {
  requirePermission(actor, 'manage:org_settings');
  const { content } = await exportableContent(deps, actor);
  const settings = await deps.store.settings.find(actor.organizationId);
  const last = settings?.lastExport ?? null;
  const author = last ? await deps.store.users.findById(last.userId) : undefined;
  return {
    counts: {
      roles: content.roles.length,
      members: content.members.length,
      settings: 1,
      secrets: sealedValues(content).length,
      servers: content.servers.length,
      topologies: content.topologies.length,
      templates: content.templates.length,
      backupDestinations: content.backupDestinations?.length ?? 0,
      backupSchedules: content.backupSchedules?.length ?? 0,
      projects: content.projects?.length ?? 0,
      instances: content.instances?.length ?? 0,
      clients: content.clients?.length ?? 0,
      portalDomains: content.portalDomains?.length ?? 0,
      notificationChannels: content.notifications?.channels.length ?? 0,
    },
    sizeEstimateBytes: Buffer.byteLength(JSON.stringify(content)) + 512,
    lastExport: last && { ...last, email: author?.email ?? null, name: author?.name ?? null },
    format: drFormat,
    version: drVersion,
  };
}

/**
 * A versioned, checksummed and signed snapshot of the organization's configuration; secrets stay
 * sealed, and are left out for a client's own members.
 */
export async function exportDisasterRecovery(deps: DrDeps, actor: Actor): Promise<DrDocument> {
  requirePermission(actor, 'manage:org_settings');
  const { content, withheld } = await exportableContent(deps, actor);
  const org = await deps.store.organizations.findById(actor.organizationId);
  const exportedAt = deps.clock.now().toISOString();
  const unsigned: Omit<DrDocument, 'signature'> = {
    format: drFormat,
    version: drVersion,
    exportedAt,
    source: {
      organizationId: actor.organizationId,
      slug: org?.slug ?? content.organization.slug,
      agencyOrganizationId: actor.agencyOrganizationId,
    },
    keyIds: [...new Set(sealedValues(content).map((v) => deps.secrets.keyIdOf(v)))],
    content,
    checksum: deps.hashContent(content),
    withheldSecrets: withheld,
  };
  const document: DrDocument = { ...unsigned, signature: deps.signer.sign(unsigned) };
  await commitAndPublish(deps, async (tx, record) => {
    await tx.settings.findForUpdate(actor.organizationId);
    await tx.settings.update(actor.organizationId, { lastExport: { at: exportedAt, userId: actor.userId } });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'disaster_recovery.exported',
      targetType: 'organization',
      targetId: actor.organizationId,
      diff: {
        checksum: document.checksum,
        counts: {
          roles: content.roles.length,
          members: content.members.length,
          instances: content.instances?.length ?? 0,
          clients: content.clients?.length ?? 0,
        },
        ...(withheld.length ? { withheldSecrets: withheld.length } : {}),
      },
    });
  });
  return document;
}

/** The document's secrets sealed under this server's current key; refuses what cannot be opened. */
function resealOne(deps: DrDeps, sealed: string | null | undefined, previousKey: string | undefined): string | null {
  if (!sealed) return null;
  const resealed = deps.secrets.reseal(sealed, previousKey);
  if (resealed === undefined) {
    throw invalidInput(
      'previousMasterKey',
      `the document's secrets were sealed under key ${deps.secrets.keyIdOf(sealed)}, which this server does not hold; give that master key as previousMasterKey`,
    );
  }
  return resealed;
}

/** The document's settings secrets sealed under this server's current key. */
export function resealDocumentSecrets(
  deps: DrDeps,
  content: DrOrganizationContent,
  previousKey: string | undefined,
): DrContent['settings']['secrets'] {
  const out = { ...content.settings.secrets };
  for (const name of secretNames) out[name] = resealOne(deps, out[name], previousKey);
  return out;
}

/** The document's servers with their credentials sealed under this server's current key. */
export function resealServerSecrets(
  deps: DrDeps,
  content: DrOrganizationContent,
  previousKey: string | undefined,
): DrContent['servers'] {
  return content.servers.map((s) => ({
    ...s,
    secrets: {
      sshPrivateKey: resealOne(deps, s.secrets.sshPrivateKey, previousKey),
      sshPassword: resealOne(deps, s.secrets.sshPassword, previousKey),
    },
  }));
}

/** The document's notification channels with their secrets sealed under this server's current key. */
export function resealNotificationSecrets(
  deps: DrDeps,
  content: DrOrganizationContent,
  previousKey: string | undefined,
): DrContent['notifications'] {
  const notifications = content.notifications;
  return (
    notifications && {
      ...notifications,
      channels: notifications.channels.map((c) => ({
        ...c,
        sealedSecret: resealOne(deps, c.sealedSecret, previousKey),
      })),
    }
  );
}
