import { beforeEach, describe, expect, it } from 'vitest';
import { updatePortalConfig } from '../agency/portal-config.service.js';
import type { Actor } from '../auth/actor.js';
import { updateOrgSettings } from '../org-settings/org-settings.service.js';
import { validateSubscription } from '../org-settings/subscription.service.js';
import type { Server } from '../servers/server.schema.js';
import { createServer, updateServer } from '../servers/server.service.js';
import { addClient, joinClientAs, signUpAgency } from '../testing/agency-fixtures.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { caught, joinAs, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { createTemplateInput, type Template } from '../templates/template.schema.js';
import { createTemplate } from '../templates/template.service.js';
import { provisionInput } from './instance.schema.js';
import { createInstance, provisionInstance } from './provision.service.js';

let deps: SettingsTestDeps;
let owner: SignedUp;
let server: Server;
let template: Template;

const goodCode = 'M2407151234567';

async function addServer(
  actor: Actor,
  over: { name?: string; maxInstances?: number; cpuCores?: number } = {},
): Promise<Server> {
  return createServer(deps, actor, {
    name: over.name ?? 'odoo-1',
    host: '127.0.0.5',
    port: 22,
    sshUser: 'root',
    capacity: { cpuCores: over.cpuCores ?? 4, memoryMb: 8192, maxInstances: over.maxInstances ?? 10 },
  });
}

async function addTemplate(actor: Actor, over: Record<string, unknown> = {}): Promise<Template> {
  return createTemplate(
    deps,
    actor,
    createTemplateInput.parse({
      name: 'Standard Odoo 18 CE',
      odooVersion: '18.0',
      odooEdition: 'ce',
      defaultWorkers: 4,
      defaultEnvVars: { PROXY_MODE: 'True' },
      moduleList: ['sale', 'purchase', 'stock', 'account'],
      ...over,
    }),
  );
}

/** Provisions through the input schema, as a request would. */
async function provision(actor: Actor, body: Record<string, unknown>) {
  const placed = await provisionInstance(
    deps,
    actor,
    provisionInput.parse({ id: template.id, serverId: server.id, ...body }),
  );
  return placed.instance;
}

beforeEach(async () => {
  deps = createSettingsTestDeps();
  owner = await signUpUser(deps, 'Olive Owner');
  server = await addServer(owner.actor);
  template = await addTemplate(owner.actor);
});

