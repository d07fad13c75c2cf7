import { beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../servers/server.service.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { createBackupFakes, type BackupFakes } from '../testing/backup-fakes.js';
import { caught, joinAs, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { createInstance } from '../instances/provision.service.js';
import { updateInstance } from '../instances/instance.service.js';
import { createProject, deleteProject, getProject, listProjects, updateProject } from './project.service.js';
import { createProjectInput } from './project.schema.js';

let deps: SettingsTestDeps & BackupFakes;
let owner: SignedUp;

beforeEach(async () => {
  deps = { ...createSettingsTestDeps(), ...createBackupFakes() };
  owner = await signUpUser(deps, 'Olive Owner');
});

describe('projects', () => {
  it('groups instances by stage, refuses a second name, and cannot go while it holds instances', async () => {
    const project = await createProject(deps, owner.actor, createProjectInput.parse({ name: 'Acme ERP' }));
    expect(project).toMatchObject({ name: 'Acme ERP', description: '', instanceCount: 0 });
    expect(
      await caught(() => createProject(deps, owner.actor, createProjectInput.parse({ name: 'acme erp' }))),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'name' });
    const server = await createServer(deps, owner.actor, {
      name: 'odoo-1',
      host: '127.0.0.1',
      port: 22,
      sshUser: 'root',
      capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
    });
    const { instance } = await createInstance(deps, owner.actor, {
      name: 'acme-staging',
      serverId: server.id,
      odooVersion: '18.0',
      projectId: project.id,
      stage: 'staging',
    });
    expect(instance).toMatchObject({ projectId: project.id, stage: 'staging' });
    expect(await getProject(deps, owner.actor, project.id)).toMatchObject({ instanceCount: 1 });
    expect(await caught(() => deleteProject(deps, owner.actor, project.id))).toMatchObject({ code: 'IN_USE' });
    await updateInstance(deps, owner.actor, { id: instance.id, projectId: null });
    expect(await updateProject(deps, owner.actor, { id: project.id, description: 'ERP' })).toMatchObject({
      description: 'ERP',
      instanceCount: 0,
    });
    await deleteProject(deps, owner.actor, project.id);
    expect((await listProjects(deps, owner.actor)).total).toBe(0);
    expect(deps.store.state.audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['project.created', 'project.updated', 'project.deleted']),
    );
  });

  it("refuses another organization's project, and changes need manage:instances", async () => {
    const project = await createProject(deps, owner.actor, createProjectInput.parse({ name: 'Acme ERP' }));
    const stranger = await signUpUser(deps, 'Sam Stranger');
    expect(await caught(() => getProject(deps, stranger.actor, project.id))).toMatchObject({ code: 'NOT_FOUND' });
    const viewer = await joinAs(deps, owner.actor, 'Vera', 'Viewer');
    expect((await listProjects(deps, viewer.actor)).total).toBe(1);
    expect(await caught(() => deleteProject(deps, viewer.actor, project.id))).toMatchObject({
      permission: 'manage:instances',
    });
  });
});
