import { describe, expect, it } from 'vitest';
import { createArgon2Hasher } from '../auth/argon2-password.hasher.js';
import { loadConfig } from './config.js';

describe('OCORE_PASSWORD_HASH', () => {
  it('is standard unless a test asks for the fast one', () => {
    expect(loadConfig({}).passwordHash).toBe('standard');
    expect(loadConfig({ OCORE_PASSWORD_HASH: 'fast-for-tests' }).passwordHash).toBe('fast-for-tests');
  });

  it('refuses the fast hash in production, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', OCORE_PASSWORD_HASH: 'fast-for-tests' })).toThrow(
      /OCORE_PASSWORD_HASH: fast-for-tests is for tests/,
    );
  });

  it('hashes with OWASP parameters by default and the least ones for tests; each verifies the other', async () => {
    const standard = createArgon2Hasher();
    const fast = createArgon2Hasher('fast-for-tests');
    const slow = await standard.hash('correct horse');
    const quick = await fast.hash('correct horse');
    expect(slow).toContain('m=19456,t=2,p=1');
    expect(quick).toContain('m=8,t=1,p=1');
    expect(await standard.verify(quick, 'correct horse')).toBe(true);
    expect(await fast.verify(slow, 'correct horse')).toBe(true);
    expect(await fast.verify(quick, 'wrong')).toBe(false);
  });
});

describe('the instance proxy', () => {
  it('is published on every address at port 80 by default, its URLs plain http', () => {
    expect(loadConfig({}).proxy).toEqual({ image: 'nginx:1.27', hostIp: '0.0.0.0', httpPort: 80, urlScheme: 'http' });
  });

  it('takes a loopback address, a port, an image and https', () => {
    const config = loadConfig({
      OCORE_PROXY_HOST_IP: '127.0.0.1',
      OCORE_PROXY_HTTP_PORT: '18080',
      OCORE_PROXY_IMAGE: 'registry.test/nginx@sha256:abc',
      OCORE_INSTANCE_URL_SCHEME: 'https',
    });
    expect(config.proxy).toEqual({
      image: 'registry.test/nginx@sha256:abc',
      hostIp: '127.0.0.1',
      httpPort: 18080,
      urlScheme: 'https',
    });
  });

  it('refuses what is no address, port or scheme, naming the variable', () => {
    expect(() => loadConfig({ OCORE_PROXY_HOST_IP: 'localhost' })).toThrow(/OCORE_PROXY_HOST_IP/);
    expect(() => loadConfig({ OCORE_PROXY_HTTP_PORT: '70000' })).toThrow(/OCORE_PROXY_HTTP_PORT/);
    expect(() => loadConfig({ OCORE_INSTANCE_URL_SCHEME: 'ftp' })).toThrow(/OCORE_INSTANCE_URL_SCHEME/);
  });
});

describe('OCORE_SERVER_CHECK_SECONDS', () => {
  it('checks each server every 5 minutes by default; 0 only on request; refuses less than a minute', () => {
    expect(loadConfig({}).serverCheckSeconds).toBe(300);
    expect(loadConfig({ OCORE_SERVER_CHECK_SECONDS: '0' }).serverCheckSeconds).toBe(0);
    expect(loadConfig({ OCORE_SERVER_CHECK_SECONDS: '900' }).serverCheckSeconds).toBe(900);
    expect(() => loadConfig({ OCORE_SERVER_CHECK_SECONDS: '30' })).toThrow(
      /OCORE_SERVER_CHECK_SECONDS: 0 \(only on request\) or at least 60/,
    );
  });
});

describe('the private registry login', () => {
  it("is none by default, and for the Odoo image's registry unless OCORE_REGISTRY_HOST names another", () => {
    expect(loadConfig({}).registry).toBeUndefined();
    const login = { OCORE_REGISTRY_USERNAME: 'ocore-ci', OCORE_REGISTRY_PASSWORD: 'token' };
    expect(loadConfig(login).registry).toEqual({ registry: 'docker.io', username: 'ocore-ci', password: 'token' });
    expect(
      loadConfig({ ...login, OCORE_INSTANCE_ODOO_IMAGE: 'registry.example.com/acme/odoo:{version}' }).registry,
    ).toMatchObject({ registry: 'registry.example.com' });
    expect(loadConfig({ ...login, OCORE_REGISTRY_HOST: 'Registry.Example.com:5000' }).registry).toMatchObject({
      registry: 'registry.example.com:5000',
    });
  });

  it('refuses one half of a login, or a host without one, naming the variable', () => {
    expect(() => loadConfig({ OCORE_REGISTRY_USERNAME: 'ocore-ci' })).toThrow(
      /OCORE_REGISTRY_PASSWORD: is required with OCORE_REGISTRY_USERNAME/,
    );
    expect(() => loadConfig({ OCORE_REGISTRY_PASSWORD: 'token' })).toThrow(
      /OCORE_REGISTRY_USERNAME: is required with OCORE_REGISTRY_PASSWORD/,
    );
    expect(() => loadConfig({ OCORE_REGISTRY_HOST: 'registry.example.com' })).toThrow(/OCORE_REGISTRY_HOST: is set/);
    expect(() =>
      loadConfig({ OCORE_REGISTRY_USERNAME: 'u', OCORE_REGISTRY_PASSWORD: 'p', OCORE_REGISTRY_HOST: 'https://x' }),
    ).toThrow(/OCORE_REGISTRY_HOST: a registry host/);
  });
});
