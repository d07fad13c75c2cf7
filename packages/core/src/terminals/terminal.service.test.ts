import { beforeEach, describe, expect, it } from 'vitest';
import { updatePortalConfig } from '../agency/portal-config.service.js';
import type { Actor } from '../auth/actor.js';
import { createServer } from '../servers/server.service.js';
import { createInstance } from '../instances/provision.service.js';
import { runOperation } from '../instances/operation.runner.js';
import { addClient, joinClientAs, signUpAgency, switchInto } from '../testing/agency-fixtures.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { caught, joinAs, signUpUser } from '../testing/test-fixtures.js';
import type { TerminalGrant, TerminalTicketStore } from './terminal.ports.js';
import { defaultTerminalLimits, terminalCommand } from './terminal.rules.js';
import { openTerminalInput } from './terminal.schema.js';
import { requestTerminal, startTerminal, type TerminalDeps } from './terminal.service.js';

/** Tickets in memory, used once, as the PostgreSQL store does. */
function createTicketStore(): TerminalTicketStore {
  const tickets = new Map<string, TerminalGrant & { expiresAt: Date; used: boolean }>();
  return {
    insert: ({ hash, ...rest }) => Promise.resolve(void tickets.set(hash, { ...rest, used: false })),
    redeem: (hash, now) => {
      const found = tickets.get(hash);
      if (!found || found.used || found.expiresAt <= now) return Promise.resolve(undefined);
      found.used = true;
      const { expiresAt: _e, used: _u, ...grant } = found;
      return Promise.resolve(grant);
    },
  };
}

const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----';
let deps: SettingsTestDeps & TerminalDeps;
let agency: Actor;
let operator: Actor;
let member: Actor;
let instanceId: string;

const ask = (actor: Actor, fields: Record<string, unknown> = {}) =>
  requestTerminal(deps, actor, openTerminalInput.parse({ instanceId, kind: 'shell', ...fields }));

beforeEach(async () => {
  deps = {
    ...createSettingsTestDeps(),
    terminalTickets: createTicketStore(),
    terminalLimits: defaultTerminalLimits,
    terminalTranscripts: {
      insert: () => Promise.reject(new Error('no transcript is kept in these tests')),
      list: () => Promise.resolve([]),
      find: () => Promise.resolve(undefined),
    },
  };
  agency = (await signUpAgency(deps, 'Agnes Agency')).actor;
  const client = await addClient(deps, agency, 'Client Co');
  operator = (await switchInto(deps, agency, client.id)).actor;
  member = (await joinClientAs(deps, agency, client.id, 'Dev Member', 'Developer')).actor;
  const server = await createServer(deps, operator, {
    name: 'odoo-1',
    host: '127.0.0.1',
    port: 22,
    sshUser: 'root',
    sshPrivateKey: key,
    capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
  });
  const { instance } = await createInstance(deps, operator, {
    serverId: server.id,
    name: 'Shop',
    odooVersion: '18.0',
  });
  instanceId = instance.id;
});

async function run() {
  for (const id of deps.operationQueue.requested.splice(0)) await runOperation(deps, id);
}

describe('terminal tickets', () => {
  it('are refused on an instance that is not running, then issued once it runs', async () => {
    expect(await caught(() => ask(member))).toMatchObject({ code: 'INVALID_INPUT', field: 'instanceId' });
    await run();
    expect(await ask(member)).toMatchObject({ path: '/terminal', ticket: expect.stringMatching(/^ott_/) });
  });

  it('need manage:instances, and the portal switch for client members only', async () => {
    await run();
    const viewer = (await joinAs(deps, operator, 'Vera Viewer', 'Viewer')).actor;
    expect(await caught(() => ask(viewer))).toMatchObject({ code: 'PERMISSION_DENIED' });
    await updatePortalConfig(deps, agency, { featureTerminal: false });
    expect(await caught(() => ask(member))).toMatchObject({ code: 'FEATURE_DISABLED', feature: 'featureTerminal' });
    expect(await ask(member, { kind: 'odoo' })).toBeDefined();
    expect(await ask(operator)).toBeDefined();
  });

  it("never reach another organization's instance", async () => {
    await run();
    const stranger = (await signUpUser(deps, 'Stan Stranger')).actor;
    expect(await caught(() => ask(stranger))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('are used once, by the user they were issued to', async () => {
    await run();
    const { ticket } = await ask(member);
    expect(await caught(() => startTerminal(deps, operator, ticket))).toMatchObject({ code: 'UNAUTHENTICATED' });
    const mine = (await ask(member)).ticket;
    // The fake engine opens no sessions: the ticket is spent all the same.
    expect(await caught(() => startTerminal(deps, member, mine))).toMatchObject({ code: 'UNAVAILABLE' });
    expect(await caught(() => startTerminal(deps, member, mine))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('what a session runs', () => {
  it('is chosen by the server: the instance container, as odoo, a shell or odoo shell on its database', () => {
    const instance = { id: '0b9a4c1e-1111-4222-8333-444455556666', organizationId: 'x' };
    expect(terminalCommand(instance, 'shell')).toMatchObject({
      container: 'ocore-odoo-0b9a4c1e1111',
      user: 'odoo',
      command: ['/bin/bash', '--login'],
    });
    expect(terminalCommand(instance, 'odoo').command).toEqual([
      'odoo',
      'shell',
      '-c',
      '/etc/odoo/odoo.conf',
      '-d',
      'odoo_0b9a4c1e1111',
    ]);
  });

  it('refuses any key the server does not take from the request', () => {
    const parsed = openTerminalInput.safeParse({ instanceId: crypto.randomUUID(), kind: 'shell', privileged: true });
    expect(parsed.success).toBe(false);
  });
});
