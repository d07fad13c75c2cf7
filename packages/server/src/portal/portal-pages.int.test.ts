import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  const webDir = mkdtempSync(join(tmpdir(), 'ocore-web-'));
  writeFileSync(
    join(webDir, 'index.html'),
    '<!doctype html><html><head><title>oCore Agency</title><link rel="icon" href="/favicon.svg" /></head><body><div id="root"></div></body></html>',
  );
  t = await startTestApp({ OCORE_PORTAL_BASE_DOMAIN: 'portal.test', OCORE_WEB_DIR: webDir });
});
afterAll(() => t.close());

function get(
  path: string,
  host: string,
): Promise<{
  status: number;
  type: string;
  cache: string;
  csp: string;
  body: string;
  length: string | undefined;
  chunked: boolean;
}> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, path, headers: { Host: host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          cache: String(res.headers['cache-control']),
          csp: String(res.headers['content-security-policy']),
          body,
          length: res.headers['content-length'],
          chunked: res.headers['transfer-encoding'] === 'chunked',
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('portal pages on portal hosts', () => {
  it('serves the page in the brand: title, favicon, stylesheet, no platform name', async () => {
    const agency = await t.agency();
    const client = await t.client(agency, 'Globex & Sons');
    const sub = `globex-${Date.now()}`;
    await t.api('POST', '/api/agency/portal-domains', {
      token: agency.token,
      body: { subdomain: sub, clientOrgId: client.id },
    });
    await t.api('PUT', '/api/agency/branding', {
      token: agency.token,
      body: {
        primaryColor: '#0f766e',
        faviconUrl: 'https://cdn.example.com/fav "x".ico',
        customCss: '.header { letter-spacing: 1px }',
        fontFamily: 'Inter, sans-serif',
      },
    });
    const page = await get('/login', `${sub}.portal.test`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Globex &amp; Sons</title>');
    expect(page.body).toContain('<link rel="icon" href="https://cdn.example.com/fav%20%22x%22.ico" />');
    expect(page.body).toContain('<link rel="stylesheet" href="/portal/brand.css" />');
    expect(page.body).not.toMatch(/ocore agency|favicon\.svg/i);
    // Sent whole, with its length, not chunked.
    expect(page.length).toBe(String(Buffer.byteLength(page.body)));
    expect(page.chunked).toBe(false);

    const css = await get('/portal/brand.css', `${sub}.portal.test`);
    expect(css.type).toMatch(/^text\/css/);
    expect(css.cache).toBe('no-cache');
    expect(css.body).toContain('--brand-primary: #0f766e;');
    // Text on the primary (the portal's header) is black or white, whichever reads on it.
    expect(css.body).toContain('--brand-on-primary: #ffffff;');
    expect(css.body).toContain('--brand-font: Inter, sans-serif;');
    expect(css.body).toContain('letter-spacing');

    await t.api('PUT', '/api/agency/branding', { token: agency.token, body: { primaryColor: '#7c2d12' } });
    expect((await get('/portal/brand.css', `${sub}.portal.test`)).body).toContain('--brand-primary: #7c2d12;');
  });

  it('answers an unknown portal subdomain with a 404 page run as a portal, and leaves other hosts to the dashboard', async () => {
    const missing = await get('/', 'nobody.portal.test');
    expect(missing.status).toBe(404);
    expect(missing.body).not.toMatch(/ocore agency/i);
    // The dashboard's page and styles, as a portal that says there is none: not unstyled text.
    expect(missing.body).toContain('<title>No portal here</title>');
    expect(missing.body).toContain('<meta name="ocore-portal" content="1" />');
    expect(missing.body).toContain('<div id="root"></div>');
    expect(missing.body).not.toContain('/portal/brand.css');
    // Styled by the stylesheet alone: nothing inline for the content policy to refuse.
    expect(missing.body).not.toMatch(/<style|style=/);
    expect(missing.csp).toMatch(/style-src 'self';/);
    const dashboard = await get('/', '127.0.0.1');
    expect(dashboard.body).toContain('<title>oCore Agency</title>');
  });
});
