import { beforeEach, describe, expect, it } from 'vitest';
import { createServer, deleteServer } from '../servers/server.service.js';
import type { Server } from '../servers/server.schema.js';
import { deleteOrganization } from '../organizations/organization.service.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { createBackupFakes, type BackupFakes } from '../testing/backup-fakes.js';
import { listBackups } from '../backups/backup.service.js';
import { listDestinations } from '../backups/destination.service.js';
import { caught, joinAs, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { createTemplateInput } from '../templates/template.schema.js';
import { createTemplate, deleteTemplate } from '../templates/template.service.js';
import type { FakeEngine } from '../testing/fake-runtime.js';
import type { Instance } from './instance.schema.js';
import {
  deleteInstance,
  getInstance,
  listInstances,
  listOperations,
  requestInstanceOperation,
  updateInstance,
} from './instance.service.js';
import { runtimeNames } from './instance.rules.js';
import { failStaleOperations, runOperation } from './operation.runner.js';
import { createInstance, provisionInstance } from './provision.service.js';

let deps: SettingsTestDeps & BackupFakes;
let owner: SignedUp;
let server: Server;
let instance: Instance;
let engine: FakeEngine;

const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----';

/** Runs every queued operation, as the job would. */
async function drain() {
  for (const id of deps.operationQueue.requested.splice(0)) await runOperation(deps, id);
}

beforeEach(async () => {
  deps = { ...createSettingsTestDeps(), ...createBackupFakes() };
  owner = await signUpUser(deps, 'Olive Owner');
  server = await createServer(deps, owner.actor, {
    name: 'odoo-1',
    host: '127.0.0.1',
    port: 22,
    sshUser: 'root',
    sshPrivateKey: key,
    capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
  });
  const template = await createTemplate(
    deps,
    owner.actor,
    createTemplateInput.parse({ name: 'Acme Prod', odooVersion: '18.0', moduleList: ['sale', 'stock'] }),
  );
  ({ instance } = await provisionInstance(deps, owner.actor, {
    id: template.id,
    serverId: server.id,
    overrides: {},
  }));
  engine = deps.runtimes.engine('127.0.0.1');
});

describe('provisioning', () => {
  it('answers pending with its URL, then deploys it for real on the runtime, step by step, to running', async () => {
    expect(instance).toMatchObject({ status: 'pending', slug: 'acme-prod', url: 'https://acme-prod.apps.test' });
    await drain();
    const running = await getInstance(deps, owner.actor, instance.id);
    expect(running).toMatchObject({ status: 'running', failedStep: null });
    const names = runtimeNames(instance);
    const odoo = engine.containers.get(names.container)!;
    expect(odoo.status).toBe('running');
    expect(odoo.spec).toMatchObject({
      image: 'odoo:18.0',
      user: 'odoo',
      networks: [{ name: names.network }],
      volumes: [
        { volume: names.filestore, target: '/var/lib/odoo' },
        { volume: names.addons, target: '/mnt/extra-addons' },
      ],
    });
    const conf = odoo.files.get('/etc/odoo/odoo.conf')!;
    expect(conf).toMatch(/^list_db = False$/m);
    expect(conf).toMatch(/^proxy_mode = True$/m);
    expect(conf).toMatch(new RegExp(`^dbfilter = \\^${names.database}\\$$`, 'm'));
    expect(conf).toMatch(/^admin_passwd = [0-9a-f]{32}$/m);
    expect(conf).toMatch(/^data_dir = \/var\/lib\/odoo$/m);
    // The admin password is kept sealed, never in the clear.
    const row = deps.store.state.instances[0]!;
    expect(row.sealedSecrets).toMatch(/^enc:v1:/);
    expect(engine.containers.get('ocore-postgres')?.spec.networks).toEqual([
      { name: names.network, aliases: ['ocore-postgres'] },
    ]);
    expect(engine.databases).toEqual(new Set([names.database]));
    expect(engine.execs.some((e) => e.includes(`-i sale,stock --stop-after-init`))).toBe(true);
    const { items } = await listOperations(deps, owner.actor, instance.id);
    expect(items[0]).toMatchObject({ kind: 'provision', status: 'succeeded' });
    expect(items[0]!.logs.map((l) => l.step)).toEqual(
      expect.arrayContaining(['pull image odoo:18.0', 'install modules', 'wait for /web/health']),
    );
    const types = deps.events.published().map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['instance.status', 'instance.operation', 'instance.log']));
    expect(deps.store.state.servers[0]!.sshHostKey).toBe('SHA256:fake');
  });

  it('makes the database and the volumes while the image is still being pulled', async () => {
    const names = runtimeNames(instance);
    const madeMeanwhile = () => engine.databases.has(names.database) && engine.volumes.has(names.filestore);
    // The pull ends once the rest is there; one step after the other, it would wait for good (2 s here).
    engine.pulling = async (ref) => {
      for (let waited = 0; ref === 'odoo:18.0' && !madeMeanwhile(); waited += 10) {
        if (waited > 2000) throw new Error('the pull held the database and the volumes');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await drain();
    expect((await getInstance(deps, owner.actor, instance.id)).status).toBe('running');
  });

  it('provisions directly with the template fields, in a project stage, and gives another slug to the same name', async () => {
    const direct = await createInstance(deps, owner.actor, {
      name: 'Acme Prod',
      serverId: server.id,
      odooVersion: '17.0',
      workers: 2,
      stage: 'staging',
    });
    expect(direct.instance).toMatchObject({ slug: 'acme-prod-2', stage: 'staging', odooVersion: '17.0', workers: 2 });
    expect(direct.operation).toMatchObject({ kind: 'provision', status: 'queued' });
    expect(await caught(() => createInstance(deps, owner.actor, { name: 'x y', serverId: server.id }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'odooVersion',
    });
  });

  it('fails with the step and the reason when the image cannot be pulled, and a retry works', async () => {
    engine.missingImages.add('odoo:18.0');
    await drain();
    expect(await getInstance(deps, owner.actor, instance.id)).toMatchObject({
      status: 'failed',
      failedStep: 'pull image odoo:18.0',
      failureReason: expect.stringContaining('not found'),
    });
    engine.missingImages.clear();
    const retry = await requestInstanceOperation(deps, owner.actor, instance.id, 'redeploy');
    expect(retry.kind).toBe('redeploy');
    await drain();
    expect((await getInstance(deps, owner.actor, instance.id)).status).toBe('running');
  });

  it('upgrades an instance that never got a database without a backup, saying so', async () => {
    // The shared PostgreSQL cannot start: the deploy fails before the instance's database.
    engine.missingImages.add('postgres:15');
    await drain();
    engine.missingImages.clear();
    const { operation } = await updateInstance(deps, owner.actor, { id: instance.id, odooVersion: '19.0' });
    await drain();
    const [update] = (await listOperations(deps, owner.actor, instance.id)).items;
    expect(update).toMatchObject({ id: operation!.id, status: 'succeeded' });
    expect(update?.logs[0]?.text).toBe(
      'no backup before upgrading Odoo from 18.0 to 19.0: the instance has no database yet',
    );
    expect((await listBackups(deps, owner.actor, instance.id)).total).toBe(0);
  });

  it('fails when /web/health never answers, naming the wait', async () => {
    engine.unhealthy = true;
    await drain();
    expect(await getInstance(deps, owner.actor, instance.id)).toMatchObject({
      status: 'failed',
      failedStep: 'wait for /web/health',
      failureReason: expect.stringContaining('503'),
    });
  });

  it('fails the operation when the queue refuses it, rather than leaving it queued', async () => {
    await drain();
    deps.operationQueue.failing = true;
    expect(await caught(() => requestInstanceOperation(deps, owner.actor, instance.id, 'stop'))).toBeInstanceOf(Error);
    const { items } = await listOperations(deps, owner.actor, instance.id);
    expect(items[0]).toMatchObject({ kind: 'stop', status: 'failed', error: expect.stringContaining('queue') });
  });
});

describe('the lifecycle', () => {
  beforeEach(drain);

  it('stops, starts, restarts, and refuses a second operation while one is queued', async () => {
    const container = runtimeNames(instance).container;
    await requestInstanceOperation(deps, owner.actor, instance.id, 'stop');
    expect(await caught(() => requestInstanceOperation(deps, owner.actor, instance.id, 'restart'))).toMatchObject({
      code: 'DEPLOYMENT_RUNNING',
    });
    await drain();
    expect((await getInstance(deps, owner.actor, instance.id)).status).toBe('stopped');
    expect(engine.containers.get(container)!.status).toBe('exited');
    expect(await caught(() => requestInstanceOperation(deps, owner.actor, instance.id, 'stop'))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'status',
    });
    await requestInstanceOperation(deps, owner.actor, instance.id, 'start');
    await drain();
    expect((await getInstance(deps, owner.actor, instance.id)).status).toBe('running');
    await requestInstanceOperation(deps, owner.actor, instance.id, 'restart');
    await drain();
    expect((await getInstance(deps, owner.actor, instance.id)).status).toBe('running');
  });

  it('updates workers by recreating the container with the new odoo.conf; a rename needs no operation', async () => {
    const renamed = await updateInstance(deps, owner.actor, { id: instance.id, name: 'Acme Live' });
    expect(renamed.operation).toBeNull();
    expect(renamed.instance).toMatchObject({ name: 'Acme Live', slug: 'acme-prod', status: 'running' });
    // The user edited odoo.conf in the file editor: a key of their own, and a managed one.
    const files = engine.containers.get(runtimeNames(instance).container)!.files;
    const edited = `${files.get('/etc/odoo/odoo.conf')!}smtp_server = mail.example.com\nlist_db = True\n`;
    files.set('/etc/odoo/odoo.conf', edited.replace(/^workers = .*$/m, 'workers = 1'));
    const { operation } = await updateInstance(deps, owner.actor, { id: instance.id, workers: 6 });
    expect(operation).toMatchObject({ kind: 'update' });
    await drain();
    const conf = engine.containers.get(runtimeNames(instance).container)!.files.get('/etc/odoo/odoo.conf')!;
    expect(conf).toMatch(/^workers = 6$/m);
    expect(conf).toMatch(/^smtp_server = mail\.example\.com$/m);
    expect(conf).toMatch(/^list_db = False$/m);
    expect(conf).not.toMatch(/^list_db = True$/m);
    const [update] = (await listOperations(deps, owner.actor, instance.id)).items;
    expect(update?.logs.map((l) => l.text)).toContain('odoo.conf: kept your own keys smtp_server');
    expect((await getInstance(deps, owner.actor, instance.id)).status).toBe('running');
  });

  it('backs the instance up before an upgrade (to its server’s disk without a default destination) and logs it', async () => {
    const { operation } = await updateInstance(deps, owner.actor, { id: instance.id, odooVersion: '19.0' });
    // Taken before the upgrade was even queued: completed, listed, saying what it was for.
    const [backup] = (await listBackups(deps, owner.actor, instance.id)).items;
    expect(backup).toMatchObject({
      status: 'completed',
      trigger: 'safety',
      purpose: 'before upgrading Odoo from 18.0 to 19.0',
      database: null,
      createdBy: owner.actor.userId,
    });
    const [disk] = (await listDestinations(deps, owner.actor)).items;
    expect(disk).toMatchObject({ id: backup!.destinationId, kind: 'server', server: { serverId: server.id } });
    await drain();
    const [update] = (await listOperations(deps, owner.actor, instance.id)).items;
    expect(update).toMatchObject({ id: operation!.id, status: 'succeeded' });
    expect(update?.logs[0]?.text).toBe(`backup ${backup!.id} taken before upgrading Odoo from 18.0 to 19.0`);
    // Another change takes none.
    await updateInstance(deps, owner.actor, { id: instance.id, workers: 3 });
    expect((await listBackups(deps, owner.actor, instance.id)).total).toBe(1);
  });

  it('does not upgrade when the backup before it fails, and says why', async () => {
    deps.backupStores.refuse = 'No space left on device';
    const err = await caught(() => updateInstance(deps, owner.actor, { id: instance.id, odooVersion: '19.0' }));
    expect(err).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('No space left on device') });
    expect((err as Error).message).toContain('before upgrading Odoo from 18.0 to 19.0');
    expect(await getInstance(deps, owner.actor, instance.id)).toMatchObject({ odooVersion: '18.0', status: 'running' });
    expect(deps.operationQueue.requested).toEqual([]);
    const [failed] = (await listBackups(deps, owner.actor, instance.id)).items;
    expect(failed).toMatchObject({ status: 'failed', reason: 'No space left on device' });
    expect((err as Error).message).toContain(failed!.id);
  });

  it('deletes container, database and volumes; keepData keeps the data', async () => {
    const names = runtimeNames(instance);
    const second = (await createInstance(deps, owner.actor, { name: 'Keep', serverId: server.id, odooVersion: '18.0' }))
      .instance;
    await drain();
    await deleteInstance(deps, owner.actor, second.id, true);
    expect((await getInstance(deps, owner.actor, second.id)).status).toBe('deleting');
    await drain();
    expect(engine.volumes.has(runtimeNames(second).filestore)).toBe(true);
    expect(engine.databases.has(runtimeNames(second).database)).toBe(true);

    const dev = await joinAs(deps, owner.actor, 'Dev', 'Developer');
    const op = await deleteInstance(deps, dev.actor, instance.id);
    await drain();
    expect(await caught(() => getInstance(deps, owner.actor, instance.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(engine.containers.has(names.container)).toBe(false);
    expect(engine.volumes.has(names.filestore) || engine.volumes.has(names.addons)).toBe(false);
    expect(engine.databases.has(names.database) || engine.roles.has(names.database)).toBe(false);
    expect(deps.store.state.audit.findLast((a) => a.action === 'instance.delete_requested')).toMatchObject({
      targetId: instance.id,
      actorUserId: dev.user.id,
    });
    expect(deps.store.state.operations.find((o) => o.id === op.id)).toMatchObject({
      status: 'succeeded',
      instanceId: null,
    });
  });

  it('fails an operation whose worker went silent, so it can be retried', async () => {
    await requestInstanceOperation(deps, owner.actor, instance.id, 'restart');
    const id = deps.operationQueue.requested[0]!;
    await deps.store.transaction((tx) => tx.operations.update(id, { status: 'running', startedAt: deps.clock.now() }));
    deps.clock.advance(120_000);
    expect(await failStaleOperations(deps)).toBe(1);
    expect(await getInstance(deps, owner.actor, instance.id)).toMatchObject({
      status: 'failed',
      failureReason: expect.stringContaining('stopped while the operation ran'),
    });
  });
});

describe('permissions and ownership', () => {
  it('lets a Viewer read but not change', async () => {
    const viewer = await joinAs(deps, owner.actor, 'Vera', 'Viewer');
    expect((await listInstances(deps, viewer.actor)).total).toBe(1);
    expect(await caught(() => deleteInstance(deps, viewer.actor, instance.id))).toMatchObject({
      code: 'PERMISSION_DENIED',
      permission: 'manage:instances',
    });
    expect(await caught(() => requestInstanceOperation(deps, viewer.actor, instance.id, 'stop'))).toMatchObject({
      permission: 'manage:instances',
    });
  });

  it('keeps organizations apart', async () => {
    const stranger = await signUpUser(deps, 'Sam Stranger');
    expect((await listInstances(deps, stranger.actor)).total).toBe(0);
    expect(await caught(() => getInstance(deps, stranger.actor, instance.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await caught(() => deleteInstance(deps, stranger.actor, instance.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await caught(() => listOperations(deps, stranger.actor, instance.id))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('outlives its template, keeps its server from deletion, and goes with its organization', async () => {
    await deleteTemplate(deps, owner.actor, instance.templateId!);
    expect(await getInstance(deps, owner.actor, instance.id)).toMatchObject({ templateId: null });
    expect(await caught(() => deleteServer(deps, owner.actor, instance.serverId))).toMatchObject({ code: 'IN_USE' });
    await deleteOrganization(deps, owner.actor);
    expect(deps.store.state.instances).toEqual([]);
  });
});

describe('deleting what never deployed', () => {
  it('removes the record without reaching the server when nothing of the instance was created there', async () => {
    engine.unreachable = true;
    await drain();
    expect((await getInstance(deps, owner.actor, instance.id)).status).toBe('failed');
    await deleteInstance(deps, owner.actor, instance.id);
    await drain();
    expect(await caught(() => getInstance(deps, owner.actor, instance.id))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('a delete while the provision waits in the queue', () => {
  it('supersedes the queued operation instead of waiting for it', async () => {
    const [provision] = deps.operationQueue.requested.splice(0);
    await deleteInstance(deps, owner.actor, instance.id);
    expect(deps.store.state.operations.find((o) => o.id === provision)).toMatchObject({
      status: 'failed',
      error: 'superseded by a delete',
    });
    await drain();
    expect(await caught(() => getInstance(deps, owner.actor, instance.id))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
