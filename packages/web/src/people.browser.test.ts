/// <reference types="node" />
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@ocore/server';
import type { Browser, Page } from 'playwright-core';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import {
  callApi,
  launchChromium,
  openSignedIn,
  screenshot,
  signUp,
  startDashboardServer,
  type ApiRequest,
} from './testing/browser-harness';
import { hasChalltestsrv, startMockDns, type MockDns } from './testing/challtestsrv';
import { startSmtpSink, type SmtpSink } from './testing/smtp-sink';

/*
 * People, end to end in Chromium against the real server, its mail delivered over SMTP to a
 * server on loopback: the agency invites a client's person from the members page; the mail
 * arrives in the agency's brand; the person accepts on the client's portal host, and lands in
 * the client with no organization of their own; then forgets the password and resets it
 * through the mailed link. Portal hosts are subdomains of portal.test, resolved to loopback.
 * Then a certificate that cannot be obtained and a backup that fails reach the client's
 * webhook (a receiver on loopback, which checks the signature) and its email channel.
 */

warnIfSkipped('people.browser.test');

const ada = { name: 'Ada Agency', email: 'ada@brightside.test' };
const carl = { name: 'Carl Client', email: 'carl@acme-corp.test' };
const agencyName = 'Brightside Digital';
const fromEmail = 'hello@brightside.test';
const acme = 'Acme Corp';
const footerText = 'Brightside & Partners';
const teal = '#0f766e';
const webhookSecret = 'acme-webhook-secret-0123';

