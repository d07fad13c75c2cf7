import { describe, expect, it } from 'vitest';
import { createPortalDomainInput } from './portal-domain.schema.js';
import {
  newVerificationToken,
  normalizeHostname,
  parsePortalHost,
  subdomainProblem,
  verificationRecordName,
} from './portal-domain.rules.js';

describe('subdomainProblem', () => {
  it.each(['acme', 'a', '9', 'acme-erp', 'a1-b2', 'a'.repeat(63)])('accepts %j', (label) => {
    expect(subdomainProblem(label)).toBeUndefined();
  });

  it('wants 1 to 63 characters', () => {
    expect(subdomainProblem('')).toBe('must be 1-63 characters');
    expect(subdomainProblem('a'.repeat(64))).toBe('must be 1-63 characters');
  });

  it.each(['www', 'api', 'admin', 'app', 'mail', 'portal', 'localhost'])('refuses the reserved name %j', (label) => {
    expect(subdomainProblem(label)).toBe(`"${label}" is reserved`);
  });

  it.each(['-acme', 'acme-', '-'])('refuses %j, which starts or ends with a hyphen', (label) => {
    expect(subdomainProblem(label)).toMatch(/one DNS label/);
  });

  it.each(['ac.me', 'ac_me', 'ac me', 'açme', 'acme!'])('refuses %j, which is not one DNS label', (label) => {
    expect(subdomainProblem(label)).toMatch(/one DNS label/);
  });

  it('refuses uppercase, reserved names included', () => {
    expect(subdomainProblem('Acme')).toBe('must be lowercase');
    expect(subdomainProblem('WWW')).toBe('must be lowercase');
  });
});

describe('normalizeHostname', () => {
  it('lowercases, trims and drops one trailing dot', () => {
    expect(normalizeHostname('ERP.Example.COM.')).toBe('erp.example.com');
    expect(normalizeHostname('  erp.example.com ')).toBe('erp.example.com');
  });

  it('stores international names as punycode', () => {
    expect(normalizeHostname('bücher.example')).toBe('xn--bcher-kva.example');
    expect(normalizeHostname('ERP.Bücher.de')).toBe('erp.xn--bcher-kva.de');
  });

  it.each(['192.168.1.1', '10.0.0.1.', '0x7f.1', '[::1]', '::1'])('refuses the IP address %j', (host) => {
    expect(normalizeHostname(host)).toBeUndefined();
  });

  it.each(['localhost', 'intranet', ''])('refuses the single label %j', (host) => {
    expect(normalizeHostname(host)).toBeUndefined();
  });

  it.each([
    'exa mple.com',
    'erp.example.com:8080',
    'erp.example.com/path',
    'user@erp.example.com',
    'erp.example.com?x',
    'a..b.com',
    '*.example.com',
    'exa_mple.com',
    '-erp.example.com',
    'erp-.example.com',
    'example.com..',
  ])('refuses %j', (host) => {
    expect(normalizeHostname(host)).toBeUndefined();
  });

  it('refuses a label over 63 characters and a name over 253', () => {
    const label = 'a'.repeat(63);
    const longest = [label, label, label, `${'b'.repeat(57)}.com`].join('.');
    expect(longest).toHaveLength(253);
    expect(normalizeHostname(longest)).toBe(longest);
    expect(normalizeHostname(`${longest.slice(0, 200)}b${longest.slice(200)}`)).toBeUndefined();
    expect(normalizeHostname(`${'a'.repeat(64)}.com`)).toBeUndefined();
  });

  it('is what the create input stores for a custom domain', () => {
    expect(createPortalDomainInput.parse({ customDomain: 'ERP.Bücher.de.' })).toEqual({
      customDomain: 'erp.xn--bcher-kva.de',
    });
    expect(createPortalDomainInput.safeParse({ customDomain: '192.168.1.1' }).success).toBe(false);
    expect(createPortalDomainInput.safeParse({}).success).toBe(false);
    expect(createPortalDomainInput.safeParse({ subdomain: 'www' }).success).toBe(false);
    // An empty field is not given: a custom domain alone, as a form with an empty subdomain sends it.
    expect(createPortalDomainInput.parse({ subdomain: '', customDomain: 'erp.example.com' })).toEqual({
      customDomain: 'erp.example.com',
    });
    expect(createPortalDomainInput.parse({ subdomain: 'acme', customDomain: null })).toEqual({ subdomain: 'acme' });
    expect(createPortalDomainInput.safeParse({ subdomain: '', customDomain: '' }).success).toBe(false);
  });
});

describe('newVerificationToken', () => {
  it('is prefixed 128-bit hex, different every time', () => {
    const tokens = Array.from({ length: 200 }, () => newVerificationToken());
    for (const token of tokens) expect(token).toMatch(/^ocore-verify-[0-9a-f]{32}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('goes in a TXT record under the custom domain', () => {
    expect(verificationRecordName('erp.acme.com')).toBe('_ocore-verification.erp.acme.com');
  });
});

describe('parsePortalHost', () => {
  const base = 'portal.example.com';

  it('reads a subdomain of the base domain, ignoring case, port and a trailing dot', () => {
    expect(parsePortalHost('acme.portal.example.com', base)).toEqual({ subdomain: 'acme' });
    expect(parsePortalHost('ACME.Portal.Example.com:8443', base)).toEqual({ subdomain: 'acme' });
    expect(parsePortalHost('acme.portal.example.com.', base)).toEqual({ subdomain: 'acme' });
    expect(parsePortalHost('acme.portal.example.com', '.Portal.Example.COM.')).toEqual({ subdomain: 'acme' });
  });

  it('refuses a nested subdomain or a bad label under the base domain', () => {
    expect(parsePortalHost('a.acme.portal.example.com', base)).toBeUndefined();
    expect(parsePortalHost('-acme.portal.example.com', base)).toBeUndefined();
  });

  it('reads any other host as a custom domain, normalized', () => {
    expect(parsePortalHost('ERP.Acme.com:443', base)).toEqual({ customDomain: 'erp.acme.com' });
    expect(parsePortalHost('erp.bücher.de', base)).toEqual({ customDomain: 'erp.xn--bcher-kva.de' });
    // Only a whole label matches the base domain.
    expect(parsePortalHost('evilportal.example.com', base)).toEqual({ customDomain: 'evilportal.example.com' });
  });

  it('reads every host as a custom domain when there is no base domain', () => {
    expect(parsePortalHost('acme.portal.example.com', undefined)).toEqual({ customDomain: 'acme.portal.example.com' });
  });

  it.each(['', ':8080', '127.0.0.1:3000', '[::1]:3000', 'localhost:3000'])('names no portal for %j', (host) => {
    expect(parsePortalHost(host, base)).toBeUndefined();
  });
});
