import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.js';
import type { Server } from '../servers/server.schema.js';
import { createServer } from '../servers/server.service.js';
import { createBackupFakes, type BackupFakes } from '../testing/backup-fakes.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { caught, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { createTemplateInput, updateTemplateInput, type Template } from '../templates/template.schema.js';
import { captureTemplate, createTemplate, updateTemplate } from '../templates/template.service.js';
import { createInstanceInput, provisionInput, updateInstanceInput } from './instance.schema.js';
import { updateInstance } from './instance.service.js';
import { runtimeNames } from './instance.rules.js';
import { runOperation } from './operation.runner.js';
import { createInstance, provisionInstance } from './provision.service.js';

let deps: SettingsTestDeps & BackupFakes;
let owner: SignedUp;
let server: Server;
let template: Template;

const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----';

async function addServer(actor: Actor, capacity: { cpuCores: number; memoryMb: number }): Promise<Server> {
  return createServer(deps, actor, {
    name: 'odoo-1',
    host: '127.0.0.1',
    port: 22,
    sshUser: 'root',
    sshPrivateKey: key,
    capacity: { ...capacity, maxInstances: 10 },
  });
}

/** Provisions from the template through the input schema, as a request would. */
async function provision(body: Record<string, unknown>) {
  const input = provisionInput.parse({ id: template.id, serverId: server.id, ...body });
  return (await provisionInstance(deps, owner.actor, input)).instance;
}

/** Runs every queued operation, as the job would. */
async function drain() {
  for (const id of deps.operationQueue.requested.splice(0)) await runOperation(deps, id);
}

beforeEach(async () => {
  deps = { ...createSettingsTestDeps(), ...createBackupFakes() };
  owner = await signUpUser(deps, 'Olive Owner');
  server = await addServer(owner.actor, { cpuCores: 4, memoryMb: 8192 });
  template = await createTemplate(
    deps,
    owner.actor,
    createTemplateInput.parse({ name: 'Sized', odooVersion: '18.0', cpuLimit: 1.5, memoryLimitMb: 2048 }),
  );
});

describe('the CPU and memory limits of a template', () => {
  it('are the limits of the container provisioned from it', async () => {
    const instance = await provision({});
    expect(instance).toMatchObject({ cpuLimit: 1.5, memoryLimitMb: 2048 });
    await drain();
    const odoo = deps.runtimes.engine('127.0.0.1').containers.get(runtimeNames(instance).container)!;
    expect(odoo.status).toBe('running');
    expect(odoo.spec.limits).toEqual({ cpus: 1.5, memoryMb: 2048 });
    // Odoo's own memory limits follow the container's: 2048 MB over 2 workers + 2.
    expect(odoo.files.get('/etc/odoo/odoo.conf')).toMatch(/^limit_memory_hard = 536870912$/m);
    const audit = deps.store.state.audit.find((a) => a.action === 'instance.created');
    expect(audit?.diff).toMatchObject({ after: { cpuLimit: 1.5, memoryLimitMb: 2048 } });
  });

  it("give way to the request's own, and a request's null means no limit", async () => {
    expect(await provision({ cpuLimit: 0.5 })).toMatchObject({ cpuLimit: 0.5, memoryLimitMb: 2048 });
    const unlimited = await provision({ cpuLimit: null, memoryLimitMb: null });
    expect(unlimited).toMatchObject({ cpuLimit: null, memoryLimitMb: null });
    await drain();
    const odoo = deps.runtimes.engine('127.0.0.1').containers.get(runtimeNames(unlimited).container)!;
    expect(odoo.spec.limits).toEqual({});
  });

  it('apply to POST /api/instances with a templateId, unless the body sets them', async () => {
    const direct = (body: Record<string, unknown>) =>
      createInstance(deps, owner.actor, createInstanceInput.parse({ serverId: server.id, ...body }));
    expect((await direct({ name: 'From template', templateId: template.id })).instance).toMatchObject({
      cpuLimit: 1.5,
      memoryLimitMb: 2048,
    });
    expect((await direct({ name: 'Overridden', templateId: template.id, memoryLimitMb: 1024 })).instance).toMatchObject(
      { cpuLimit: 1.5, memoryLimitMb: 1024 },
    );
    expect((await direct({ name: 'No template', odooVersion: '18.0' })).instance).toMatchObject({
      cpuLimit: null,
      memoryLimitMb: null,
    });
  });

  it('are refused, naming the field, when the server cannot hold them', async () => {
    await updateTemplate(deps, owner.actor, updateTemplateInput.parse({ id: template.id, cpuLimit: 6 }));
    expect(await caught(() => provision({}))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'cpuLimit',
      message: 'cpuLimit: 6 CPU cores are more than server odoo-1 has (4 cores)',
    });
    expect(await provision({ cpuLimit: 4 })).toMatchObject({ cpuLimit: 4 });
  });

  it("count the memory limits of the server's instances against its memory", async () => {
    await provision({ memoryLimitMb: 4096 });
    await provision({});
    // 4096 + 2048 of 8192 MB are given: 2048 more fit, 2049 do not.
    expect(await caught(() => provision({ memoryLimitMb: 2049 }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'memoryLimitMb',
      message: expect.stringContaining('2048 of its 8192 MB'),
    });
    // An instance without a limit takes none of it.
    await provision({ memoryLimitMb: null });
    expect(await provision({})).toMatchObject({ memoryLimitMb: 2048 });
    expect(deps.store.state.instances).toHaveLength(4);
  });

  it("are checked the same way when an instance's own limits change", async () => {
    const big = await provision({ memoryLimitMb: 4096 });
    const other = await provision({});
    await drain();
    const change = (id: string, body: Record<string, unknown>) =>
      updateInstance(deps, owner.actor, updateInstanceInput.parse({ id, ...body }));
    // Its own old limit does not count against it: 4096 -> 6144 next to 2048 fits 8192.
    expect((await change(big.id, { memoryLimitMb: 6144 })).instance).toMatchObject({ memoryLimitMb: 6144 });
    expect(await caught(() => change(other.id, { memoryLimitMb: 2049 }))).toMatchObject({
      field: 'memoryLimitMb',
    });
    expect(await caught(() => change(other.id, { cpuLimit: 8 }))).toMatchObject({ field: 'cpuLimit' });
    expect((await change(other.id, { cpuLimit: 0.5 })).instance).toMatchObject({ cpuLimit: 0.5, memoryLimitMb: 2048 });
  });

  it('are kept by a template captured from an instance, and changed or removed by an update', async () => {
    const instance = await provision({ cpuLimit: 2 });
    const captured = await captureTemplate(deps, owner.actor, { instanceId: instance.id });
    expect(captured).toMatchObject({ cpuLimit: 2, memoryLimitMb: 2048 });
    const updated = await updateTemplate(
      deps,
      owner.actor,
      updateTemplateInput.parse({ id: captured.id, cpuLimit: null, memoryLimitMb: 512 }),
    );
    expect(updated).toMatchObject({ cpuLimit: null, memoryLimitMb: 512 });
    const audit = deps.store.state.audit.filter((a) => a.action === 'template.updated').at(-1);
    expect(audit?.diff).toEqual({ cpuLimit: { from: 2, to: null }, memoryLimitMb: { from: 2048, to: 512 } });
  });
});
