import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { openTerminal } from './testing/terminal-client.js';

/**
 * The terminal socket without an engine: what it refuses before any session exists (the
 * docker test covers sessions themselves).
 */
let t: TestApp;
let token: string;
let instanceId: string;

beforeAll(async () => {
  t = await startTestApp({ OCORE_WS_AUTH_GRACE_MS: '300' });
  const owner = await t.signup();
  token = owner.token;
  const server = await t.api('POST', '/api/servers', {
    token,
    body: { name: 'nowhere', host: '127.0.0.1', port: 9, capacity: { cpuCores: 1, memoryMb: 1024, maxInstances: 1 } },
  });
  // No job worker runs here: the instance stays pending.
  const created = await t.api('POST', '/api/instances', {
    token,
    body: { serverId: server.body.id, name: 'Pending', odooVersion: '18.0' },
  });
  instanceId = created.body.instanceId;
});

afterAll(() => t?.close());

describe('the terminal socket', () => {
  it('issues no ticket for an instance that does not run, naming the field', async () => {
    const answer = await t.api('POST', `/api/instances/${instanceId}/terminal`, { token, body: { kind: 'shell' } });
    expect(answer).toMatchObject({ status: 400, body: { error: 'INVALID_INPUT', field: 'instanceId' } });
  });

  it('refuses an unknown ticket, a first message that is not one, and silence', async () => {
    const unknown = await openTerminal(t.url, { ticket: 'ott_nothing', token });
    expect(unknown.controls[0]).toMatchObject({ type: 'error', code: 'UNAUTHENTICATED' });
    expect((await unknown.closed).code).toBe(1008);

    const anonymous = await openTerminal(t.url, { ticket: 'ott_nothing', token: 'not-a-token' });
    expect(anonymous.controls[0]).toMatchObject({ type: 'error', code: 'UNAUTHENTICATED' });

    const garbage = await openTerminal(t.url, 'hello');
    expect(garbage.controls[0]).toMatchObject({ type: 'error', code: 'INVALID_INPUT' });
  });

  it('closes a socket that sends nothing within the grace', async () => {
    const { WebSocket } = await import('ws');
    const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/terminal`);
    const code = await new Promise<number>((resolve) => socket.on('close', (c) => resolve(c)));
    expect(code).toBe(1008);
  });

  it('refuses another site as Origin before the upgrade', async () => {
    const elsewhere = await openTerminal(t.url, { ticket: 'x', token }, { Origin: 'https://evil.test' });
    expect(elsewhere.controls).toEqual([]);
    expect((await elsewhere.closed).code).toBe(1006);
  });
});
