import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAesGcmSecretBox } from '../crypto/aes-gcm-secret-box.js';
import { describePull, pullAuthFor, registryOf, sealRegistryCredentials } from './registry-auth.js';

const secrets = createAesGcmSecretBox(randomBytes(32));
const login = (registry: string) =>
  sealRegistryCredentials({ registry, username: 'ocore-ci', password: 'hunter2-token' }, secrets);

describe('the registry of an image', () => {
  it.each([
    ['odoo:18.0', 'docker.io'],
    ['library/postgres:16', 'docker.io'],
    ['acme/odoo:18.0', 'docker.io'],
    ['docker.io/library/odoo:18.0', 'docker.io'],
    ['index.docker.io/acme/odoo:18.0', 'docker.io'],
    ['registry.example.com/acme/odoo:18.0', 'registry.example.com'],
    ['Registry.Example.com:5000/odoo@sha256:abc', 'registry.example.com:5000'],
    ['127.0.0.1:5000/ocore-test/tiny:1', '127.0.0.1:5000'],
    ['localhost/odoo:18.0', 'localhost'],
  ])('%s is pulled from %s', (ref, registry) => {
    expect(registryOf(ref)).toBe(registry);
  });
});

describe('a pull', () => {
  it('sends the login to its own registry only', () => {
    const ours = pullAuthFor('registry.example.com/acme/odoo:18.0', login('registry.example.com'));
    expect(ours).toEqual({
      registry: 'registry.example.com',
      authconfig: { username: 'ocore-ci', password: 'hunter2-token', serveraddress: 'registry.example.com' },
    });
    expect(pullAuthFor('postgres:16', login('registry.example.com'))).toEqual({ registry: 'docker.io' });
    expect(pullAuthFor('odoo:18.0', login('docker.io')).authconfig?.serveraddress).toBe('https://index.docker.io/v1/');
    expect(pullAuthFor('odoo:18.0', undefined)).toEqual({ registry: 'docker.io' });
  });

  it('keeps the password sealed until a pull needs it, and never describes it', () => {
    const credentials = login('registry.example.com');
    expect(JSON.stringify(credentials)).not.toContain('hunter2-token');
    const auth = pullAuthFor('registry.example.com/odoo:18.0', credentials);
    expect(describePull(auth)).toBe(
      'registry registry.example.com, with the credentials of ocore-ci (OCORE_REGISTRY_USERNAME)',
    );
    expect(describePull(pullAuthFor('odoo:18.0', credentials))).toBe('registry docker.io, without credentials');
  });
});
