import { RuntimeError } from '@ocore/core';
import { describe, expect, it } from 'vitest';
import { healthOf, toCreateOptions } from './docker-specs.js';

const spec = {
  name: 'ocore-i-1',
  image: 'odoo:18.0',
  labels: { 'ocore.instance': '1' },
  networks: [{ name: 'ocore-client-a', aliases: ['odoo'] }, { name: 'ocore-proxy' }],
  volumes: [{ volume: 'ocore-i-1-filestore', target: '/var/lib/odoo' }],
  ports: [{ containerPort: 8069, hostIp: '127.0.0.1' }],
  limits: { cpus: 1.5, memoryMb: 2048 },
  user: 'odoo',
};

describe('the engine options of a container spec', () => {
  it('is never privileged, gains no privileges, mounts named volumes, publishes on the given address, caps logs', () => {
    const options = toCreateOptions(spec, 'create');
    expect(options.HostConfig).toMatchObject({
      NetworkMode: 'ocore-client-a',
      Privileged: false,
      SecurityOpt: ['no-new-privileges:true'],
      Mounts: [{ Type: 'volume', Source: 'ocore-i-1-filestore', Target: '/var/lib/odoo', ReadOnly: false }],
      PortBindings: { '8069/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      NanoCpus: 1_500_000_000,
      Memory: 2048 * 1024 * 1024,
      RestartPolicy: { Name: 'no' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
    });
    expect(options.HostConfig).not.toHaveProperty('Binds');
    // Only the first network at creation; the others are connected afterwards.
    expect(options.NetworkingConfig).toEqual({ EndpointsConfig: { 'ocore-client-a': { Aliases: ['odoo'] } } });
    expect(options).toMatchObject({ User: 'odoo', ExposedPorts: { '8069/tcp': {} } });
  });

  it('refuses host paths, ports without an address, and no network', () => {
    for (const volume of ['/etc', '../x', './data', 'a/b'])
      expect(() => toCreateOptions({ ...spec, volumes: [{ volume, target: '/x' }] }, 'create')).toThrow(
        /never host paths/,
      );
    expect(() => toCreateOptions({ ...spec, ports: [{ containerPort: 8069, hostIp: '' }] }, 'create')).toThrow(
      RuntimeError,
    );
    expect(() => toCreateOptions({ ...spec, networks: [] }, 'create')).toThrow(/needs a network/);
  });

  it('gives the engine its health check, the command run without a shell, times in nanoseconds', () => {
    const healthcheck = {
      command: ['/usr/bin/python3', '-c', 'pass'],
      intervalSeconds: 30,
      timeoutSeconds: 10,
      retries: 3,
    };
    expect(toCreateOptions({ ...spec, healthcheck }, 'create').Healthcheck).toEqual({
      Test: ['CMD', '/usr/bin/python3', '-c', 'pass'],
      Interval: 30_000_000_000,
      Timeout: 10_000_000_000,
      Retries: 3,
      StartPeriod: 0,
    });
    expect(toCreateOptions(spec, 'create')).not.toHaveProperty('Healthcheck');
  });
});

describe('the health verdict in a container list', () => {
  it('is read from the end of the status text, as docker ps shows it', () => {
    expect(healthOf('Up 5 minutes (healthy)')).toBe('healthy');
    expect(healthOf('Up 2 minutes (unhealthy)')).toBe('unhealthy');
    expect(healthOf('Up 3 seconds (health: starting)')).toBe('starting');
    expect(healthOf('Up 5 minutes')).toBeUndefined();
    expect(healthOf('Exited (0) 2 seconds ago')).toBeUndefined();
    expect(healthOf(undefined)).toBeUndefined();
  });
});