describe('provisionInstance', () => {
  it("records a pending instance with the template's settings and the guide's overrides", async () => {
    const instance = await provision(owner.actor, { templateId: 'TEMPLATE_UUID', overrides: { WORKERS: '6' } });
    expect(instance).toMatchObject({
      organizationId: owner.organization.id,
      templateId: template.id,
      name: 'Standard Odoo 18 CE',
      serverId: server.id,
      serverName: 'odoo-1',
      odooVersion: '18.0',
      odooEdition: 'ce',
      workers: 6,
      envVars: { PROXY_MODE: 'True' },
      moduleList: ['sale', 'purchase', 'stock', 'account'],
      status: 'pending',
    });
    const audit = deps.store.state.audit.find((a) => a.action === 'instance.created');
    expect(audit).toMatchObject({
      targetId: instance.id,
      diff: { after: { workers: 6, envVarNames: ['PROXY_MODE'], status: 'pending' } },
    });
    expect(deps.events.published().find((e) => e.type === 'instance.created')).toMatchObject({
      type: 'instance.created',
      payload: {
        targetType: 'instance',
        targetId: instance.id,
        templateId: template.id,
        serverId: server.id,
        status: 'pending',
      },
    });
  });

  it("takes the path's own id in the body, and refuses another template's id, naming templateId", () => {
    const other = '0d878e5e-1f6a-4a8e-9c1b-6f7f0d0c9a11';
    expect(
      provisionInput.parse({ id: template.id, serverId: server.id, templateId: template.id.toUpperCase() }).id,
    ).toBe(template.id);
    const refused = provisionInput.safeParse({ id: template.id, serverId: server.id, templateId: other });
    expect(refused.error?.issues).toEqual([
      expect.objectContaining({ path: ['templateId'], message: expect.stringContaining('another template') }),
    ]);
  });

  it('takes a name and sets or adds variables from the overrides', async () => {
    const instance = await provision(owner.actor, {
      name: 'acme-prod',
      overrides: { PROXY_MODE: 'False', DB_FILTER: '^acme$' },
    });
    expect(instance).toMatchObject({
      name: 'acme-prod',
      workers: 4,
      envVars: { PROXY_MODE: 'False', DB_FILTER: '^acme$' },
    });
  });

  it('refuses a template whose version is no longer supported, naming odooVersion', async () => {
    deps.store.state.templates[0]!.odooVersion = '15.0';
    expect(await caught(() => provision(owner.actor, {}))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'odooVersion',
      message: expect.stringContaining('15.0'),
    });
    expect(deps.store.state.instances).toEqual([]);
  });

  it('refuses bad overrides, naming the override', async () => {
    expect(await caught(() => provision(owner.actor, { overrides: { WORKERS: '100' } }))).toMatchObject({
      field: 'overrides.WORKERS',
    });
    expect(await caught(() => provision(owner.actor, { overrides: { 'not-a-name': 'x' } }))).toMatchObject({
      field: 'overrides.not-a-name',
    });
  });

  describe('Enterprise', () => {
    beforeEach(async () => {
      template = await addTemplate(owner.actor, { name: 'Enterprise 18', odooEdition: 'ee' });
    });

    it('refuses without a stored subscription code, naming subscriptionCode', async () => {
      expect(await caught(() => provision(owner.actor, {}))).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'subscriptionCode',
        message: expect.stringMatching(/subscription code.*none is stored/),
      });
    });

    it('refuses a stored code that fails the format check (stored before codes were checked on save)', async () => {
      await updateOrgSettings(deps, owner.actor, { subscriptionCode: goodCode });
      await deps.store.settings.update(owner.organization.id, {
        sealed: { subscriptionCode: deps.secrets.seal('bad') },
      });
      expect(await caught(() => provision(owner.actor, {}))).toMatchObject({
        field: 'subscriptionCode',
        message: expect.stringContaining('8-64 characters'),
      });
    });

    it('refuses when the last validation of the stored code for the version failed', async () => {
      await updateOrgSettings(deps, owner.actor, { subscriptionCode: goodCode });
      deps.subscriptions.configure({ configured: true, answer: { checked: true, valid: false, reason: 'expired' } });
      await validateSubscription(deps, owner.actor, { odooVersion: '18.0' });
      expect(await caught(() => provision(owner.actor, {}))).toMatchObject({
        field: 'subscriptionCode',
        message: expect.stringContaining('expired'),
      });
    });

    it('provisions with a well-formed stored code', async () => {
      await updateOrgSettings(deps, owner.actor, { subscriptionCode: goodCode });
      expect(await provision(owner.actor, {})).toMatchObject({ odooEdition: 'ee', status: 'pending' });
    });
  });

  it("refuses an unknown server or another organization's with NOT_FOUND naming serverId", async () => {
    const stranger = await signUpUser(deps, 'Sam Stranger');
    const theirs = await addServer(stranger.actor);
    expect(await caught(() => provision(owner.actor, { serverId: theirs.id }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'serverId',
    });
    expect(
      await caught(() => provision(owner.actor, { serverId: '00000000-0000-4000-8000-000000000000' })),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'serverId' });
  });

  it('refuses a server in maintenance, naming serverStatus', async () => {
    await updateServer(deps, owner.actor, { id: server.id, status: 'maintenance' });
    expect(await caught(() => provision(owner.actor, {}))).toMatchObject({
      field: 'serverStatus',
      message: expect.stringContaining('server odoo-1 is in maintenance'),
    });
  });

  it('refuses an unreachable server, naming serverStatus', async () => {
    await deps.store.transaction((tx) =>
      tx.servers.saveProbe(server.id, 'unreachable', 'connect ECONNREFUSED', deps.clock.now()),
    );
    expect(await caught(() => provision(owner.actor, {}))).toMatchObject({
      field: 'serverStatus',
      message: expect.stringContaining('unreachable'),
    });
  });

  it('refuses a full server, naming serverCapacity and the counts', async () => {
    server = await addServer(owner.actor, { name: 'small', maxInstances: 2 });
    await provision(owner.actor, {});
    await provision(owner.actor, {});
    expect(await caught(() => provision(owner.actor, {}))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'serverCapacity',
      message: 'serverCapacity: server small is full: 2 of 2 instances',
    });
    expect(deps.store.state.instances).toHaveLength(2);
  });

  it('refuses more workers than the server can run, naming workers', async () => {
    server = await addServer(owner.actor, { name: 'tiny', cpuCores: 1 });
    expect(await caught(() => provision(owner.actor, {}))).toMatchObject({
      field: 'workers',
      message: expect.stringContaining('at most 3'),
    });
    expect(await provision(owner.actor, { overrides: { WORKERS: '3' } })).toMatchObject({ workers: 3 });
  });

  it('needs manage:templates and manage:instances', async () => {
    const viewer = await joinAs(deps, owner.actor, 'Vera', 'Viewer');
    expect(await caught(() => provision(viewer.actor, {}))).toMatchObject({
      code: 'PERMISSION_DENIED',
      permission: 'manage:templates',
    });
    const onlyTemplates: Actor = {
      ...owner.actor,
      permissions: owner.actor.permissions.filter((p) => p !== 'manage:instances'),
    };
    expect(await caught(() => provision(onlyTemplates, {}))).toMatchObject({ permission: 'manage:instances' });
    const dev = await joinAs(deps, owner.actor, 'Dev', 'Developer');
    expect(await provision(dev.actor, {})).toMatchObject({ status: 'pending' });
  });

  it("refuses another organization's template as not found", async () => {
    const stranger = await signUpUser(deps, 'Sam Stranger');
    server = await addServer(stranger.actor);
    expect(await caught(() => provision(stranger.actor, {}))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Template not found',
    });
  });

  describe('in a client of an agency', () => {
    let agency: SignedUp;
    let member: SignedUp;

    beforeEach(async () => {
      agency = await signUpAgency(deps, 'Agnes Agency');
      const clientId = (await addClient(deps, agency.actor, 'Client Co')).id;
      member = await joinClientAs(deps, agency.actor, clientId, 'Carl Client', 'Developer');
      const operator = await joinClientAs(deps, agency.actor, clientId, 'Ada Admin', 'Admin');
      server = await addServer(operator.actor, { name: 'client-1', maxInstances: 1 });
      template = await addTemplate(agency.actor, { name: 'Agency Standard', isPublic: true });
    });

    it("provisions from the agency's public template onto the client's server", async () => {
      expect(await provision(member.actor, {})).toMatchObject({
        organizationId: member.organization.id,
        templateId: template.id,
        name: 'Agency Standard',
      });
    });

    it("places a client's instance on its agency's server, counting every organization's instances", async () => {
      const agencyServer = await addServer(agency.actor, { name: 'agency-1', maxInstances: 1 });
      expect(await provision(member.actor, { serverId: agencyServer.id })).toMatchObject({
        organizationId: member.organization.id,
        serverId: agencyServer.id,
        serverName: 'agency-1',
      });
      const stranger = await signUpUser(deps, 'Sam Stranger');
      expect(
        await caught(() =>
          createInstance(deps, stranger.actor, { name: 'Stray', serverId: agencyServer.id, odooVersion: '18.0' }),
        ),
      ).toMatchObject({
        code: 'NOT_FOUND',
        field: 'serverId',
      });
      // The agency's own instance finds the server full: the client's counts.
      expect(await caught(() => provision(agency.actor, { serverId: agencyServer.id }))).toMatchObject({
        field: 'serverCapacity',
      });
    });

    it('leaves the sizes out of a refusal when the agency hides infrastructure', async () => {
      await provision(member.actor, {});
      await updatePortalConfig(deps, agency.actor, { infrastructureVisibility: 'none' });
      expect(await caught(() => provision(member.actor, {}))).toMatchObject({
        field: 'serverCapacity',
        message: 'serverCapacity: server client-1 is full',
      });
    });
  });
});
