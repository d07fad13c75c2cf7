import { describe, expect, it } from 'vitest';
import type { SubscriptionValidation } from '../org-settings/org-settings.schema.js';
import type { ServerRecord } from '../servers/server.ports.js';
import {
  applyOverrides,
  maxWorkersFor,
  requireSupportedVersion,
  serverRefusal,
  subscriptionProblem,
} from './provision.rules.js';

const defaults = { defaultWorkers: 4, defaultEnvVars: { PROXY_MODE: 'True', LIMIT: '1' } };

function server(over: Partial<ServerRecord> = {}): ServerRecord {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    organizationId: '00000000-0000-4000-8000-000000000002',
    name: 'odoo-1',
    host: '127.0.0.5',
    port: 22,
    sshUser: 'root',
    hasSshKey: false,
    hasSshPassword: false,
    sealedKey: null,
    sealedPassword: null,
    sshHostKey: null,
    dockerSocket: '/var/run/docker.sock',
    capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
    status: 'active',
    lastProbeAt: null,
    lastProbeError: null,
    lastCheckedAt: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}

function validation(over: Partial<SubscriptionValidation> = {}): SubscriptionValidation {
  return {
    odooVersion: '18.0',
    valid: false,
    reason: 'The subscription authority refused the code',
    checks: [],
    checkedAt: '2025-01-01T00:00:00.000Z',
    source: 'stored',
    ...over,
  };
}

describe('requireSupportedVersion', () => {
  it('passes a supported version and refuses another, naming odooVersion and the supported list', () => {
    expect(() => requireSupportedVersion('18.0', 't')).not.toThrow();
    expect(() => requireSupportedVersion('15.0', 'Old')).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        field: 'odooVersion',
        message: expect.stringMatching(/15\.0.*"Old".*16\.0, 17\.0, 18\.0, 19\.0/),
      }),
    );
  });
});

describe('applyOverrides', () => {
  it('keeps the defaults without overrides', () => {
    expect(applyOverrides(defaults, {})).toEqual({ workers: 4, envVars: { PROXY_MODE: 'True', LIMIT: '1' } });
  });

  it('takes WORKERS as the worker count, not as a variable', () => {
    expect(applyOverrides(defaults, { WORKERS: '6' })).toEqual({ workers: 6, envVars: defaults.defaultEnvVars });
    expect(applyOverrides(defaults, { WORKERS: '0' }).workers).toBe(0);
  });

  it.each(['-1', '65', '2.5', 'six', '', '1e1'])('refuses WORKERS %j, naming overrides.WORKERS', (value) => {
    expect(() => applyOverrides(defaults, { WORKERS: value })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'overrides.WORKERS' }),
    );
  });

  it('replaces and adds variables', () => {
    expect(applyOverrides(defaults, { PROXY_MODE: 'False', DB_FILTER: '^acme$' }).envVars).toEqual({
      PROXY_MODE: 'False',
      LIMIT: '1',
      DB_FILTER: '^acme$',
    });
  });

  it('refuses a bad variable name or value, naming it', () => {
    expect(() => applyOverrides(defaults, { 'bad-name': 'x' })).toThrow(
      expect.objectContaining({ field: 'overrides.bad-name' }),
    );
    expect(() => applyOverrides(defaults, { BIG: 'v'.repeat(4097) })).toThrow(
      expect.objectContaining({ field: 'overrides.BIG', message: expect.stringContaining('4096') }),
    );
  });

  it('refuses more than 100 variables once merged', () => {
    const many = Object.fromEntries(Array.from({ length: 99 }, (_, i) => [`V${i}`, 'x']));
    expect(() => applyOverrides(defaults, many)).toThrow(
      expect.objectContaining({ field: 'overrides', message: expect.stringContaining('at most 100') }),
    );
    expect(() => applyOverrides({ ...defaults, defaultEnvVars: {} }, many)).not.toThrow();
  });
});

describe('subscriptionProblem', () => {
  it('names a missing code', () => {
    expect(subscriptionProblem(undefined, '18.0', null)).toMatch(/subscription code.*none is stored/);
  });

  it('names a stored code that fails the local format check', () => {
    expect(subscriptionProblem('short', '18.0', null)).toMatch(/stored subscription code must be 8-64 characters/);
    expect(subscriptionProblem('bad code!!', '18.0', null)).toMatch(/letters, digits and hyphens/);
  });

  it('passes a well-formed code', () => {
    expect(subscriptionProblem('M2407151234567', '18.0', null)).toBeUndefined();
  });

  it('refuses when the last validation of the stored code for that version failed', () => {
    expect(subscriptionProblem('M2407151234567', '18.0', validation())).toMatch(
      /last validation.*Odoo 18\.0 failed: The subscription authority refused/,
    );
  });

  it('ignores a failed validation of another version, of a given code, or a passed one', () => {
    expect(subscriptionProblem('M2407151234567', '17.0', validation())).toBeUndefined();
    expect(subscriptionProblem('M2407151234567', '18.0', validation({ source: 'given' }))).toBeUndefined();
    expect(subscriptionProblem('M2407151234567', '18.0', validation({ valid: true }))).toBeUndefined();
  });
});

describe('serverRefusal', () => {
  it('lets an active server with room take the instance', () => {
    expect(serverRefusal(server(), 9, 9, 'full')).toBeUndefined();
    // Not checked yet: the provision's own connection finds out, and says why it cannot.
    expect(serverRefusal(server({ status: 'pending' }), 0, 1, 'full')).toBeUndefined();
  });

  it('refuses a server in maintenance or unreachable, naming serverStatus', () => {
    expect(serverRefusal(server({ status: 'maintenance' }), 0, 1, 'full')).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'serverStatus',
      message: expect.stringContaining('server odoo-1 is in maintenance'),
    });
    expect(
      serverRefusal(
        server({ status: 'unreachable', lastProbeError: 'connect ECONNREFUSED 127.0.0.5:22' }),
        0,
        1,
        'full',
      ),
    ).toMatchObject({ field: 'serverStatus', message: expect.stringContaining('server odoo-1 is unreachable') });
  });

  it('never puts the probe error (it holds the address) into the message', () => {
    const refusal = serverRefusal(
      server({ status: 'unreachable', lastProbeError: 'connect ECONNREFUSED 127.0.0.5:22' }),
      0,
      1,
      'full',
    );
    expect(refusal?.message).not.toContain('127.0.0.5');
  });

  it('refuses a full server, naming serverCapacity and the counts', () => {
    expect(serverRefusal(server(), 10, 1, 'full')).toMatchObject({
      field: 'serverCapacity',
      message: 'serverCapacity: server odoo-1 is full: 10 of 10 instances',
    });
    expect(
      serverRefusal(server({ capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 0 } }), 0, 1, 'full'),
    ).toMatchObject({ field: 'serverCapacity' });
  });

  it('refuses more workers than the server has cores for (2 per core + 1)', () => {
    expect(maxWorkersFor(4)).toBe(9);
    expect(serverRefusal(server(), 0, 10, 'full')).toMatchObject({
      field: 'workers',
      message: expect.stringContaining('at most 9'),
    });
  });

  it('leaves the sizes out where the caller may not see them', () => {
    expect(serverRefusal(server(), 10, 1, 'limited')?.message).toContain('10 of 10');
    expect(serverRefusal(server(), 10, 1, 'none')?.message).toBe('serverCapacity: server odoo-1 is full');
    expect(serverRefusal(server(), 0, 10, 'none')?.message).not.toMatch(/\d+ cores|at most/);
  });
});
