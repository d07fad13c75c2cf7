import { randomUUID } from 'node:crypto';
import type { Permission } from '@ocore/core';
import { capacity, graphOn, type Home } from './world.js';
import { password, unique } from './security-app.js';
import type { Scope } from './scope.js';

/**
 * THE CONTRACT: for every procedure of the router, who may call it, how to call it, and
 * which of its input fields hold ids of other objects. The permission test checks every
 * caller against it, the isolation test feeds other organizations' ids into every id
 * field, and a procedure missing here fails both. ARCHITECTURE.md's operations table is the
 * floor: each entry names its row there (`doc`), and must ask at least what the row says.
 */

export type Need =
  | { kind: 'public' }
  /** Any valid token, with or without a current organization. */
  | { kind: 'signed-in' }
  /** Membership (or operator access) of the current organization. */
  | { kind: 'member' }
  | { kind: 'owner' }
  | { kind: 'permission'; all: Permission[] };

export interface Refusal {
  status: number;
  error: string;
}

export type IdKind =
  | 'organization'
  | 'server'
  | 'topology'
  | 'template'
  | 'instance'
  | 'project'
  | 'destination'
  | 'backup'
  | 'instanceDomain'
  | 'channel'
  | 'member'
  | 'role'
  | 'client'
  | 'portalDomain'
  | 'passkey'
  | 'challenge'
  | 'invitation'
  | 'apiKey'
  | 'session';

/**
 * An id field; `reference` fields may be stored as given but must never be resolved across
 * organizations; `refused` fields answer another organization's id with that refusal (a setting
 * or rule naming an object that is not the caller's, a rule checked before the lookup).
 */
export type IdField =
  IdKind | { kind: IdKind; reference: true } | { kind: IdKind; refused: Refusal; agencyShares?: true };

export interface ContractEntry {
  needs: Need;
  /** The operation cell of its row in ARCHITECTURE.md's table, or a phrase of the docs naming it. */
  doc: string;
  /** What a caller who holds `needs` gets with this input, when it is not a success. */
  permitted?: Refusal;
  /** What a caller who holds `needs` gets in a client organization (documented refusals). */
  inClient?: Refusal;
  /** What an anonymous caller gets from a public procedure whose answer depends on the Host. */
  anonymous?: Refusal;
  /** Input fields holding ids, by path (`*` for every array item). */
  ids?: Record<string, IdField>;
  input?: (s: Scope) => unknown;
  /** A token to use instead of the caller's, when the call consumes the organization itself. */
  token?: (s: Scope) => Promise<string | undefined>;
}

const perm = (...all: Permission[]): Need => ({ kind: 'permission', all });
const notAgency: Refusal = { status: 403, error: 'AGENCY_NOT_ENABLED' };
const topologyDoc =
  'topologies: list, get, validate, status, deployments, node re-check / create, update, delete, ha-config, deploy';
const manageAgencyDoc = 'manage clients, branding, portal config, portal domains';
const viewAgencyDoc = 'view clients, branding, portal config, portal domains';
/** A credential no authenticator made: registration and sign-in must refuse it. */
const fakeCredential = {
  id: 'AAAA',
  rawId: 'AAAA',
  type: 'public-key',
  response: { clientDataJSON: 'e30', attestationObject: 'AAAA' },
};
const graph = (s: Scope) => graphOn(s.home.serverId);
const instanceLogsDoc = 'instance logs, download';
const invitationsDoc = 'invitations: list / invite, resend, revoke';
const apiKeysDoc = 'API keys: list / create, delete';
const accountDoc = 'sign out, sessions, change password';
const instancesDoc = 'instances: list, get, operations / create, update, delete, start, stop, restart, redeploy';
const projectsDoc = 'projects: list, get / create, update, delete';
const filesDoc = 'instance files: list, read, download / write, create, delete, upload';
const databasesDoc = 'instance databases: list / create, duplicate, rename, drop, neutralize, serve';
/** The security world's instances never run (jobs are off): the file editor and databases need a running one. */
const notRunning: Refusal = { status: 400, error: 'INVALID_INPUT' };
const onHome = (
  needs: Need,
  doc: string,
  input: (s: Scope) => Record<string, unknown> = () => ({}),
): ContractEntry => ({
  needs,
  doc,
  permitted: notRunning,
  ids: { id: 'instance' },
  input: (s) => ({ id: s.home.instanceId, ...input(s) }),
});
const dbName = 'odoo_000000000000_copy';
const instanceDomainsDoc = 'instance domains: list / add, verify, remove';
/** A domain no organization has, for each call that adds one. */
const newDomain = () => `${unique('dom').replace(/[^a-z0-9-]/g, '')}.example.test`;
const backupsDoc = 'backups: list, get, download, restore status / create, delete, restore';
const destinationsDoc = 'backup destinations: list / create, update, delete, test';
const elsewhereDoc = 'backups elsewhere: drill, restore as new, import; staging clone';
const schedulesDoc = 'backup schedules: get / set';
const notificationsDoc = 'notifications: channels, deliveries, test, rules';

