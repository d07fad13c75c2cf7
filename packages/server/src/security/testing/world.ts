import { sql } from 'kysely';
import { password, unique, type SecurityApp } from './security-app.js';
import { signTestToken, tokenOrganization } from './tokens.js';

/**
 * An organization someone acts in, with one of each kind of object, all named after the
 * organization's label so that a leak of any of them into another's answer is recognized.
 */
export interface Home {
  label: string;
  orgId: string;
  /** A token with every right here: the Owner's, or in a client the agency operator's. */
  token: string;
  /** A full-rights token of the agency that owns this home's portal domains and clients. */
  agencyToken: string;
  inClient: boolean;
  serverId: string;
  topologyId: string;
  /** A topology that calls are free to change (the isolation test reads `topologyId` back). */
  scratchTopologyId: string;
  /** A topology with a queued deployment (jobs are off, so it stays queued). */
  deployedTopologyId: string;
  templateId: string;
  publicTemplateId: string;
  instanceId: string;
  /** A project of the organization (instances group into projects by stage). */
  projectId: string;
  /** A backup destination of the organization (the server's own disk). */
  destinationId: string;
  /** A backup of the instance (jobs are off, so it stays pending). */
  backupId: string;
  /** A custom domain of the instance (pending: never checked). */
  instanceDomainId: string;
  /** A notification channel of the organization (email). */
  channelId: string;
  memberUserId: string;
  memberEmail: string;
  /** The member's own token (from signup): passkeys and their challenges are the user's. */
  memberToken: string;
  /** A passkey of the member (written to the table directly: making one takes an authenticator). */
  passkeyId: string;
  /** A pending passkey registration challenge of the member. */
  challengeId: string;
  /** An open invitation of this organization. */
  invitationId: string;
  /** An API key of this organization. */
  apiKeyId: string;
  /** The member's sign-in session. */
  sessionId: string;
  viewerRoleId: string;
  /** A portal domain of the agency (bound to this client, for a client). */
  domainId: string | null;
  /** A client of the agency (this very client, for a client). */
  clientId: string | null;
  /** Texts only this organization's data contains: ids, names, emails. */
  fingerprints: string[];
}

export type Call = (
  what: string,
  status: number,
  method: string,
  path: string,
  token: string,
  body?: unknown,
) => Promise<any>;

