import { describe, expect, it } from 'vitest';
import { domainTarget, domainUrl, recordsToAdd } from './instance-domain.rules.js';

describe('instance domain rules', () => {
  it('point a domain by CNAME to the instance, or by address to a server given as one', () => {
    expect(domainTarget('shop.apps.test', '127.0.0.1')).toEqual({
      hostname: 'shop.apps.test',
      addresses: ['127.0.0.1'],
    });
    expect(domainTarget(null, '[::1]')).toEqual({ hostname: null, addresses: ['::1'] });
    expect(domainTarget('shop.apps.test', 'odoo-1.example.test').addresses).toEqual([]);
    expect(recordsToAdd('erp.acme.test', 'tok', domainTarget(null, '::1'))).toEqual([
      { type: 'TXT', name: '_ocore-verification.erp.acme.test', value: 'tok', purpose: 'ownership' },
      { type: 'AAAA', name: 'erp.acme.test', value: '::1', purpose: 'routing' },
    ]);
  });

  it('visit https once the certificate is active and TLS published, with the port when not the default', () => {
    expect(domainUrl('erp.acme.test', true, { http: 80, https: 443 })).toBe('https://erp.acme.test');
    expect(domainUrl('erp.acme.test', true, { http: 8080, https: undefined })).toBe('http://erp.acme.test:8080');
    expect(domainUrl('erp.acme.test', false, { http: 80, https: 8443 })).toBe('http://erp.acme.test');
  });
});