export const contract: Record<string, ContractEntry> = {
  'auth.signup': {
    needs: { kind: 'public' },
    doc: 'sign up / log in',
    input: () => ({ email: `${unique('signup')}@example.com`, password: 'a long enough password', name: 'Signed Up' }),
  },
  'auth.login': {
    needs: { kind: 'public' },
    doc: 'sign up / log in',
    input: (s) => ({ email: s.shared.loginEmail, password: 'a long enough password' }),
  },
  'auth.switchOrg': {
    needs: { kind: 'signed-in' },
    doc: 'switch organization',
    ids: { organizationId: 'organization' },
    input: (s) => ({ organizationId: s.home.orgId }),
  },
  'auth.me': { needs: { kind: 'signed-in' }, doc: 'who am I' },
  'auth.passkeyRegistrationOptions': {
    needs: { kind: 'signed-in' },
    doc: 'POST /api/auth/passkeys/register/options',
    // The callers have no passkey yet and a password session: a first one takes the password.
    input: () => ({ password }),
  },
  'auth.passkeyRegister': {
    needs: { kind: 'signed-in' },
    doc: 'POST /api/auth/passkeys/register/verify',
    permitted: { status: 400, error: 'INVALID_INPUT' },
    ids: { challengeId: 'challenge' },
    input: async (s) => ({ challengeId: await s.fresh.challenge(), response: fakeCredential }),
  },
  'auth.passkeys': { needs: { kind: 'signed-in' }, doc: '`GET /api/auth/passkeys`' },
  'auth.deletePasskey': {
    needs: { kind: 'signed-in' },
    doc: '`DELETE /api/auth/passkeys/{id}`',
    permitted: { status: 404, error: 'NOT_FOUND' },
    ids: { id: 'passkey' },
    input: () => ({ id: randomUUID() }),
  },
  'auth.passkeyLoginOptions': { needs: { kind: 'public' }, doc: 'POST /api/auth/passkeys/login/options' },
  'auth.passkeyLogin': {
    needs: { kind: 'public' },
    doc: 'POST /api/auth/passkeys/login/verify',
    permitted: { status: 401, error: 'INVALID_CREDENTIALS' },
    ids: { challengeId: 'challenge' },
    input: async (s) => ({ challengeId: await s.fresh.loginChallenge(), response: fakeCredential }),
  },

  'organizations.listMine': { needs: { kind: 'signed-in' }, doc: 'list / create my organizations' },
  'organizations.create': {
    needs: { kind: 'signed-in' },
    doc: 'list / create my organizations',
    input: () => ({ name: 'Created Org' }),
  },
  'organizations.current': { needs: { kind: 'member' }, doc: 'view organization' },
  'organizations.update': {
    needs: perm('manage:org_settings'),
    doc: 'update organization',
    input: () => ({ logoUrl: 'https://cdn.example.com/logo.png' }),
  },
  'organizations.delete': {
    needs: { kind: 'owner' },
    doc: 'delete organization',
    token: (s) => s.fresh.ownOrganization(),
  },

  'members.list': { needs: perm('view:members'), doc: 'list members / roles', ids: { roleId: 'role' } },
  'members.roles': { needs: perm('view:members'), doc: 'list members / roles' },
  'members.add': {
    needs: perm('manage:members'),
    doc: 'add, change role, remove member',
    input: async (s) => ({ email: await s.fresh.email(), role: 'Viewer' }),
  },
  'members.setRole': {
    needs: perm('manage:members'),
    doc: 'add, change role, remove member',
    ids: { userId: 'member', role: 'role' },
    input: (s) => ({ userId: s.home.memberUserId, role: s.home.viewerRoleId }),
  },
  'members.remove': {
    needs: perm('manage:members'),
    doc: 'add, change role, remove member',
    ids: { userId: 'member' },
    input: async (s) => ({ userId: await s.fresh.member() }),
  },

  'events.onOrgEvent': {
    needs: { kind: 'member' },
    doc: '`events.onOrgEvent` (everything in the current organization',
  },

  'settings.get': { needs: { kind: 'member' }, doc: 'view settings, subscription status' },
  'settings.subscriptionStatus': { needs: { kind: 'member' }, doc: 'view settings, subscription status' },
  'settings.update': {
    needs: perm('manage:org_settings'),
    doc: 'update settings, test PostHog, validate subscription',
    ids: {
      backupDestinationId: 'destination',
      // A client's default server may be one of its agency's (where its instances run).
      defaultServerId: { kind: 'server', refused: { status: 400, error: 'INVALID_INPUT' } },
      defaultTemplateId: { kind: 'template', refused: { status: 400, error: 'INVALID_INPUT' } },
    },
    input: () => ({ auditRetentionDays: 91 }),
  },
  'settings.testPosthog': {
    needs: perm('manage:org_settings'),
    doc: 'update settings, test PostHog, validate subscription',
  },
  'settings.validateSubscription': {
    needs: perm('manage:org_settings'),
    doc: 'update settings, test PostHog, validate subscription',
    input: () => ({ code: 'M2407159999999', odooVersion: '18.0' }),
  },

  'audit.list': { needs: perm('view:audit_log'), doc: 'audit log', input: () => ({ limit: 5 }) },
  'audit.actions': { needs: perm('view:audit_log'), doc: 'audit log' },

  'dr.info': { needs: perm('manage:org_settings'), doc: 'disaster recovery info, export, import' },
  'dr.export': { needs: perm('manage:org_settings'), doc: 'disaster recovery info, export, import' },
  'dr.import': {
    needs: perm('manage:org_settings'),
    doc: 'disaster recovery info, export, import',
    input: (s) => ({ document: s.shared.drDocument, slug: unique('restored') }),
  },

  'agency.enable': {
    needs: perm('manage:agency'),
    doc: 'enable agency mode',
    inClient: { status: 409, error: 'AGENCY_NOT_ALLOWED' },
  },
  'agency.overview': { needs: perm('view:agency'), doc: 'agency overview' },
  'agency.listClients': {
    needs: perm('view:agency'),
    doc: viewAgencyDoc,
    inClient: notAgency,
    input: () => ({ limit: 5 }),
  },
  'agency.getBranding': { needs: perm('view:agency'), doc: viewAgencyDoc, inClient: notAgency },
  'agency.getPortalConfig': { needs: perm('view:agency'), doc: viewAgencyDoc, inClient: notAgency },
  'agency.createClient': {
    needs: perm('manage:agency'),
    doc: manageAgencyDoc,
    inClient: notAgency,
    input: () => ({ name: 'Created Client' }),
  },
  'agency.deleteClient': {
    needs: perm('manage:agency'),
    doc: manageAgencyDoc,
    inClient: notAgency,
    ids: { clientOrgId: 'client' },
    input: async (s) => ({ clientOrgId: await s.fresh.client() }),
  },
  'agency.updateBranding': {
    needs: perm('manage:agency'),
    doc: manageAgencyDoc,
    inClient: notAgency,
    input: () => ({ footerText: 'Footer' }),
  },
  'agency.updatePortalConfig': {
    needs: perm('manage:agency'),
    doc: manageAgencyDoc,
    inClient: notAgency,
    input: () => ({ featureMonitoring: true }),
  },

  'portalDomains.list': { needs: perm('view:agency'), doc: viewAgencyDoc, inClient: notAgency },
  'portalDomains.create': {
    needs: perm('manage:agency'),
    doc: manageAgencyDoc,
    inClient: notAgency,
    ids: { clientOrgId: 'client' },
    input: (s) => ({
      subdomain: unique('p')
        .replace(/[^a-z0-9]/g, '')
        .slice(-30),
      clientOrgId: s.home.clientId,
    }),
  },
  'portalDomains.verify': {
    needs: perm('manage:agency'),
    doc: manageAgencyDoc,
    inClient: notAgency,
    ids: { domainId: 'portalDomain' },
    input: (s) => ({ domainId: s.home.domainId }),
  },
  'portalDomains.delete': {
    needs: perm('manage:agency'),
    doc: manageAgencyDoc,
    inClient: notAgency,
    ids: { domainId: 'portalDomain' },
    input: async (s) => ({ domainId: await s.fresh.domain() }),
  },
  'portalDomains.onStatus': {
    needs: perm('view:agency'),
    doc: '`portalDomains.onStatus` (portal-domain events of the agency',
  },

  'portal.tlsAsk': {
    needs: { kind: 'public' },
    doc: 'GET /api/portal/tls-ask?domain=',
    input: (s) => ({ domain: s.shared.portalHost }),
  },
  'portal.context': {
    needs: { kind: 'public' },
    doc: 'portal context',
    anonymous: { status: 404, error: 'NOT_FOUND' },
  },

  'servers.list': { needs: perm('view:servers'), doc: 'servers: list, get / create, update, delete' },
  'servers.get': {
    needs: perm('view:servers'),
    doc: 'servers: list, get / create, update, delete',
    ids: { id: 'server' },
    input: (s) => ({ id: s.home.serverId }),
  },
  'servers.create': {
    needs: perm('manage:servers'),
    doc: 'servers: list, get / create, update, delete',
    input: () => ({ name: unique('srv'), host: '127.0.0.9', capacity }),
  },
  'servers.update': {
    needs: perm('manage:servers'),
    doc: 'servers: list, get / create, update, delete',
    ids: { id: 'server' },
    input: (s) => ({ id: s.home.serverId, capacity: { maxInstances: 1000 } }),
  },
  'servers.delete': {
    needs: perm('manage:servers'),
    doc: 'servers: list, get / create, update, delete',
    ids: { id: 'server' },
    input: async (s) => ({ id: await s.fresh.server() }),
  },

  'topologies.list': { needs: perm('view:topologies'), doc: topologyDoc },
  'topologies.get': {
    needs: perm('view:topologies'),
    doc: topologyDoc,
    ids: { id: 'topology' },
    input: (s) => ({ id: s.home.topologyId }),
  },
  'topologies.validate': {
    needs: perm('view:topologies'),
    doc: topologyDoc,
    ids: { id: 'topology', 'topologyData.nodes.*.serverId': { kind: 'server', reference: true } },
    input: (s) => ({ id: s.home.topologyId, topologyData: graph(s) }),
  },
  'topologies.deployments': {
    needs: perm('view:topologies'),
    doc: topologyDoc,
    ids: { id: 'topology' },
    input: (s) => ({ id: s.home.deployedTopologyId }),
  },
  'topologies.status': {
    needs: perm('view:topologies'),
    doc: topologyDoc,
    ids: { id: 'topology' },
    input: (s) => ({ id: s.home.deployedTopologyId }),
  },
  'topologies.latestDeployment': {
    needs: perm('view:topologies'),
    doc: 'topology latest deployment, or null before the first',
    ids: { id: 'topology' },
    input: (s) => ({ id: s.home.deployedTopologyId }),
  },
  'topologies.files': {
    needs: perm('view:topologies'),
    doc: topologyDoc,
    ids: { id: 'topology' },
    input: (s) => ({ id: s.home.topologyId }),
  },
  'topologies.nodeStatus': {
    needs: perm('view:topologies'),
    doc: topologyDoc,
    ids: { id: 'topology' },
    input: (s) => ({ id: s.home.deployedTopologyId, nodeId: 'odoo-1' }),
  },
  'topologies.create': {
    needs: perm('manage:topologies'),
    doc: topologyDoc,
    // Another organization's server is refused on save (404 naming the field), as an unknown one.
    ids: { 'topologyData.nodes.*.serverId': 'server' },
    input: (s) => ({ name: unique('topo'), topologyData: graph(s) }),
  },
  'topologies.update': {
    needs: perm('manage:topologies'),
    doc: topologyDoc,
    ids: { id: 'topology', 'topologyData.nodes.*.serverId': 'server' },
    input: (s) => ({ id: s.home.scratchTopologyId, topologyData: graph(s) }),
  },
  'topologies.setHaConfig': {
    needs: perm('manage:topologies'),
    doc: topologyDoc,
    ids: {
      id: 'topology',
      lbServerId: 'server',
      redisServerId: 'server',
    },
    input: (s) => ({ id: s.home.scratchTopologyId, lbServerId: null, redisEnabled: true, redisServerId: null }),
  },
  'topologies.delete': {
    needs: perm('manage:topologies'),
    doc: topologyDoc,
    ids: { id: 'topology' },
    input: async (s) => ({ id: await s.fresh.topology() }),
  },
  'topologies.deploy': {
    needs: perm('manage:topologies'),
    doc: topologyDoc,
    ids: { id: 'topology' },
    input: async (s) => ({ id: await s.fresh.deployable() }),
  },
  'topologies.onDeployment': {
    needs: perm('view:topologies'),
    doc: '`topologies.onDeployment` (deployment',
    ids: { topologyId: { kind: 'topology', reference: true } },
    input: (s) => ({ topologyId: s.home.deployedTopologyId }),
  },

  'templates.list': { needs: perm('view:templates'), doc: 'templates: list, get / create, update, delete' },
  'templates.get': {
    needs: perm('view:templates'),
    doc: 'templates: list, get / create, update, delete',
    ids: { id: 'template' },
    input: (s) => ({ id: s.home.templateId }),
  },
  'templates.create': {
    needs: perm('manage:templates'),
    doc: 'templates: list, get / create, update, delete',
    input: () => ({ name: unique('tpl'), odooVersion: '18.0' }),
  },
  'templates.update': {
    needs: perm('manage:templates'),
    doc: 'templates: list, get / create, update, delete',
    ids: { id: 'template' },
    input: (s) => ({ id: s.home.templateId, defaultWorkers: 2 }),
  },
  'templates.delete': {
    needs: perm('manage:templates'),
    doc: 'templates: list, get / create, update, delete',
    ids: { id: 'template' },
    input: async (s) => ({ id: await s.fresh.template() }),
  },
  'templates.provision': {
    needs: perm('manage:templates', 'manage:instances'),
    doc: 'provision from a template',
    ids: { id: 'template', serverId: 'server', projectId: 'project' },
    input: (s) => ({ id: s.home.templateId, serverId: s.home.serverId }),
  },
  'templates.fromInstance': {
    needs: perm('manage:templates', 'view:instances'),
    doc: 'template from an instance',
    ids: { instanceId: 'instance' },
    input: (s) => ({ instanceId: s.home.instanceId }),
  },

  'instances.list': { needs: perm('view:instances'), doc: instancesDoc, ids: { serverId: 'server' } },
  'instances.get': {
    needs: perm('view:instances'),
    doc: instancesDoc,
    ids: { id: 'instance' },
    input: (s) => ({ id: s.home.instanceId }),
  },
  'instances.operations': {
    needs: perm('view:instances'),
    doc: instancesDoc,
    ids: { id: 'instance' },
    input: (s) => ({ id: s.home.instanceId }),
  },
  'instances.create': {
    needs: perm('manage:instances'),
    doc: instancesDoc,
    ids: { serverId: 'server', projectId: 'project', templateId: 'template' },
    input: (s) => ({ serverId: s.home.serverId, name: unique('direct'), odooVersion: '18.0' }),
  },
  'instances.update': {
    needs: perm('manage:instances'),
    doc: instancesDoc,
    ids: { id: 'instance', projectId: 'project' },
    input: (s) => ({ id: s.home.instanceId, stage: 'staging' }),
  },
  'instances.delete': {
    needs: perm('manage:instances'),
    doc: instancesDoc,
    ids: { id: 'instance' },
    input: async (s) => ({ id: await s.fresh.instance() }),
  },

  'terminals.open': {
    needs: perm('manage:instances'),
    doc: 'terminal / Odoo shell ticket',
    // The world's instances never ran: a permitted caller is told the instance is not running.
    permitted: { status: 400, error: 'INVALID_INPUT' },
    ids: { instanceId: 'instance' },
    input: (s) => ({ instanceId: s.home.instanceId, kind: 'shell' }),
  },

  'terminals.transcripts': {
    needs: perm('view:audit_log'),
    doc: 'terminal transcripts: list / get',
    ids: { instanceId: 'instance' },
    input: (s) => ({ instanceId: s.home.instanceId }),
  },
  'terminals.transcript': {
    needs: perm('view:audit_log'),
    doc: 'terminal transcripts: list / get',
    // No session ran in the suite's organizations: a permitted caller is told there is none.
    permitted: { status: 404, error: 'NOT_FOUND' },
    // The suite's world holds no transcript: another organization's object id is not one of ours.
    ids: { id: { kind: 'instance', refused: { status: 404, error: 'NOT_FOUND' } } },
    input: () => ({ id: randomUUID() }),
  },

  'invitations.list': { needs: perm('view:members'), doc: invitationsDoc },
  'invitations.create': {
    needs: perm('manage:members'),
    doc: invitationsDoc,
    input: () => ({ email: `${unique('invitee')}@example.com`, role: 'Viewer' }),
  },
  'invitations.resend': {
    needs: perm('manage:members'),
    doc: invitationsDoc,
    ids: { id: 'invitation' },
    input: (s) => ({ id: s.home.invitationId }),
  },
  'invitations.revoke': {
    needs: perm('manage:members'),
    doc: invitationsDoc,
    permitted: { status: 404, error: 'NOT_FOUND' },
    ids: { id: 'invitation' },
    input: () => ({ id: randomUUID() }),
  },
  'apiKeys.list': { needs: perm('view:members'), doc: apiKeysDoc },
  'apiKeys.create': {
    needs: perm('manage:members'),
    doc: apiKeysDoc,
    input: () => ({ name: unique('key'), role: 'Viewer' }),
  },
  'apiKeys.revoke': {
    needs: perm('manage:members'),
    doc: apiKeysDoc,
    permitted: { status: 404, error: 'NOT_FOUND' },
    ids: { id: 'apiKey' },
    input: () => ({ id: randomUUID() }),
  },
  // Signing out, ending sessions and changing the password end sessions: a throwaway person's, never the caller's.
  'auth.logout': { needs: { kind: 'signed-in' }, doc: accountDoc, token: (s) => s.fresh.person() },
  'auth.sessions': { needs: { kind: 'signed-in' }, doc: accountDoc },
  'auth.endSession': {
    needs: { kind: 'signed-in' },
    doc: accountDoc,
    permitted: { status: 404, error: 'NOT_FOUND' },
    ids: { id: 'session' },
    input: () => ({ id: randomUUID() }),
  },
  'auth.endOtherSessions': { needs: { kind: 'signed-in' }, doc: accountDoc, token: (s) => s.fresh.person() },
  'auth.changePassword': {
    needs: { kind: 'signed-in' },
    doc: accountDoc,
    token: (s) => s.fresh.person(),
    input: () => ({ currentPassword: 'a long enough password', newPassword: 'another long enough password' }),
  },
  'auth.requestPasswordReset': {
    needs: { kind: 'public' },
    doc: 'accept an invitation, reset a password',
    input: () => ({ email: `${unique('reset')}@example.com` }),
  },
  'auth.confirmPasswordReset': {
    needs: { kind: 'public' },
    doc: 'accept an invitation, reset a password',
    permitted: { status: 400, error: 'INVALID_INPUT' },
    input: () => ({ token: 'x'.repeat(43), password: 'a long enough password' }),
  },
  'auth.verifyEmail': {
    needs: { kind: 'public' },
    doc: 'verify the email address / mail a new link',
    permitted: { status: 400, error: 'INVALID_INPUT' },
    input: () => ({ token: 'z'.repeat(43) }),
  },
  // A throwaway person's, so that the hourly limit on verification mail is never the caller's.
  'auth.resendEmailVerification': {
    needs: { kind: 'signed-in' },
    doc: 'verify the email address / mail a new link',
    token: (s) => s.fresh.person(),
  },
  'auth.acceptInvitation': {
    needs: { kind: 'public' },
    doc: 'accept an invitation, reset a password',
    permitted: { status: 400, error: 'INVALID_INPUT' },
    input: () => ({ token: 'y'.repeat(43) }),
  },
  // Jobs are off in this suite: every instance's provision stays queued, so a holder of the
  // permission is told an operation is under way.
  ...Object.fromEntries(
    (['start', 'stop', 'restart', 'redeploy'] as const).map((kind) => [
      `instances.${kind}`,
      {
        needs: perm('manage:instances'),
        doc: instancesDoc,
        permitted: { status: 409, error: 'DEPLOYMENT_RUNNING' },
        ids: { id: 'instance' },
        input: (s: Scope) => ({ id: s.home.instanceId }),
      } satisfies ContractEntry,
    ]),
  ),
  'instances.onStatus': {
    needs: perm('view:instances'),
    doc: '`instances.onStatus`',
    ids: { instanceId: { kind: 'instance', reference: true } },
    input: (s) => ({ instanceId: s.home.instanceId }),
  },
  'instances.onOperation': {
    needs: perm('view:instances'),
    doc: '`instances.onOperation`',
    ids: { instanceId: { kind: 'instance', reference: true } },
    input: (s) => ({ instanceId: s.home.instanceId }),
  },
  // The suite's instances are never deployed (jobs are off): their logs hold their operations only.
  'instanceLogs.list': {
    needs: perm('view:instances'),
    doc: instanceLogsDoc,
    ids: { id: 'instance' },
    input: (s) => ({ id: s.home.instanceId }),
  },
  'instanceLogs.download': {
    needs: perm('view:instances'),
    doc: instanceLogsDoc,
    ids: { id: 'instance' },
    input: (s) => ({ id: s.home.instanceId }),
  },
  'instanceLogs.follow': {
    needs: perm('view:instances'),
    doc: '`instanceLogs.follow`',
    permitted: { status: 400, error: 'INVALID_INPUT' },
    ids: { id: 'instance' },
    input: (s) => ({ id: s.home.instanceId }),
  },
  'instanceMonitoring.metrics': {
    needs: perm('view:instances'),
    doc: 'instance metrics',
    ids: { id: 'instance' },
    input: (s) => ({ id: s.home.instanceId }),
  },
  'instanceMonitoring.onSample': {
    needs: perm('view:instances'),
    doc: '`instanceMonitoring.onSample`',
    ids: { instanceId: { kind: 'instance', reference: true } },
    input: (s) => ({ instanceId: s.home.instanceId }),
  },

  'instanceFiles.list': onHome(perm('view:instances'), filesDoc, () => ({ path: 'my_module' })),
  'instanceFiles.read': onHome(perm('view:instances'), filesDoc, () => ({ path: '/etc/odoo/odoo.conf' })),
  'instanceFiles.download': onHome(perm('view:instances'), filesDoc, () => ({ path: 'my_module/a.py' })),
  'instanceFiles.write': onHome(perm('manage:instances'), filesDoc, () => ({
    path: 'my_module/a.py',
    content: 'x = 1\n',
    expectedVersion: null,
  })),
  'instanceFiles.create': onHome(perm('manage:instances'), filesDoc, () => ({ path: 'my_module', type: 'directory' })),
  'instanceFiles.delete': onHome(perm('manage:instances'), filesDoc, () => ({ path: 'my_module' })),
  'instanceFiles.upload': onHome(perm('manage:instances'), filesDoc, () => ({
    path: 'my_module/b.bin',
    contentBase64: 'AAEC',
  })),
  'instanceDatabases.list': onHome(perm('view:instances'), databasesDoc),
  'instanceDatabases.create': onHome(perm('manage:instances'), databasesDoc, () => ({ name: dbName })),
  'instanceDatabases.duplicate': onHome(perm('manage:instances'), databasesDoc, () => ({
    name: dbName,
    newName: `${dbName}2`,
  })),
  'instanceDatabases.rename': onHome(perm('manage:instances'), databasesDoc, () => ({
    name: dbName,
    newName: `${dbName}2`,
  })),
  'instanceDatabases.drop': onHome(perm('manage:instances'), databasesDoc, () => ({
    name: dbName,
    confirmName: dbName,
  })),
  'instanceDatabases.neutralize': onHome(perm('manage:instances'), databasesDoc, () => ({ name: dbName })),
  'instanceDatabases.serve': onHome(perm('manage:instances'), databasesDoc, () => ({ name: dbName })),

  'instanceDomains.list': {
    needs: perm('view:instances'),
    doc: instanceDomainsDoc,
    ids: { id: 'instance' },
    input: (s) => ({ id: s.home.instanceId }),
  },
  'instanceDomains.add': {
    needs: perm('manage:instances'),
    doc: instanceDomainsDoc,
    ids: { id: 'instance' },
    input: (s) => ({ id: s.home.instanceId, domain: newDomain() }),
  },
  'instanceDomains.verify': {
    needs: perm('manage:instances'),
    doc: instanceDomainsDoc,
    ids: { id: 'instance', domainId: 'instanceDomain' },
    input: (s) => ({ id: s.home.instanceId, domainId: s.home.instanceDomainId }),
  },
  'instanceDomains.remove': {
    needs: perm('manage:instances'),
    doc: instanceDomainsDoc,
    ids: { id: 'instance', domainId: 'instanceDomain' },
    input: async (s) => ({ id: s.home.instanceId, domainId: await s.fresh.instanceDomain() }),
  },
  'servers.check': {
    needs: perm('manage:servers'),
    doc: 'servers: check now (SSH login, engine)',
    ids: { id: 'server' },
    // On a server of its own: a check of the home's (which has no sshd) would mark it unreachable.
    input: async (s) => ({ id: await s.fresh.server() }),
  },
  'instances.clone': {
    needs: perm('manage:instances'),
    doc: elsewhereDoc,
    // The home's instance never ran (jobs are off): a clone is refused, after the permission check.
    permitted: { status: 400, error: 'INVALID_INPUT' },
    // A clone is made on its source's server: any other serverId is refused before a lookup.
    ids: { id: 'instance', serverId: { kind: 'server', refused: { status: 400, error: 'INVALID_INPUT' } } },
    input: (s) => ({ id: s.home.instanceId, name: unique('clone'), stage: 'staging' }),
  },
  'backups.verify': {
    needs: perm('manage:instances'),
    doc: elsewhereDoc,
    // The home's backup stays pending: a drill is refused, after the permission check.
    permitted: { status: 400, error: 'INVALID_INPUT' },
    ids: { id: 'backup' },
    input: (s) => ({ id: s.home.backupId }),
  },
  'backups.getSchedule': {
    needs: perm('view:instances'),
    doc: schedulesDoc,
    ids: { id: 'instance' },
    input: (s) => ({ id: s.home.instanceId }),
  },
  'backups.putSchedule': {
    needs: perm('manage:instances'),
    doc: schedulesDoc,
    ids: { id: 'instance', destinationId: 'destination' },
    input: (s) => ({ id: s.home.instanceId, cron: '0 3 * * *', timeZone: 'UTC', destinationId: s.home.destinationId }),
  },
  'notifications.listChannels': { needs: perm('manage:org_settings'), doc: notificationsDoc },
  'notifications.createChannel': {
    needs: perm('manage:org_settings'),
    doc: notificationsDoc,
    input: () => ({ name: unique('channel'), kind: 'email', addresses: ['ops@example.test'] }),
  },
  'notifications.updateChannel': {
    needs: perm('manage:org_settings'),
    doc: notificationsDoc,
    ids: { id: 'channel' },
    input: (s) => ({ id: s.home.channelId, name: unique('channel'), kind: 'email', addresses: ['ops@example.test'] }),
  },
  'notifications.deleteChannel': {
    needs: perm('manage:org_settings'),
    doc: notificationsDoc,
    ids: { id: 'channel' },
    input: async (s) => ({ id: await s.fresh.channel() }),
  },
  'notifications.testChannel': {
    needs: perm('manage:org_settings'),
    doc: notificationsDoc,
    ids: { id: 'channel' },
    input: (s) => ({ id: s.home.channelId }),
  },
  'notifications.deliveries': {
    needs: perm('manage:org_settings'),
    doc: notificationsDoc,
    ids: { id: 'channel' },
    input: (s) => ({ id: s.home.channelId }),
  },
  'notifications.getRules': { needs: perm('manage:org_settings'), doc: notificationsDoc },
  'notifications.setRules': {
    needs: perm('manage:org_settings'),
    doc: notificationsDoc,
    ids: { 'rules.*.channelIds.*': { kind: 'channel', refused: { status: 400, error: 'INVALID_INPUT' } } },
    input: (s) => ({ rules: [{ kind: 'instance.down', channelIds: [s.home.channelId] }] }),
  },
  ...Object.fromEntries(
    (['list', 'instanceRestores'] as const).map((name) => [
      `backups.${name}`,
      {
        needs: perm('view:instances'),
        doc: backupsDoc,
        ids: { id: 'instance' },
        input: (s: Scope) => ({ id: s.home.instanceId }),
      } satisfies ContractEntry,
    ]),
  ),
  ...Object.fromEntries(
    (['get', 'restores'] as const).map((name) => [
      `backups.${name}`,
      {
        needs: perm('view:instances'),
        doc: backupsDoc,
        ids: { id: 'backup' },
        input: (s: Scope) => ({ id: s.home.backupId }),
      } satisfies ContractEntry,
    ]),
  ),
  'backups.create': {
    needs: perm('manage:instances'),
    doc: backupsDoc,
    ids: { id: 'instance', destinationId: 'destination' },
    input: (s) => ({ id: s.home.instanceId, destinationId: s.home.destinationId }),
  },
  // Jobs are off in this suite: the home's backup stays pending, which can be neither deleted nor restored.
  'backups.delete': {
    needs: perm('manage:instances'),
    doc: backupsDoc,
    permitted: { status: 409, error: 'IN_USE' },
    ids: { id: 'backup' },
    input: (s) => ({ id: s.home.backupId }),
  },
  'backups.restore': {
    needs: perm('manage:instances'),
    doc: backupsDoc,
    permitted: { status: 400, error: 'INVALID_INPUT' },
    // The home's backup stays pending: refused before the server or project is looked up.
    ids: {
      id: 'backup',
      serverId: { kind: 'server', refused: { status: 400, error: 'INVALID_INPUT' } },
      projectId: { kind: 'project', refused: { status: 400, error: 'INVALID_INPUT' } },
    },
    input: (s) => ({ id: s.home.backupId, target: 'in-place' }),
  },
  'backups.onBackup': {
    needs: perm('view:instances'),
    doc: '`backups.onBackup`',
    ids: { instanceId: { kind: 'instance', reference: true } },
    input: (s) => ({ instanceId: s.home.instanceId }),
  },
  'backupDestinations.list': { needs: perm('view:servers'), doc: destinationsDoc },
  'backupDestinations.create': {
    needs: perm('manage:servers'),
    doc: destinationsDoc,
    ids: { 'server.serverId': 'server' },
    input: (s) => ({
      name: unique('dest'),
      kind: 'server',
      server: { serverId: s.home.serverId, directory: '/var/backups/ocore' },
    }),
  },
  'backupDestinations.update': {
    needs: perm('manage:servers'),
    doc: destinationsDoc,
    ids: { id: 'destination', 'server.serverId': 'server' },
    input: (s) => ({
      id: s.home.destinationId,
      name: unique('dest'),
      kind: 'server',
      server: { serverId: s.home.serverId, directory: '/var/backups/ocore' },
    }),
  },
  // The home's destination keeps its backup: a holder of the permission is told it is in use.
  'backupDestinations.delete': {
    needs: perm('manage:servers'),
    doc: destinationsDoc,
    permitted: { status: 409, error: 'IN_USE' },
    ids: { id: 'destination' },
    input: (s) => ({ id: s.home.destinationId }),
  },
  // Nothing listens over SSH at the home's server: the test fails with the reason.
  'backupDestinations.test': {
    needs: perm('manage:servers'),
    doc: destinationsDoc,
    permitted: { status: 400, error: 'INVALID_INPUT' },
    ids: { id: 'destination' },
    input: (s) => ({ id: s.home.destinationId }),
  },

  'projects.list': { needs: perm('view:instances'), doc: projectsDoc },
  'projects.get': {
    needs: perm('view:instances'),
    doc: projectsDoc,
    ids: { id: 'project' },
    input: (s) => ({ id: s.home.projectId }),
  },
  'projects.create': {
    needs: perm('manage:instances'),
    doc: projectsDoc,
    input: () => ({ name: unique('project') }),
  },
  'projects.update': {
    needs: perm('manage:instances'),
    doc: projectsDoc,
    ids: { id: 'project' },
    input: (s) => ({ id: s.home.projectId, description: 'changed' }),
  },
  'projects.delete': {
    needs: perm('manage:instances'),
    doc: projectsDoc,
    ids: { id: 'project' },
    input: async (s) => ({ id: await s.fresh.project() }),
  },
};

/** Where an id of each kind lives in a home. */
export function idOf(home: Home, kind: IdKind): string | null {
  const byKind: Record<IdKind, string | null> = {
    organization: home.orgId,
    server: home.serverId,
    topology: home.topologyId,
    template: home.templateId,
    instance: home.instanceId,
    project: home.projectId,
    destination: home.destinationId,
    backup: home.backupId,
    instanceDomain: home.instanceDomainId,
    channel: home.channelId,
    member: home.memberUserId,
    role: home.viewerRoleId,
    client: home.clientId,
    portalDomain: home.domainId,
    passkey: home.passkeyId,
    challenge: home.challengeId,
    invitation: home.invitationId,
    apiKey: home.apiKeyId,
    session: home.sessionId,
  };
  return byKind[kind];
}

export const kindOf = (field: IdField): IdKind => (typeof field === 'string' ? field : field.kind);
export const isReference = (field: IdField): boolean => typeof field !== 'string' && 'reference' in field;
/** The answer a field's foreign id gets: its kind's, unless the entry names another. */
export const refusalOf = (field: IdField): Refusal | undefined =>
  typeof field !== 'string' && 'refused' in field ? field.refused : undefined;
