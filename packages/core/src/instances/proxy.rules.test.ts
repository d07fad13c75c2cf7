import { describe, expect, it } from 'vitest';
import type { InstanceRecord } from './instance.ports.js';
import { instanceUrl, runtimeNames, toInstance } from './instance.rules.js';
import { instanceHostname, proxyNetworks, proxyRoutes, renderProxyConfig } from './proxy.rules.js';

const record = (over: Partial<InstanceRecord>): InstanceRecord =>
  ({
    id: '11111111-1111-4111-8111-111111111111',
    organizationId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    slug: 'acme',
    status: 'running',
    ...over,
  }) as InstanceRecord;

const acme = record({});
const shop = record({ id: '22222222-2222-4222-8222-222222222222', slug: 'shop', status: 'stopped' });
const other = record({
  id: '33333333-3333-4333-8333-333333333333',
  organizationId: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
  slug: 'beta',
  status: 'deleting',
});

describe('proxy routes', () => {
  it('gives every instance its hostname: a stopped one answers 503, a deleting one has none', () => {
    expect(proxyRoutes([acme, shop, other], 'apps.test')).toEqual([
      { hostname: 'acme.apps.test', container: runtimeNames(acme).container, stopped: false },
      { hostname: 'shop.apps.test', container: runtimeNames(shop).container, stopped: true },
    ]);
  });

  it("takes the running operation's word for its own instance", () => {
    const deploying = record({ status: 'deploying' });
    expect(proxyRoutes([deploying], 'apps.test', { instanceId: acme.id, state: 'stopped' })[0]?.stopped).toBe(true);
    expect(proxyRoutes([deploying], 'apps.test', { instanceId: acme.id, state: 'gone' })).toEqual([]);
    expect(proxyRoutes([shop], 'apps.test', { instanceId: shop.id, state: 'up' })[0]?.stopped).toBe(false);
  });

  it("joins the proxy's own network and each client network with instances, once", () => {
    expect(proxyNetworks([acme, shop, other])).toEqual([
      'ocore-proxy',
      runtimeNames(acme).network,
      runtimeNames(other).network,
    ]);
  });
});

describe('the proxy config', () => {
  const config = renderProxyConfig(proxyRoutes([acme, shop], 'apps.test'));

  it('routes / to 8069 and /websocket to 8072 with the upgrade headers, per hostname', () => {
    const container = runtimeNames(acme).container;
    expect(config).toContain(`server_name acme.apps.test;\n    set $odoo ${container};`);
    expect(config).toMatch(/location \/websocket \{\n\s+proxy_pass http:\/\/\$odoo:8072;/);
    expect(config).toMatch(
      /proxy_set_header Upgrade \$http_upgrade;\n\s+proxy_set_header Connection \$connection_upgrade;/,
    );
    expect(config).toMatch(/location \/ \{\n\s+proxy_pass http:\/\/\$odoo:8069;\n\s+proxy_set_header Host \$host;/);
  });

  it('answers a stopped instance 503 and an unknown hostname 404', () => {
    expect(config).toMatch(/server_name shop\.apps\.test;\n\s+default_type text\/plain;\n\s+return 503/);
    expect(config).toMatch(/listen 80 default_server;\n\s+server_name _;\n\s+default_type text\/plain;\n\s+return 404/);
  });

  it('resolves containers per request through Docker, with long timeouts and room for uploads', () => {
    expect(config).toContain('resolver 127.0.0.11 valid=10s ipv6=off;');
    expect(config).toContain('proxy_read_timeout 720s;');
    expect(config).toContain('client_max_body_size 1024m;');
    expect(config).toContain('server_names_hash_bucket_size 256;');
  });

  it('refuses what could break out of a server block', () => {
    expect(() =>
      renderProxyConfig([{ hostname: 'a.test; include /etc/passwd', container: 'ocore-odoo-1', stopped: false }]),
    ).toThrow(/not a hostname/);
    expect(() => renderProxyConfig([{ hostname: 'a.test', container: 'evil;', stopped: false }])).toThrow(
      /not an instance container/,
    );
  });

  it("serves an instance's own hostname over TLS once its certificate is installed, redirecting port 80", () => {
    const routes = proxyRoutes([acme, shop], 'apps.test', undefined, [], new Set([acme.id]));
    expect(routes.map((r) => [r.hostname, r.tls ?? false])).toEqual([
      ['acme.apps.test', true],
      ['shop.apps.test', false],
    ]);
    const conf = renderProxyConfig(routes);
    expect(conf).toContain('ssl_certificate /etc/nginx/ocore/certs/acme.apps.test.crt;');
    expect(conf).toContain('return 301 https://$host$request_uri;');
    expect(conf).not.toContain('shop.apps.test.crt');
  });

  it('with no instances answers 404 to everything', () => {
    expect(renderProxyConfig([])).not.toContain('proxy_pass');
  });
});

describe('instance URLs', () => {
  it('carry the proxy port when it is not the scheme default', () => {
    expect(instanceHostname('acme', 'apps.test')).toBe('acme.apps.test');
    expect(instanceUrl('acme', 'apps.test', { scheme: 'http', port: 8080 })).toBe('http://acme.apps.test:8080');
    expect(instanceUrl('acme', 'apps.test', { scheme: 'http', port: 80 })).toBe('http://acme.apps.test');
    expect(instanceUrl('acme', 'apps.test', { scheme: 'https', port: 443 })).toBe('https://acme.apps.test');
    expect(instanceUrl('acme', undefined, { scheme: 'http', port: 80 })).toBeNull();
  });

  it("turn https on the proxies' TLS port once the hostname has a certificate, and say its state", () => {
    const access = { scheme: 'http' as const, port: 80, httpsPort: 8443 };
    const certificate = { status: 'active' as const, error: null, expiresAt: '2027-03-01T00:00:00.000Z' };
    expect(toInstance({ ...acme, hostnameCertificate: certificate }, 'apps.test', access)).toMatchObject({
      url: 'https://acme.apps.test:8443',
      hostnameCertificate: certificate,
    });
    const failed = { status: 'failed' as const, error: 'no answer', expiresAt: null };
    expect(toInstance({ ...acme, hostnameCertificate: failed }, 'apps.test', access).url).toBe('http://acme.apps.test');
    expect(toInstance(acme, 'apps.test', access)).toMatchObject({
      url: 'http://acme.apps.test',
      hostnameCertificate: null,
    });
    // Without TLS published the certificate is not served.
    expect(
      toInstance({ ...acme, hostnameCertificate: certificate }, 'apps.test', { scheme: 'http', port: 80 }).url,
    ).toBe('http://acme.apps.test');
  });
});
