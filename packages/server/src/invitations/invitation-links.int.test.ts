import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ OCORE_PORTAL_BASE_DOMAIN: 'portal.test' });
});
afterAll(() => t.close());

describe('invitation links to a client portal on a subdomain', () => {
  it('keep the port the platform is served on, as password reset links do', async () => {
    const agency = await t.agency();
    const client = await t.client(agency, 'Port Client');
    const sub = `port-${Date.now()}`;
    const domain = await t.api('POST', '/api/agency/portal-domains', {
      token: agency.token,
      body: { subdomain: sub, clientOrgId: client.id },
    });
    expect(domain.status, JSON.stringify(domain.body)).toBe(201);
    const email = `port-${Date.now()}@example.com`;
    const before = t.app.deps.mailTransport.delivered.length;
    const invited = await t.api('POST', '/api/org/invitations', {
      token: client.operatorToken,
      body: { email, role: 'Viewer' },
    });
    expect(invited.status).toBe(201);
    const mail = await t.mail(email, before, '/invite#token=');
    const port = new URL(t.url).port;
    expect(port).not.toBe('');
    const link = /https?:\/\/\S+\/invite#token=/.exec(mail.text)?.[0];
    expect(link).toBe(`http://${sub}.portal.test:${port}/invite#token=`);
  });
});
