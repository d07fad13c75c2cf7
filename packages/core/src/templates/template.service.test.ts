import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.js';
import { provisionInstance } from '../instances/provision.service.js';
import { createServer } from '../servers/server.service.js';
import { addClient, joinClientAs, signUpAgency, switchInto } from '../testing/agency-fixtures.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { caught, joinAs, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import {
  captureTemplate,
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  updateTemplate,
} from './template.service.js';
import { createTemplateInput, type CreateTemplateInput } from './template.schema.js';

let deps: SettingsTestDeps;
let owner: SignedUp;

const body = (over: Record<string, unknown> = {}): CreateTemplateInput =>
  createTemplateInput.parse({
    name: 'Standard Odoo 18 CE',
    description: 'Small businesses',
    odooVersion: '18.0',
    odooEdition: 'ce',
    defaultWorkers: 4,
    defaultEnvVars: { PROXY_MODE: 'True' },
    moduleList: ['sale', 'stock'],
    isPublic: false,
    ...over,
  });

beforeEach(async () => {
  deps = createSettingsTestDeps();
  owner = await signUpUser(deps, 'Olive Owner');
});

describe('createTemplate and reads', () => {
  it('stores the template, lists and reads it back, recording audit and event', async () => {
    const created = await createTemplate(deps, owner.actor, body());
    expect(created).toMatchObject({
      name: 'Standard Odoo 18 CE',
      organizationId: owner.organization.id,
      defaultEnvVars: { PROXY_MODE: 'True' },
      shared: false,
    });
    expect(await getTemplate(deps, owner.actor, created.id)).toEqual(created);
    expect(await listTemplates(deps, owner.actor)).toEqual({ items: [created], total: 1, nextCursor: null });
    const audit = deps.store.state.audit.find((a) => a.action === 'template.created');
    expect(audit?.diff).toMatchObject({ after: { name: 'Standard Odoo 18 CE', envVarNames: ['PROXY_MODE'] } });
    expect(JSON.stringify(audit?.diff)).not.toContain('True');
    expect(deps.events.published().at(-1)).toMatchObject({
      type: 'template.created',
      payload: { targetType: 'template', targetId: created.id },
    });
  });

  it('keeps organizations apart: another one gets NOT_FOUND', async () => {
    const created = await createTemplate(deps, owner.actor, body());
    const stranger = await signUpUser(deps, 'Sam Stranger');
    expect(await caught(() => getTemplate(deps, stranger.actor, created.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await caught(() => updateTemplate(deps, stranger.actor, { id: created.id, name: 'Mine' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await caught(() => deleteTemplate(deps, stranger.actor, created.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await listTemplates(deps, stranger.actor)).total).toBe(0);
  });
});

describe('permissions', () => {
  it('lets a Viewer read but not change templates', async () => {
    const created = await createTemplate(deps, owner.actor, body());
    const viewer = await joinAs(deps, owner.actor, 'Vera', 'Viewer');
    expect((await listTemplates(deps, viewer.actor)).total).toBe(1);
    expect(await caught(() => createTemplate(deps, viewer.actor, body()))).toMatchObject({
      code: 'PERMISSION_DENIED',
      permission: 'manage:templates',
    });
    expect(await caught(() => updateTemplate(deps, viewer.actor, { id: created.id, name: 'New' }))).toMatchObject({
      permission: 'manage:templates',
    });
    expect(await caught(() => deleteTemplate(deps, viewer.actor, created.id))).toMatchObject({
      permission: 'manage:templates',
    });
  });

  it('lets a Developer manage templates', async () => {
    const dev = await joinAs(deps, owner.actor, 'Dev', 'Developer');
    const created = await createTemplate(deps, dev.actor, body());
    expect((await updateTemplate(deps, dev.actor, { id: created.id, defaultWorkers: 2 })).defaultWorkers).toBe(2);
    await deleteTemplate(deps, dev.actor, created.id);
  });

  it('needs view:templates to read', async () => {
    const without: Actor = {
      ...owner.actor,
      permissions: owner.actor.permissions.filter((p) => p !== 'view:templates'),
    };
    expect(await caught(() => listTemplates(deps, without))).toMatchObject({ permission: 'view:templates' });
  });
});

describe('updateTemplate and deleteTemplate', () => {
  it('changes only what is sent and records variable names, never values', async () => {
    const created = await createTemplate(
      deps,
      owner.actor,
      body({ defaultEnvVars: { PROXY_MODE: 'True', SECRET_TOKEN: 'hunter2' } }),
    );
    const after = await updateTemplate(deps, owner.actor, {
      id: created.id,
      defaultWorkers: 8,
      defaultEnvVars: { PROXY_MODE: 'True', SECRET_TOKEN: 'changed!', NEW_ONE: 'x' },
    });
    expect(after).toMatchObject({
      name: created.name,
      defaultWorkers: 8,
      defaultEnvVars: { SECRET_TOKEN: 'changed!', NEW_ONE: 'x' },
    });
    const audit = deps.store.state.audit.find((a) => a.action === 'template.updated');
    expect(audit?.diff).toEqual({
      defaultWorkers: { from: 4, to: 8 },
      defaultEnvVars: { added: ['NEW_ONE'], removed: [], changed: ['SECRET_TOKEN'] },
    });
    expect(JSON.stringify(deps.store.state.audit)).not.toMatch(/hunter2|changed!/);
    expect(deps.events.published().at(-1)).toMatchObject({
      type: 'template.updated',
      payload: { fields: ['defaultWorkers', 'defaultEnvVars'] },
    });
  });

  it('records nothing when nothing changes', async () => {
    const created = await createTemplate(deps, owner.actor, body());
    const count = deps.store.state.audit.length;
    await updateTemplate(deps, owner.actor, { id: created.id, defaultWorkers: 4 });
    expect(deps.store.state.audit).toHaveLength(count);
  });

  it('deletes, recording it; the template is gone', async () => {
    const created = await createTemplate(deps, owner.actor, body());
    await deleteTemplate(deps, owner.actor, created.id);
    expect(await caught(() => getTemplate(deps, owner.actor, created.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(deps.events.published().at(-1)).toMatchObject({
      type: 'template.deleted',
      payload: { targetId: created.id },
    });
  });
});

describe('public templates of an agency', () => {
  let agency: SignedUp;
  let clientId: string;
  let clientMember: SignedUp;

  beforeEach(async () => {
    agency = await signUpAgency(deps, 'Agnes Agency');
    clientId = (await addClient(deps, agency.actor, 'Client Co')).id;
    clientMember = await joinClientAs(deps, agency.actor, clientId, 'Carl Client', 'Admin');
  });

  it("shows the agency's public templates, marked shared, to its clients' members, and not the private ones", async () => {
    const shared = await createTemplate(deps, agency.actor, body({ name: 'Agency Standard', isPublic: true }));
    await createTemplate(deps, agency.actor, body({ name: 'Agency Internal' }));
    const own = await createTemplate(deps, clientMember.actor, body({ name: 'Client Own' }));
    const seen = await listTemplates(deps, clientMember.actor, { sort: 'name' });
    expect(seen.items.map((t) => [t.name, t.shared])).toEqual([
      ['Agency Standard', true],
      ['Client Own', false],
    ]);
    expect(await getTemplate(deps, clientMember.actor, shared.id)).toMatchObject({
      shared: true,
      organizationId: agency.organization.id,
    });
    expect((await listTemplates(deps, agency.actor, { sort: 'name', order: 'desc' })).items.map((t) => t.name)).toEqual(
      ['Agency Standard', 'Agency Internal'],
    );
    expect((await listTemplates(deps, agency.actor)).items.map((t) => t.id)).not.toContain(own.id);
  });

  it('shows them to operators acting in the client too', async () => {
    await createTemplate(deps, agency.actor, body({ name: 'Agency Standard', isPublic: true }));
    const operator = await switchInto(deps, agency.actor, clientId);
    expect((await listTemplates(deps, operator.actor)).items.map((t) => t.name)).toEqual(['Agency Standard']);
  });

  it('keeps them read-only for the client', async () => {
    const shared = await createTemplate(deps, agency.actor, body({ name: 'Agency Standard', isPublic: true }));
    expect(
      await caught(() => updateTemplate(deps, clientMember.actor, { id: shared.id, name: 'Taken' })),
    ).toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringContaining('read-only') });
    expect(await caught(() => deleteTemplate(deps, clientMember.actor, shared.id))).toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    expect((await getTemplate(deps, agency.actor, shared.id)).name).toBe('Agency Standard');
  });

  it('hides them from organizations that are not clients of that agency', async () => {
    const shared = await createTemplate(deps, agency.actor, body({ isPublic: true }));
    const stranger = await signUpUser(deps, 'Sam Stranger');
    const otherAgency = await signUpAgency(deps, 'Other Agency');
    const otherClient = await joinClientAs(
      deps,
      otherAgency.actor,
      (await addClient(deps, otherAgency.actor, 'Other Client')).id,
      'Oscar',
      'Admin',
    );
    for (const who of [stranger, otherClient]) {
      expect((await listTemplates(deps, who.actor)).total).toBe(0);
      expect(await caught(() => getTemplate(deps, who.actor, shared.id))).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('stops showing a template made private again', async () => {
    const shared = await createTemplate(deps, agency.actor, body({ isPublic: true }));
    await updateTemplate(deps, agency.actor, { id: shared.id, isPublic: false });
    expect(await caught(() => getTemplate(deps, clientMember.actor, shared.id))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('captureTemplate', () => {
  async function instance() {
    const server = await createServer(deps, owner.actor, {
      name: 'odoo-1',
      host: '127.0.0.5',
      port: 22,
      sshUser: 'root',
      capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
    });
    const template = await createTemplate(deps, owner.actor, body());
    const placed = await provisionInstance(deps, owner.actor, {
      id: template.id,
      serverId: server.id,
      name: 'acme-prod',
      overrides: { WORKERS: '6', DB_FILTER: '^acme$' },
    });
    return placed.instance;
  }

  it("saves the instance's settings as a template named after it", async () => {
    const source = await instance();
    const captured = await captureTemplate(deps, owner.actor, { instanceId: source.id });
    expect(captured).toMatchObject({
      name: 'acme-prod template',
      description: 'Captured from instance acme-prod',
      odooVersion: '18.0',
      odooEdition: 'ce',
      defaultWorkers: 6,
      defaultEnvVars: { PROXY_MODE: 'True', DB_FILTER: '^acme$' },
      moduleList: ['sale', 'stock'],
      isPublic: false,
      shared: false,
    });
    expect(deps.events.published().at(-1)).toMatchObject({
      type: 'template.created',
      payload: { fromInstanceId: source.id },
    });
  });

  it('takes a given name, description and isPublic', async () => {
    const source = await instance();
    expect(
      await captureTemplate(deps, owner.actor, {
        instanceId: source.id,
        name: 'Golden',
        description: 'd',
        isPublic: true,
      }),
    ).toMatchObject({ name: 'Golden', description: 'd', isPublic: true });
  });

  it("refuses another organization's instance as not found, and needs manage:templates", async () => {
    const source = await instance();
    const stranger = await signUpUser(deps, 'Sam Stranger');
    expect(await caught(() => captureTemplate(deps, stranger.actor, { instanceId: source.id }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    const viewer = await joinAs(deps, owner.actor, 'Vera', 'Viewer');
    expect(await caught(() => captureTemplate(deps, viewer.actor, { instanceId: source.id }))).toMatchObject({
      permission: 'manage:templates',
    });
  });

  it('refuses an instance whose version is no longer supported', async () => {
    const source = await instance();
    deps.store.state.instances[0]!.odooVersion = '15.0';
    expect(await caught(() => captureTemplate(deps, owner.actor, { instanceId: source.id }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'odooVersion',
    });
  });
});
