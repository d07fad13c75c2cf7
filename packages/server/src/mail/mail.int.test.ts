import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken, startTestApp, type TestApp } from '../testing/test-app.js';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink.js';

let smtp: SmtpSink;
let t: TestApp;
beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await startTestApp({ OCORE_SMTP_URL: smtp.url, OCORE_MAIL_RETRY_SECONDS: '1' });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('mail over SMTP', () => {
  it("sends a client's invitation in the agency's brand, HTML and text, escaped, with no platform name", async () => {
    const agency = await t.agency('Agency Owner');
    await t.api('PUT', '/api/org', { token: agency.token, body: { name: 'Brightside Digital' } });
    const branded = await t.api('PUT', '/api/agency/branding', {
      token: agency.token,
      body: {
        fromEmail: 'hello@brightside.example',
        logoUrl: 'https://cdn.brightside.example/logo.png?v=1&x="2"',
        primaryColor: '#0a7cff',
        footerText: 'Brightside & Partners, 1 "Quay" Road',
      },
    });
    expect(branded.status).toBe(200);
    const client = await t.client(agency, 'Client <b>Co</b>');
    const email = `person-${Date.now()}@client.example`;
    const invited = await t.api('POST', '/api/org/invitations', {
      token: client.operatorToken,
      body: { email, role: 'Admin' },
    });
    expect(invited.status).toBe(201);

    const mail = await smtp.waitFor(email);
    expect(mail.from?.value).toEqual([{ name: 'Brightside Digital', address: 'hello@brightside.example' }]);
    expect(mail.subject).toBe('You are invited to Client <b>Co</b>');
    const html = String(mail.html);
    const text = mail.text ?? '';
    expect(html).toContain('src="https://cdn.brightside.example/logo.png?v=1&amp;x=%222%22"');
    expect(html).toContain('#0a7cff');
    expect(html).toContain('Brightside &amp; Partners, 1 &quot;Quay&quot; Road');
    expect(html).toContain('Client &lt;b&gt;Co&lt;/b&gt;');
    expect(html).not.toContain('<b>Co</b>');
    expect(text).toContain('Brightside & Partners, 1 "Quay" Road');
    expect(text).toContain('join Client <b>Co</b> as Admin');
    for (const part of [html, text, mail.subject ?? '', JSON.stringify(mail.from)]) expect(part).not.toMatch(/ocore/i);
    // The link carries a token that accepts this invitation.
    const accepted = await t.api('POST', '/api/auth/invitations/accept', {
      body: { token: linkToken({ text }), name: 'Client Person', password: 'a long enough password' },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.organization.id).toBe(client.id);
  });

  it('keeps a message the mail server refuses and delivers it on a later try', async () => {
    const owner = await t.signup('Retry Owner');
    const email = `retry-${Date.now()}@example.com`;
    smtp.refuseNext(2);
    const invited = await t.api('POST', '/api/org/invitations', {
      token: owner.token,
      body: { email, role: 'Viewer' },
    });
    expect(invited.status).toBe(201);
    const mail = await smtp.waitFor(email, 30_000);
    // Without an agency, the platform's brand and sender.
    expect(mail.from?.value).toEqual([{ name: 'oCore Agency', address: 'no-reply@localhost' }]);
    expect(smtp.received.filter((m) => m.subject === mail.subject && m.text === mail.text)).toHaveLength(1);
  }, 40_000);
});
