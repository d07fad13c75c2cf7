import { beforeEach, describe, expect, it } from 'vitest';
import { createServer, deleteServer } from '../servers/server.service.js';
import { deleteOrganization } from '../organizations/organization.service.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { caught, joinAs, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { createTemplateInput } from '../templates/template.schema.js';
import { createTemplate, deleteTemplate } from '../templates/template.service.js';
import type { Instance } from './instance.schema.js';
import { deleteInstance, getInstance, listInstances } from './instance.service.js';
import { provisionInstance } from './provision.service.js';

let deps: SettingsTestDeps;
let owner: SignedUp;
let instance: Instance;

beforeEach(async () => {
  deps = createSettingsTestDeps();
  owner = await signUpUser(deps, 'Olive Owner');
  const server = await createServer(deps, owner.actor, {
    name: 'odoo-1',
    host: '10.0.0.5',
    port: 22,
    sshUser: 'root',
    capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
  });
  const template = await createTemplate(
    deps,
    owner.actor,
    createTemplateInput.parse({ name: 'Standard', odooVersion: '18.0' }),
  );
  instance = await provisionInstance(deps, owner.actor, { id: template.id, serverId: server.id, overrides: {} });
});

describe('instances', () => {
  it('lists and reads the organization’s instances', async () => {
    expect(await listInstances(deps, owner.actor)).toEqual({ items: [instance], total: 1 });
    expect(await getInstance(deps, owner.actor, instance.id)).toEqual(instance);
  });

  it('lets a Viewer read but not delete', async () => {
    const viewer = await joinAs(deps, owner.actor, 'Vera', 'Viewer');
    expect((await listInstances(deps, viewer.actor)).total).toBe(1);
    expect(await caught(() => deleteInstance(deps, viewer.actor, instance.id))).toMatchObject({
      code: 'PERMISSION_DENIED',
      permission: 'manage:instances',
    });
  });

  it('deletes, recording it, for a Developer', async () => {
    const dev = await joinAs(deps, owner.actor, 'Dev', 'Developer');
    await deleteInstance(deps, dev.actor, instance.id);
    expect(await caught(() => getInstance(deps, owner.actor, instance.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(deps.store.state.audit.at(-1)).toMatchObject({
      action: 'instance.deleted',
      targetId: instance.id,
      actorUserId: dev.user.id,
    });
    expect(deps.events.published().at(-1)).toMatchObject({ type: 'instance.deleted' });
  });

  it('keeps organizations apart', async () => {
    const stranger = await signUpUser(deps, 'Sam Stranger');
    expect((await listInstances(deps, stranger.actor)).total).toBe(0);
    expect(await caught(() => getInstance(deps, stranger.actor, instance.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await caught(() => deleteInstance(deps, stranger.actor, instance.id))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('outlives its template, losing the link', async () => {
    await deleteTemplate(deps, owner.actor, instance.templateId!);
    expect(await getInstance(deps, owner.actor, instance.id)).toMatchObject({ templateId: null, name: 'Standard' });
  });

  it('keeps its server from being deleted, and goes with its organization', async () => {
    expect(await caughtError(() => deleteServer(deps, owner.actor, instance.serverId))).toMatchObject({
      code: 'IN_USE',
    });
    expect((await listInstances(deps, owner.actor)).total).toBe(1);
    await deleteOrganization(deps, owner.actor);
    expect(deps.store.state.instances).toEqual([]);
  });
});

async function caughtError(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
