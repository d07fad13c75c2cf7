import type { Server } from '@ocore/core';
import { describe, expect, it } from 'vitest';
import {
  createServerInputOf,
  describeCredentials,
  dockerSocketProblem,
  updateServerInputOf,
  type ServerFormValues,
} from './server-input';

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
  dockerSocket: '/var/run/docker.sock',
  capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
  status: 'active',
  lastProbeAt: null,
  lastProbeError: null,
  lastCheckedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const values: ServerFormValues = {
  name: 'odoo-1',
  host: '127.0.0.5',
  port: '2222',
  sshUser: ' deploy ',
  dockerSocket: ' /run/user/1000/docker.sock ',
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
      dockerSocket: '/run/user/1000/docker.sock',
      capacity: { cpuCores: 8, memoryMb: Number.NaN, maxInstances: 10 },
    });
  });

  it('sends an emptied Docker socket as "" (the default socket), and none for a server that hides it', () => {
    expect(updateServerInputOf(server, { ...values, dockerSocket: ' ' }, 'keep', false).dockerSocket).toBe('');
    const hidden = { ...server, dockerSocket: null };
    expect(updateServerInputOf(hidden, { ...values, dockerSocket: '' }, 'keep', false)).not.toHaveProperty(
      'dockerSocket',
    );
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

describe('dockerSocketProblem', () => {
  it("says what is wrong with a path in the core schema's words, and nothing for a good one", () => {
    expect(dockerSocketProblem({ dockerSocket: 'docker.sock' }, 'create')).toMatch(/^must be an absolute path/);
    expect(dockerSocketProblem({ dockerSocket: '/run/../docker.sock' }, 'update')).toBe(
      'must not contain . or .. segments',
    );
    expect(dockerSocketProblem({ dockerSocket: '/run/user/1000/docker.sock' }, 'create')).toBeNull();
    expect(dockerSocketProblem({ dockerSocket: '' }, 'update')).toBeNull();
    expect(dockerSocketProblem(createServerInputOf({ ...values, dockerSocket: '' }, 'none'), 'create')).toBeNull();
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
