import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ OCORE_PORTAL_BASE_DOMAIN: 'portal.test' });
});
afterAll(() => t.close());

/** GET with a chosen Host header, as a browser on that portal domain would send. */
function getWithHost(path: string, host: string): Promise<{ status: number; body: any }> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, path, headers: { Host: host } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function brandedAgency() {
  const agency = await t.agency('Brand Owner');
  await t.api('PUT', '/api/agency/branding', {
    token: agency.token,
    body: {
      primaryColor: '#1d4ed8',
      logoUrl: 'https://cdn.example.com/l.png',
      fromEmail: 'ops@agency.example',
      footerText: 'Agency Inc.',
    },
  });
  await t.api('PUT', '/api/agency/portal-config', { token: agency.token, body: { featureTerminal: false } });
  return agency;
}

describe('GET /api/portal/context', () => {
  it("gives a client organization its agency's branding and configuration", async () => {
    const agency = await brandedAgency();
    const client = await t.client(agency, 'Acme Client');
    const sub = `acme-${Date.now()}`;
    await t.api('POST', '/api/agency/portal-domains', {
      token: agency.token,
      body: { subdomain: sub, clientOrgId: client.id },
    });
    const res = await t.api('GET', '/api/portal/context', { token: client.operatorToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      authenticated: true,
      branding: { primaryColor: '#1d4ed8', fromEmail: 'ops@agency.example' },
      config: { featureTerminal: false, featureLogs: true, infrastructureVisibility: 'full' },
      domain: { host: `${sub}.portal.test`, subdomain: sub, isActive: true },
      agency: { id: agency.organization.id },
      client: { id: client.id, name: 'Acme Client' },
    });
  });

  it('gives an agency its own portal, and a plain organization an empty one', async () => {
    const agency = await brandedAgency();
    const own = await t.api('GET', '/api/portal/context', { token: agency.token });
    expect(own.body).toMatchObject({
      agency: { id: agency.organization.id },
      client: null,
      branding: { footerText: 'Agency Inc.' },
    });
    const plain = await t.signup();
    expect((await t.api('GET', '/api/portal/context', { token: plain.token })).body).toMatchObject({
      branding: null,
      config: null,
      agency: null,
    });
  });

  it('resolves a visitor by Host to public fields only', async () => {
    const agency = await brandedAgency();
    const client = await t.client(agency, 'Host Client');
    const sub = `host-${Date.now()}`;
    await t.api('POST', '/api/agency/portal-domains', {
      token: agency.token,
      body: { subdomain: sub, clientOrgId: client.id },
    });
    const res = await getWithHost('/api/portal/context', `${sub}.portal.test:443`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      authenticated: false,
      config: null,
      agency: { name: "Brand Owner's Organization" },
      client: { name: 'Host Client' },
      branding: { primaryColor: '#1d4ed8' },
    });
    expect(res.body.branding).not.toHaveProperty('fromEmail');
    expect(res.body.agency).not.toHaveProperty('id');
    expect(res.body.domain).not.toHaveProperty('id');
    expect(JSON.stringify(res.body)).not.toContain(client.id);
  });

  it('does not serve an unverified custom domain or an unknown host', async () => {
    const agency = await brandedAgency();
    const domain = `erp-${Date.now()}.acme.example`;
    await t.api('POST', '/api/agency/portal-domains', { token: agency.token, body: { customDomain: domain } });
    expect((await getWithHost('/api/portal/context', domain)).status).toBe(404);
    expect((await getWithHost('/api/portal/context', 'nobody.portal.test')).status).toBe(404);
    await t.app.deps.database.db
      .updateTable('portalDomains')
      .set({ dnsVerified: true, isActive: true })
      .where('customDomain', '=', domain)
      .execute();
    expect((await getWithHost('/api/portal/context', domain.toUpperCase() + '.')).status).toBe(200);
  });
});