/** A webhook receiver on loopback: records what arrives, answers 204. */
async function startReceiver(): Promise<{
  url: string;
  received: { headers: IncomingHttpHeaders; body: string }[];
  server: Server;
}> {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

describe.skipIf(!runsInBrowser)('inviting a client person, accepting on the portal, resetting the password', () => {
  let app: App;
  let smtp: SmtpSink;
  let browser: Browser;
  let portal: Page;
  let members: Page;
  let portalUrl: string;
  let clientId: string;
  let adaToken: string;
  let operatorToken: string;
  let dns: MockDns | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const errors: string[] = [];
  const api = async (path: string, init?: ApiRequest) => (await callApi(app.url, path, init)).body as any;
  const heading = (target: Page, name: string) => target.getByRole('heading', { level: 1, name, exact: true });
  const button = (target: Page, name: string) => target.getByRole('button', { name, exact: true });

  /** The mail's link, on the client's portal host; opened on the port this test serves it on. */
  function portalLink(mail: ParsedMail, path: string): string {
    const link = new URL(new RegExp(`https?://\\S+${path}#token=[A-Za-z0-9_-]+`).exec(mail.text ?? '')?.[0] ?? '');
    expect(link.hostname).toBe('acme.portal.test');
    return `${portalUrl}${link.pathname}${link.hash}`;
  }

  function expectAgencyBrand(mail: ParsedMail): void {
    expect(mail.from?.value).toEqual([{ name: agencyName, address: fromEmail }]);
    expect(String(mail.html)).toContain(teal);
    expect(String(mail.html)).toContain('Brightside &amp; Partners');
    for (const part of [String(mail.html), mail.text ?? '', mail.subject ?? '']) expect(part).not.toMatch(/ocore/i);
  }

  beforeAll(async () => {
    smtp = await startSmtpSink();
    receiver = await startReceiver();
    dns = hasChalltestsrv ? await startMockDns() : undefined;
    app = await startDashboardServer({
      OCORE_PORTAL_BASE_DOMAIN: 'portal.test',
      OCORE_SMTP_URL: smtp.url,
      // The client's webhook receiver is on loopback; DNS of custom domains answered by challtestsrv.
      OCORE_ALLOW_PRIVATE_EGRESS: '1',
      OCORE_PUBLIC_IPS: '127.0.0.1',
      ...(dns ? { OCORE_DNS_SERVERS: dns.dnsServer } : {}),
    });
    adaToken = await signUp(app.url, ada);
    await api('/agency/enable', { method: 'POST', token: adaToken });
    await api('/org', { method: 'PUT', token: adaToken, body: { name: agencyName } });
    await api('/agency/branding', {
      method: 'PUT',
      token: adaToken,
      body: { fromEmail, primaryColor: teal, footerText },
    });
    clientId = (await api('/agency/clients', { method: 'POST', token: adaToken, body: { name: acme } })).id;
    await api('/agency/portal-domains', {
      method: 'POST',
      token: adaToken,
      body: { subdomain: 'acme', clientOrgId: clientId },
    });
    portalUrl = `http://acme.portal.test:${new URL(app.url).port}`;
    const operator = await api('/auth/switch-org', {
      method: 'POST',
      token: adaToken,
      body: { organizationId: clientId },
    });
    operatorToken = operator.token;
    browser = await launchChromium(['--host-resolver-rules=MAP *.portal.test 127.0.0.1']);
    const page = await openSignedIn(browser, app.url, operator.token, errors);
    await page.goto(`${app.url}/members`);
    await heading(page, 'Members').waitFor();
    await page.getByLabel('Email', { exact: true }).fill(carl.email);
    await page.getByLabel('Role', { exact: true }).selectOption('Admin');
    await button(page, 'Invite').click();
    await page.getByText(`Invited ${carl.email} as Admin.`).waitFor();
    await page.getByRole('row').filter({ hasText: carl.email }).waitFor();
    members = page;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await dns?.stop();
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  /** Accepting the mailed invitation as someone new, on a page of its own: answers the page. */
  async function tryToAccept(mail: ParsedMail): Promise<Page> {
    const visitor = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    visitor.setDefaultTimeout(10_000);
    visitor.on('pageerror', (error) => errors.push(error.message));
    await visitor.goto(portalLink(mail, '/invite'));
    await heading(visitor, `Join ${acme}`).waitFor();
    await visitor.getByLabel('Your name').fill('Somebody Else');
    await visitor.getByLabel('Password').fill('ledger tulip ferry 42');
    await button(visitor, 'Accept the invitation').click();
    return visitor;
  }

  const refusedLink = 'this invitation is unknown, expired, revoked or already used; ask for a new one';

  it('lists the pending invitation; "Resend" mails a new link, and the first one stops working', async () => {
    const row = members.getByRole('table', { name: 'Pending invitations' }).getByRole('row').filter({
      hasText: carl.email,
    });
    expect(await row.textContent()).toContain('Admin');
    const pending = (await api('/org/invitations', { token: operatorToken })).items;
    expect(pending).toMatchObject([{ email: carl.email, role: 'Admin', status: 'pending' }]);
    const weekAhead = Date.now() + 7 * 24 * 60 * 60 * 1000;
    expect(Math.abs(Date.parse(pending[0].expiresAt) - weekAhead)).toBeLessThan(5 * 60 * 1000);
    const first = await smtp.latest(carl.email, '/invite#token=');

    await row.getByRole('button', { name: 'Resend', exact: true }).click();
    await row.getByText('Sent again.').waitFor();
    await expect.poll(() => smtp.all(carl.email, '/invite#token=').length, { timeout: 15_000 }).toBe(2);
    const second = await smtp.latest(carl.email, '/invite#token=');
    expectAgencyBrand(second);
    expect(portalLink(second, '/invite')).not.toBe(portalLink(first, '/invite'));
    // Still one invitation, pending, with the Revoke it had.
    expect(await members.getByRole('table', { name: 'Pending invitations' }).locator('tbody tr').count()).toBe(1);
    expect(await row.getByRole('button', { name: 'Revoke', exact: true }).count()).toBe(1);
    await screenshot(members, 'members-invitations-1280');

    // The first link is refused (the next test accepts with the second).
    const visitor = await tryToAccept(first);
    await visitor.getByText(refusedLink).waitFor();
    expect(await visitor.evaluate(() => localStorage.getItem('ocore.token'))).toBeNull();
    await visitor.close();
  });

  it("accepts the mailed invitation on the client's portal, in its brand, with no organization of one's own", async () => {
    const mail = await smtp.latest(carl.email, '/invite#token=');
    expectAgencyBrand(mail);
    expect(mail.subject).toBe(`You are invited to ${acme}`);
    portal = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    portal.setDefaultTimeout(10_000);
    portal.on('pageerror', (error) => errors.push(error.message));
    await portal.goto(portalLink(mail, '/invite'));

    await heading(portal, `Join ${acme}`).waitFor();
    expect(await portal.getByRole('contentinfo').textContent()).toBe(footerText);
    expect(await portal.evaluate(() => document.body.innerText)).not.toMatch(/ocore/i);
    await portal.getByLabel('Your name').fill(carl.name);
    await portal.getByLabel('Password').fill('password123');
    await button(portal, 'Accept the invitation').click();
    await portal.getByText('is one of the most common passwords').waitFor();
    await portal.getByLabel('Password').fill('ledger tulip ferry 42');
    await button(portal, 'Accept the invitation').click();

    await heading(portal, acme).waitFor();
    await portal.getByText(`Welcome, ${carl.name}.`).waitFor();
    const token = await portal.evaluate(() => localStorage.getItem('ocore.token'));
    const mine = await api('/user/orgs', { token });
    expect(mine.items.map((o: { id: string }) => o.id)).toEqual([clientId]);
    expect((await api('/auth/me', { token })).user.emailVerified).toBe(true);
    await screenshot(portal, 'client-portal-invited-1280');
  });

  it('resets a forgotten password from the portal sign-in page through the mailed link', async () => {
    await button(portal, 'Log out').click();
    await heading(portal, `Sign in to ${acme}`).waitFor();
    await portal.getByRole('link', { name: 'Forgot password?' }).click();
    await heading(portal, `Forgot your ${acme} password?`).waitFor();
    await portal.getByLabel('Email').fill(carl.email);
    await button(portal, 'Send the link').click();
    await portal.getByText('a link to set a new password is on its way').waitFor();

    const mail = await smtp.latest(carl.email, '/reset-password#token=');
    expectAgencyBrand(mail);
    await portal.goto(portalLink(mail, '/reset-password'));
    await heading(portal, 'Set a new password').waitFor();
    await portal.getByLabel('New password').fill('a fresh harbour lantern');
    await portal.getByLabel('Repeat it').fill('a fresh harbour lantern');
    await button(portal, 'Set the new password').click();
    await portal.getByRole('link', { name: 'Sign in' }).click();

    await heading(portal, `Sign in to ${acme}`).waitFor();
    await portal.getByLabel('Email').fill(carl.email);
    await portal.getByLabel('Password').fill('a fresh harbour lantern');
    await button(portal, 'Log in').click();
    await portal.getByText(`Welcome, ${carl.name}.`).waitFor();
    expect(errors).toEqual([]);
  });

  it('revokes an invitation: it leaves the pending list, and its mailed link is refused', async () => {
    const dora = 'dora@acme-corp.test';
    await members.reload();
    await heading(members, 'Members').waitFor();
    await members.getByLabel('Email', { exact: true }).fill(dora);
    await members.getByLabel('Role', { exact: true }).selectOption('Viewer');
    await button(members, 'Invite').click();
    await members.getByText(`Invited ${dora} as Viewer.`).waitFor();
    const invitations = members.getByRole('table', { name: 'Pending invitations' });
    const row = invitations.getByRole('row').filter({ hasText: dora });
    await row.waitFor();
    // Carl accepted: only Dora's invitation is pending.
    expect(await invitations.locator('tbody tr').count()).toBe(1);
    const mail = await smtp.latest(dora, '/invite#token=');

    await row.getByRole('button', { name: 'Revoke', exact: true }).click();
    await row.getByRole('button', { name: 'Revoke invitation', exact: true }).click();
    await row.waitFor({ state: 'detached' });
    await members.getByText('No pending invitations').waitFor();
    expect((await api('/org/invitations', { token: operatorToken })).items).toEqual([]);

    const visitor = await tryToAccept(mail);
    await visitor.getByText(refusedLink).waitFor();
    expect(await visitor.evaluate(() => localStorage.getItem('ocore.token'))).toBeNull();
    await visitor.close();
    expect(errors).toEqual([]);
  });

  it.skipIf(!hasChalltestsrv)(
    "sends a certificate failure and a failed backup to the client's signed webhook and its email",
    async () => {
      const token = operatorToken;
      const alerts = 'alerts@acme-corp.test';
      const hook = await api('/org/notification-channels', {
        method: 'POST',
        token,
        body: { name: 'Acme ops', kind: 'webhook', url: `${receiver.url}/acme`, secret: webhookSecret },
      });
      const mail = await api('/org/notification-channels', {
        method: 'POST',
        token,
        body: { name: 'Acme mail', kind: 'email', addresses: [alerts] },
      });
      const channelIds = [hook.id, mail.id];
      await api('/org/notification-rules', {
        method: 'PUT',
        token,
        body: { rules: ['certificate.failed', 'backup.failed'].map((kind) => ({ kind, channelIds })) },
      });

      // A custom domain for Acme's portal, verified by DNS; no CA is configured, so its order fails.
      const host = 'portal.acme-corp.test';
      const domain = await api('/agency/portal-domains', {
        method: 'POST',
        token: adaToken,
        body: { customDomain: host, clientOrgId: clientId },
      });
      await dns!.setTxt(`_ocore-verification.${host}`, domain.dnsVerificationToken);
      await dns!.addA(host, ['127.0.0.1']);
      expect(
        (await api(`/agency/portal-domains/${domain.id}/verify`, { method: 'POST', token: adaToken })).verified,
      ).toBe(true);

      // A backup of an instance whose server cannot be reached fails.
      const server = await api('/servers', {
        method: 'POST',
        token,
        body: {
          name: 'unreachable',
          host: '127.0.0.1',
          port: 1,
          sshUser: 'root',
          sshPassword: 'not used',
          capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 2 },
        },
      });
      const instance = await api('/instances', {
        method: 'POST',
        token,
        body: { serverId: server.id, name: 'Acme ERP', odooVersion: '18.0' },
      });
      const destination = await api('/backup-destinations', {
        method: 'POST',
        token,
        body: { name: 'Disk', kind: 'server', server: { serverId: server.id, directory: '/var/backups/acme' } },
      });
      await api(`/instances/${instance.instanceId}/backups`, {
        method: 'POST',
        token,
        body: { destinationId: destination.id },
      });

      const signed = async (kind: string) => {
        const deadline = Date.now() + 60_000;
        for (;;) {
          const found = receiver.received.find((r) => r.headers['x-ocore-event'] === kind);
          if (found) return found;
          if (Date.now() > deadline) throw new Error(`no ${kind} webhook arrived`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      };
      for (const kind of ['certificate.failed', 'backup.failed']) {
        const request = await signed(kind);
        const timestamp = String(request.headers['x-ocore-timestamp']);
        const expected = createHmac('sha256', webhookSecret).update(`${timestamp}.${request.body}`).digest('hex');
        expect(request.headers['x-ocore-signature']).toBe(`sha256=${expected}`);
        expect(JSON.parse(request.body)).toMatchObject({ kind, organizationId: clientId });
      }
      const certificateMail = await smtp.latest(alerts, host);
      expect(certificateMail.subject).toBe(`The certificate of ${host} failed`);
      expectAgencyBrand(certificateMail);
      const backupMail = await smtp.latest(alerts, 'A backup failed');
      expect(backupMail.subject).toMatch(/^A backup failed of instance /);
      expectAgencyBrand(backupMail);
    },
    120_000,
  );
});
