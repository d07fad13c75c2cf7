import { sslStatuses, type PortalDomain, type SslStatus } from '@ocore/core';
import { describe, expect, it } from 'vitest';
import { sslExplanation, sslLook } from './domain-status';

const custom = (sslStatus: SslStatus, fields: Partial<PortalDomain> = {}): PortalDomain =>
  ({
    id: 'd1',
    customDomain: 'portal.acme.test',
    subdomain: null,
    isActive: true,
    sslStatus,
    sslError: null,
    sslRetryAt: null,
    certificateExpiresAt: null,
    ...fields,
  }) as PortalDomain;

describe('the SSL state of a domain card', () => {
  it('has a badge and a sentence of its own for every sslStatus', () => {
    const sentences = sslStatuses.map((status) => sslExplanation(custom(status)));
    expect(new Set(sentences).size).toBe(sslStatuses.length);
    for (const [i, status] of sslStatuses.entries()) {
      expect(sentences[i], status).toMatch(/^[A-Z].{10,}\.$/);
      expect(sslLook(custom(status)).label, status).not.toBe('');
    }
  });

  it('says what happens next: the order after DNS proof, the renewal date, the failure and its retry', () => {
    expect(sslExplanation(custom('none', { isActive: false }))).toContain('once the DNS record proves');
    expect(sslExplanation(custom('none', { customDomain: null, subdomain: 'acme' }))).toContain('platform’s own');
    expect(sslExplanation(custom('active', { certificateExpiresAt: '2027-03-01T00:00:00.000Z' }))).toContain(
      'expires on 2027-03-01 and is renewed 30 days before',
    );
    const failed = sslExplanation(
      custom('failed', { sslError: 'CAA record forbids issuance', sslRetryAt: '2027-01-01T12:00:00.000Z' }),
    );
    expect(failed).toContain('failed: CAA record forbids issuance');
    expect(failed).toContain('tried again on Fri, 01 Jan 2027 12:00:00 GMT');
  });
});
