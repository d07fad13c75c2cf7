import type { Server } from '@ocore/core';
import { describe, expect, it } from 'vitest';
import { describeCredentials, updateServerInputOf, type ServerFormValues } from './server-input';

const server: Server = {
  id: '00000000-0000-4000-8000-000000000001',
  organizationId: '00000000-0000-4000-8000-000000000002',
  name: 'odoo-1',
  host: '127.0.0.5',
  port: 22,
  sshUser: 'root',
  hasSshKey: true,
  hasSshPassword: false,
  sshHostKey: null,
  capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
  status: 'active',
  lastProbeAt: null,
  lastProbeError: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const values: ServerFormValues = {
  name: 'odoo-1',
  host: '127.0.0.5',
  port: '2222',
  sshUser: ' deploy ',
  sshPrivateKey: 'KEY',
  sshPassword: 'PASSWORD',
  'capacity.cpuCores': '8',
  'capacity.memoryMb': '',
  'capacity.maxInstances': '10',
};

describe('updateServerInputOf', () => {
  it('sends every field as typed, numbers as numbers and an empty one as NaN for the server to name', () => {
    const input = updateServerInputOf(server, values, 'keep', false);
    expect(input).toEqual({
      id: server.id,
      name: 'odoo-1',
      host: '127.0.0.5',
      port: 2222,
      sshUser: 'deploy',
      capacity: { cpuCores: 8, memoryMb: Number.NaN, maxInstances: 10 },
    });
  });

  it('replaces the stored key by a password, clearing only what is stored', () => {
    expect(updateServerInputOf(server, values, 'password', false)).toMatchObject({
      sshPassword: 'PASSWORD',
      sshPrivateKey: null,
    });
    const withKey = updateServerInputOf(server, values, 'key', false);
    expect(withKey).toMatchObject({ sshPrivateKey: 'KEY' });
    expect(withKey).not.toHaveProperty('sshPassword');
    const none = updateServerInputOf({ ...server, hasSshPassword: true }, values, 'none', false);
    expect(none).toMatchObject({ sshPrivateKey: null, sshPassword: null });
  });

  it('sends the status only when maintenance was switched', () => {
    expect(updateServerInputOf(server, values, 'keep', true).status).toBe('maintenance');
    expect(updateServerInputOf({ ...server, status: 'maintenance' }, values, 'keep', false).status).toBe('active');
    expect(updateServerInputOf({ ...server, status: 'unreachable' }, values, 'keep', false)).not.toHaveProperty(
      'status',
    );
  });
});

describe('describeCredentials', () => {
  it('says what is stored, and what its absence means', () => {
    expect(describeCredentials({ hasSshKey: true, hasSshPassword: true })).toBe(
      'A private key and a password are stored.',
    );
    expect(describeCredentials({ hasSshKey: false, hasSshPassword: false })).toMatch(
      /^None: deployments cannot sign in/,
    );
  });
});