describe('signing in on a portal host', () => {
  it('opens the organization the portal serves when the user belongs to it', async () => {
    const agency = await brandedAgency();
    const client = await t.client(agency, 'Login Client');
    const sub = `login-${Date.now()}`;
    await t.api('POST', '/api/agency/portal-domains', {
      token: agency.token,
      body: { subdomain: sub, clientOrgId: client.id },
    });
    const user = await t.signup('Client Login');
    await t.addMember(client.operatorToken, user.user.email, 'Admin');
    const url = new URL(t.url);
    const body = JSON.stringify({ email: user.user.email, password: 'a long enough password' });
    const answer = await new Promise<{ organization: { id: string } }>((resolve, reject) => {
      const req = request(
        {
          hostname: url.hostname,
          port: url.port,
          path: '/api/auth/login',
          method: 'POST',
          headers: {
            Host: `${sub}.portal.test`,
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(JSON.parse(text)));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.organization.id).toBe(client.id);
    const plain = await t.api('POST', '/api/auth/login', {
      body: { email: user.user.email, password: 'a long enough password' },
    });
    expect(plain.body.organization.id).toBe(user.organization.id);
  });
});

describe('portal domains (CRUD)', () => {
  it('creates with the documented body, tells which TXT record to add, and lists and deletes', async () => {
    const agency = await t.agency();
    const sub = `acme-${Date.now()}`;
    const res = await t.api('POST', '/api/agency/portal-domains', {
      token: agency.token,
      body: { subdomain: sub, customDomain: `ERP-${sub}.Acme.example.` },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      subdomain: sub,
      customDomain: `erp-${sub}.acme.example`,
      dnsVerified: false,
      isActive: false,
      sslStatus: 'none',
      verificationRecord: {
        type: 'TXT',
        name: `_ocore-verification.erp-${sub}.acme.example`,
        value: res.body.dnsVerificationToken,
      },
    });
    expect(res.body.dnsVerificationToken).toMatch(/^ocore-verify-[0-9a-f]{32}$/);
    expect((await t.api('GET', '/api/agency/portal-domains', { token: agency.token })).body.total).toBe(1);
    expect((await t.api('DELETE', `/api/agency/portal-domains/${res.body.id}`, { token: agency.token })).status).toBe(
      204,
    );
    expect((await t.api('DELETE', `/api/agency/portal-domains/${res.body.id}`, { token: agency.token })).status).toBe(
      404,
    );
  });

  it('normalizes international names and refuses taken, reserved and malformed ones', async () => {
    const a = await t.agency();
    const b = await t.agency();
    const idn = await t.api('POST', '/api/agency/portal-domains', {
      token: a.token,
      body: { customDomain: `bücher-${Date.now()}.example` },
    });
    expect(idn.body.customDomain).toMatch(/^xn--bcher-.*\.example$/);
    const taken = await t.api('POST', '/api/agency/portal-domains', {
      token: b.token,
      body: { customDomain: idn.body.customDomain },
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: 'DOMAIN_TAKEN', field: 'customDomain' });
    for (const [body, field] of [
      [{ subdomain: 'www' }, 'subdomain'],
      [{ subdomain: '-acme' }, 'subdomain'],
      [{ subdomain: 'a'.repeat(64) }, 'subdomain'],
      [{ subdomain: 'two.labels' }, 'subdomain'],
      [{ customDomain: 'not a domain' }, 'customDomain'],
      [{ customDomain: '10.0.0.1' }, 'customDomain'],
      [
        { customDomain: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.example` },
        'customDomain',
      ],
      [{}, 'subdomain'],
      [{ customDomain: 'shop.portal.test' }, 'customDomain'],
      [{ customDomain: 'exa%41mple.com' }, 'customDomain'],
    ] as const) {
      const res = await t.api('POST', '/api/agency/portal-domains', { token: a.token, body });
      expect([JSON.stringify(body).slice(0, 40), res.status, res.body.field]).toEqual([
        JSON.stringify(body).slice(0, 40),
        400,
        field,
      ]);
    }
  });
});