/** Calls the API and throws unless it answers `status`. */
export function caller(t: SecurityApp): Call {
  return async (what, status, method, path, token, body) => {
    const res = await t.api(method, path, { token, ...(body === undefined ? {} : { body }) });
    if (res.status !== status)
      throw new Error(`${what}: ${method} ${path} answered ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
}

export const capacity = { cpuCores: 8, memoryMb: 16384, maxInstances: 1000 };
/** The smallest topology that passes validation: Odoo and its database on one server. */
export const graphOn = (serverId: string) => ({
  nodes: [
    { id: 'odoo-1', kind: 'odoo', serverId },
    { id: 'pg-1', kind: 'postgres', serverId },
  ],
  edges: [{ id: 'odoo-db', source: 'odoo-1', target: 'pg-1' }],
});

/** Makes objects in a home; each answers with its id, and `names` keeps every name given. */
export function objectMaker(t: SecurityApp, label: string, token: string) {
  const call = caller(t);
  const names: string[] = [];
  const name = (kind: string) => {
    const made = unique(`${label}-${kind}`).toLowerCase();
    names.push(made);
    return made;
  };
  return {
    names,
    server: async () =>
      (
        await call('server', 201, 'POST', '/api/servers', token, {
          name: name('server'),
          host: '127.0.0.5',
          sshPassword: `${label}-ssh-pass`,
          capacity,
        })
      ).id as string,
    topology: async (serverId: string) =>
      (
        await call('topology', 201, 'POST', '/api/topologies', token, {
          name: name('topology'),
          topologyData: graphOn(serverId),
        })
      ).id as string,
    deployed: async (topologyId: string) =>
      void (await call('deploy', 202, 'POST', `/api/topologies/${topologyId}/deploy`, token)),
    template: async (isPublic: boolean) =>
      (
        await call('template', 201, 'POST', '/api/templates', token, {
          name: name(isPublic ? 'public-template' : 'template'),
          odooVersion: '18.0',
          isPublic,
        })
      ).id as string,
    instance: async (templateId: string, serverId: string) =>
      (
        await call('instance', 201, 'POST', `/api/templates/${templateId}/provision`, token, {
          serverId,
          name: name('instance'),
        })
      ).id as string,
    destination: async (serverId: string) =>
      (
        await call('destination', 201, 'POST', '/api/backup-destinations', token, {
          name: name('destination'),
          kind: 'server',
          server: { serverId, directory: '/var/backups/ocore' },
        })
      ).id as string,
    backup: async (instanceId: string, destinationId: string) =>
      (await call('backup', 202, 'POST', `/api/instances/${instanceId}/backups`, token, { destinationId }))
        .id as string,
    channel: async () =>
      (
        await call('notification channel', 201, 'POST', '/api/org/notification-channels', token, {
          name: name('channel'),
          kind: 'email',
          addresses: ['ops@example.test'],
        })
      ).id as string,
    instanceDomain: async (instanceId: string) =>
      (
        await call('instance domain', 201, 'POST', `/api/instances/${instanceId}/domains`, token, {
          domain: `${name('dom').replace(/[^a-z0-9-]/g, '')}.example.test`,
        })
      ).id as string,
    project: async () =>
      (await call('project', 201, 'POST', '/api/projects', token, { name: name('project') })).id as string,
    member: async () => {
      const user = await call('signup', 201, 'POST', '/api/auth/signup', '', {
        email: `${name('member')}@example.com`,
        password,
        name: name('member-name'),
      });
      await t.addMember(token, user.user.email, 'Viewer');
      return { userId: user.user.id as string, email: user.user.email as string, token: user.token as string };
    },
    domain: async (clientOrgId: string | null) =>
      (
        await call('domain', 201, 'POST', '/api/agency/portal-domains', token, {
          subdomain: name('d')
            .replace(/[^a-z0-9]/g, '')
            .slice(-30),
          ...(clientOrgId ? { clientOrgId } : {}),
        })
      ).id as string,
    client: async () =>
      (await call('client', 201, 'POST', '/api/agency/clients', token, { name: name('client') })).id as string,
    /** Gives the organization a unique name and slug. */
    rename: async () => {
      const slug = name('org')
        .replace(/[^a-z0-9-]/g, '-')
        .slice(-40);
      names.push(slug);
      await call('rename', 200, 'PUT', '/api/org', token, { name: slug, slug });
    },
  };
}

/** A passkey row for a user; registering one for real takes a WebAuthn authenticator. */
export async function insertPasskey(t: SecurityApp, userId: string, name: string): Promise<string> {
  const { rows } = await sql<{
    id: string;
  }>`insert into passkeys (user_id, credential_id, public_key, name) values (${userId}, ${unique('credential')}, ${'not-a-key'}, ${name}) returning id`.execute(
    t.app.deps.database.db,
  );
  return rows[0]!.id;
}

export type HomeKind = 'agency' | 'client' | 'standalone';

/**
 * Fills an organization with one object of each kind. An agency gets a portal domain bound
 * to `clientId`; a client gets one from its agency, bound to itself.
 */
export async function populate(
  t: SecurityApp,
  org: { label: string; kind: HomeKind; orgId: string; token: string; agencyToken?: string; clientId?: string },
): Promise<Home> {
  const make = objectMaker(t, org.label, org.token);
  const agencyToken = org.agencyToken ?? org.token;
  const agencyMake = objectMaker(t, org.label, agencyToken);
  await make.rename();
  const serverId = await make.server();
  const topologyId = await make.topology(serverId);
  const scratchTopologyId = await make.topology(serverId);
  const deployedTopologyId = await make.topology(serverId);
  await make.deployed(deployedTopologyId);
  const templateId = await make.template(false);
  const publicTemplateId = await make.template(true);
  const instanceId = await make.instance(templateId, serverId);
  const projectId = await make.project();
  const destinationId = await make.destination(serverId);
  const backupId = await make.backup(instanceId, destinationId);
  const instanceDomainId = await make.instanceDomain(instanceId);
  const channelId = await make.channel();
  const member = await make.member();
  const roles = await caller(t)('roles', 200, 'GET', '/api/org/roles', org.token);
  const viewerRoleId = (roles.items as { id: string; name: string }[]).find((r) => r.name === 'Viewer')!.id;
  const clientId = org.kind === 'client' ? org.orgId : (org.clientId ?? null);
  const domainId = org.kind === 'standalone' ? null : await agencyMake.domain(clientId);
  // Asked for before the member has a passkey: from a password session, a first one takes the password.
  const challengeId = (
    await caller(t)('passkey options', 200, 'POST', '/api/auth/passkeys/register/options', member.token, { password })
  ).challengeId as string;
  const passkeyId = await insertPasskey(t, member.userId, `${org.label}-passkey`);
  const invitationId = (
    await caller(t)('invite', 201, 'POST', '/api/org/invitations', org.token, {
      email: `${unique(`${org.label}-invitee`)}@example.com`,
      role: 'Viewer',
    })
  ).id as string;
  const apiKeyId = (
    await caller(t)('api key', 201, 'POST', '/api/org/api-keys', org.token, {
      name: `${org.label}-key`,
      role: 'Viewer',
    })
  ).id as string;
  const sessionId = (await caller(t)('sessions', 200, 'GET', '/api/auth/sessions', member.token)).items[0].id as string;
  const ids = [
    org.orgId,
    invitationId,
    apiKeyId,
    sessionId,
    serverId,
    topologyId,
    scratchTopologyId,
    deployedTopologyId,
    templateId,
    publicTemplateId,
    instanceId,
    projectId,
    destinationId,
    backupId,
    instanceDomainId,
    channelId,
    member.userId,
    viewerRoleId,
    passkeyId,
    challengeId,
  ];
  return {
    label: org.label,
    orgId: org.orgId,
    token: org.token,
    agencyToken,
    inClient: org.kind === 'client',
    serverId,
    topologyId,
    scratchTopologyId,
    deployedTopologyId,
    templateId,
    publicTemplateId,
    instanceId,
    projectId,
    destinationId,
    backupId,
    instanceDomainId,
    channelId,
    memberUserId: member.userId,
    memberEmail: member.email,
    // A passkey session: the member has a passkey, and only such a session may ask to add another.
    memberToken: await signTestToken({
      userId: member.userId,
      organizationId: tokenOrganization(member.token),
      passkey: true,
      sessionId,
    }),
    passkeyId,
    challengeId,
    invitationId,
    apiKeyId,
    sessionId,
    viewerRoleId,
    domainId,
    clientId,
    fingerprints: [...ids, ...make.names, member.email, `${org.label}-ssh-pass`],
  };
}

export interface World {
  /** An agency, with system-role members for the permission table. */
  agency: Home;
  /** A client of `agency`: its operator acts here, and so does a member of its own. */
  client: Home;
  /** Another client of `agency`. */
  sibling: Home;
  /** Another agency, and its client. */
  otherAgency: Home;
  otherClient: Home;
  /** An organization that is nobody's agency or client. */
  standalone: Home;
  owner: { token: string; email: string; userId: string };
  /** A member of `client` with its Admin role (not an operator). */
  clientMember: { token: string; userId: string; email: string };
}

/** Two agencies with a client each (the first with two), a standalone organization, all populated. */
export async function buildWorld(t: SecurityApp): Promise<World> {
  const call = caller(t);
  const owner = await t.agency('Agency Owner');
  const first = await t.client(owner, 'First Client');
  const second = await t.client(owner, 'Second Client');
  const otherOwner = await t.agency('Other Agency Owner');
  const otherClient = await t.client(otherOwner, 'Other Client');
  const standalone = await t.signup('Standalone Owner');
  // Their tokens create API keys, which wait for a verified address.
  for (const person of [owner, otherOwner, standalone]) await t.verify(person.user.email);

  const agency = await populate(t, {
    label: 'agencyA',
    kind: 'agency',
    orgId: owner.organization.id,
    token: owner.token,
    clientId: first.id,
  });
  const client = await populate(t, {
    label: 'clientA1',
    kind: 'client',
    orgId: first.id,
    token: first.operatorToken,
    agencyToken: owner.token,
  });
  const sibling = await populate(t, {
    label: 'clientA2',
    kind: 'client',
    orgId: second.id,
    token: second.operatorToken,
    agencyToken: owner.token,
  });
  const other = await populate(t, {
    label: 'agencyB',
    kind: 'agency',
    orgId: otherOwner.organization.id,
    token: otherOwner.token,
    clientId: otherClient.id,
  });
  const otherC = await populate(t, {
    label: 'clientB1',
    kind: 'client',
    orgId: otherClient.id,
    token: otherClient.operatorToken,
    agencyToken: otherOwner.token,
  });
  const alone = await populate(t, {
    label: 'standaloneV',
    kind: 'standalone',
    orgId: standalone.organization.id,
    token: standalone.token,
  });

  const member = await t.signup('Client Admin');
  await t.addMember(first.operatorToken, member.user.email, 'Admin');
  const switched = await call('client member switch', 200, 'POST', '/api/auth/switch-org', member.token, {
    organizationId: first.id,
  });
  return {
    agency,
    client,
    sibling,
    otherAgency: other,
    otherClient: otherC,
    standalone: alone,
    owner: { token: owner.token, email: owner.user.email, userId: owner.user.id },
    clientMember: { token: switched.token, userId: member.user.id, email: member.user.email },
  };
}
