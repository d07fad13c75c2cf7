/// <reference types="node" />
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runsInBrowser, warnIfSkipped } from './testing/browser-env';
import {
  callApi,
  launchChromium,
  screenshot,
  signUpThroughForm,
  testPassword,
  type ApiRequest,
} from './testing/browser-harness';
import { builtServerMain, startBuiltServer, type BuiltServer } from './testing/built-server';
import { hasChalltestsrv, startMockDns, type MockDns } from './testing/challtestsrv';
import { freePorts, hasPebble, startPebble, type Pebble } from './testing/pebble';

/*
 * An agency's first hour, end to end: the BUILT server (packages/server/dist/main.js serving
 * packages/web/dist, as `npm run quickstart` leaves it) in a child process on PGlite, DNS answered
 * by pebble-challtestsrv and certificates issued by Pebble, all on loopback, driven through the
 * dashboard in headless Chromium. Screenshots go to docs/screenshots with OCORE_UPDATE_SCREENSHOTS=1.
 */

warnIfSkipped('journey.browser.test');
const hasTools = hasChalltestsrv && hasPebble;
if (runsInBrowser && !hasTools)
  console.warn('[journey.browser.test] SKIPPED: needs pebble and pebble-challtestsrv (apt-get install pebble).');

const ada = { name: 'Ada Agency', email: 'ada@ada-agency.test' };
const carl = { name: 'Carl Client', email: 'carl@acme-corp.test' };
const gina = { name: 'Gina Globex', email: 'gina@globex.test' };
const acme = 'Acme Corp';
const globex = 'Globex Secret';
const host = 'erp.acme-corp.test';
const recordName = `_ocore-verification.${host}`;
const footerText = 'Hosted with care by Ada Agency';
const logoUrl = 'https://cdn.brand.test/logo.svg';
const capacity = { cpuCores: 4, memoryMb: 8192, maxInstances: 5 };
const teal = { hex: '#0f766e', rgb: 'rgb(15, 118, 110)' };
const logoSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40"><rect width="40" height="40" rx="10" fill="#0f766e"/><text x="50" y="28" font-family="sans-serif" font-size="22" font-weight="700" fill="#0f766e">Acme</text></svg>';

/** Brand images come from an https CDN, which the test answers. */
async function serveBrandImages(target: Page): Promise<void> {
  await target.route('https://cdn.brand.test/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/svg+xml', body: logoSvg }),
  );
}

/** The certificate a TLS server presents for `servername`, checked against `ca`. */
function presentedCertificate(
  port: number,
  servername: string,
  ca: string,
): Promise<{ san: string | undefined; authorized: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, ca }, () => {
      resolve({ san: socket.getPeerCertificate().subjectaltname, authorized: socket.authorized });
      socket.end();
    });
    socket.on('error', reject);
  });
}

type DrContent = {
  servers: { ref: string; name: string }[];
  topologies: {
    name: string;
    topologyData: { nodes: { serverId: string }[] };
    haConfig: { lbServerId: string | null; redisServerId: string | null };
  }[];
} & Record<string, unknown>;

/**
 * A DR document's content with servers named instead of numbered, in name order: a restore
 * inserts them in one transaction, so their order (and `server-N` refs) may differ (reported).
 */
function comparable(content: DrContent): unknown {
  const names = new Map(content.servers.map((s) => [s.ref, s.name]));
  const named = (ref: string | null) => (ref === null ? null : names.get(ref));
  const byName = <T extends { name: string }>(items: T[]) => [...items].sort((a, b) => a.name.localeCompare(b.name));
  return {
    ...content,
    servers: byName(content.servers.map(({ ref: _ref, ...server }) => server)),
    topologies: byName(
      content.topologies.map((t) => ({
        ...t,
        topologyData: {
          ...t.topologyData,
          nodes: t.topologyData.nodes.map((n) => ({ ...n, serverId: named(n.serverId) })),
        },
        haConfig: {
          ...t.haConfig,
          lbServerId: named(t.haConfig.lbServerId),
          redisServerId: named(t.haConfig.redisServerId),
        },
      })),
    ),
  };
}

describe.skipIf(!runsInBrowser || !hasTools)(
  'journey: an agency signs up, brands a portal on its client’s domain, and restores from DR',
  () => {
    let dns: MockDns;
    let pebble: Pebble;
    let server: BuiltServer;
    let httpsPort: number;
    let browser: Browser;
    let page: Page;
    let portal: Page;
    let adaToken: string;
    const ids: Record<string, string> = {};
    const pageErrors: string[] = [];
    const downloads = mkdtempSync(join(tmpdir(), 'ocore-journey-dr-'));

    const api = async (path: string, init: ApiRequest = {}) => {
      const answer = await callApi(server.url, path, { token: adaToken, ...init });
      if (answer.status >= 400)
        throw new Error(`${init.method ?? 'GET'} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body as any;
    };
    const heading = (target: Page, name: string) => target.getByRole('heading', { level: 1, name, exact: true });
    const button = (target: Page | Locator, name: string) => target.getByRole('button', { name, exact: true });
    const nav = (name: string) =>
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
    const tab = (name: string) =>
      page.getByRole('navigation', { name: 'Agency' }).getByRole('link', { name, exact: true });
    const clientRow = (name: string) => page.getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
    const badge = (of: Locator, prefix: 'DNS' | 'SSL') =>
      of.locator('.badge').filter({ hasText: new RegExp(`^${prefix}: `) });
    const portalNav = () => portal.getByRole('navigation', { name: 'Main' });

    /** A session token of Ada's, inside one of the agency's clients (as its operator). */
    async function operatorIn(client: string): Promise<string> {
      return (await api('/auth/switch-org', { method: 'POST', body: { organizationId: ids[client] } })).token;
    }

    beforeAll(async () => {
      if (!existsSync(builtServerMain))
        throw new Error(`${builtServerMain} is missing: build the server first (npx pnpm@10 build).`);
      dns = await startMockDns();
      let port: number;
      [port, httpsPort] = (await freePorts(2)) as [number, number];
      // Pebble validates HTTP-01 on the server's own port, as a CA would on port 80.
      pebble = await startPebble({ dnsServer: dns.dnsServer, httpPort: port });
      server = await startBuiltServer(port, {
        OCORE_PORTAL_BASE_DOMAIN: 'portal.test',
        OCORE_PUBLIC_IPS: '127.0.0.1',
        OCORE_DNS_SERVERS: dns.dnsServer,
        OCORE_ACME_DIRECTORY_URL: pebble.directoryUrl,
        OCORE_ACME_CA_CERT: pebble.caCertFile,
        OCORE_HTTPS_PORT: String(httpsPort),
      });
      browser = await launchChromium([`--host-resolver-rules=MAP ${host} 127.0.0.1, MAP *.portal.test 127.0.0.1`]);
      page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await serveBrandImages(page);
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await pebble?.stop();
      await dns?.stop();
      rmSync(downloads, { recursive: true, force: true });
    });

    it('1. signs up through the form and turns agency mode on', async () => {
      await page.goto(`${server.url}/`);
      await page.getByRole('link', { name: /create an account|sign up/i }).click();
      adaToken = await signUpThroughForm(page, ada);
      await page.locator('.setup-step[data-step="agency"][data-done="false"]').waitFor();
      await screenshot(page, 'journey-01-overview');

      await nav('Agency').click();
      await page.getByText('Agency mode is off').waitFor();
      await button(page, 'Enable agency mode').click();
      await tab('Overview').waitFor();
      expect(await page.locator('.stat').filter({ hasText: 'Clients' }).locator('.stat-value').textContent()).toBe('0');
    });

    it('2. creates two clients', async () => {
      await tab('Clients').click();
      await page.getByText('No clients yet').waitFor();
      for (const name of [acme, globex]) {
        await page.getByLabel('Client name').fill(name);
        await button(page, 'Create client').click();
        await clientRow(name).waitFor();
      }
      await page.getByRole('heading', { name: 'Clients (2)' }).waitFor();
      for (const client of (await api('/agency/clients')).items as { id: string; name: string }[])
        ids[client.name] = client.id;
      await screenshot(page, 'journey-02-agency-clients');
      await tab('Overview').click();
      await expect
        .poll(() => page.locator('.stat').filter({ hasText: 'Clients' }).locator('.stat-value').textContent())
        .toBe('2');
      await screenshot(page, 'journey-03-agency-overview');
    });

    it('3a. shows the typed brand in the live preview before saving', async () => {
      await tab('Branding').click();
      await heading(page, 'Branding').waitFor();
      const previewButton = page.frameLocator('iframe[title="Portal preview"]').locator('.portal-header');
      await previewButton.waitFor();
      const before = await previewButton.evaluate((el) => getComputedStyle(el).backgroundColor);
      await page.getByLabel('Primary color', { exact: true }).fill(teal.hex);
      await expect.poll(() => previewButton.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(teal.rgb);
      expect(before).not.toBe(teal.rgb);
    });

    it('3b. saves the brand', async () => {
      await page.getByLabel('Primary color', { exact: true }).fill(teal.hex);
      await page.getByLabel('Logo URL').fill(logoUrl);
      await page.getByLabel('Footer text').fill(footerText);
      await button(page, 'Save branding').click();
      await page.getByText('Branding saved.').waitFor();
      expect(await api('/agency/branding')).toMatchObject({ primaryColor: teal.hex, logoUrl, footerText });
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'journey-04-agency-branding');
    });

    it('4. turns portal features off', async () => {
      await tab('Client portal').click();
      await heading(page, 'Client portal').waitFor();
      for (const feature of ['Terminal', 'Odoo shell', 'File editor', 'Databases'])
        await page.getByLabel(feature, { exact: true }).uncheck();
      await button(page, 'Save configuration').click();
      await page.getByText('Portal configuration saved.').waitFor();
      expect(await api('/agency/portal-config')).toMatchObject({
        featureTerminal: false,
        featureOdooShell: false,
        featureLogs: true,
        teamManagementEnabled: true,
      });
      await screenshot(page, 'journey-05-portal-config');
    });

    it("5. adds the client's domain; its DNS and SSL badges follow the test's DNS and CA live", async () => {
      await tab('Portal domains').click();
      await page.getByText('No portal domains yet').waitFor();
      await page.getByLabel('Custom domain').fill(host);
      await page.getByLabel('Client').selectOption({ label: acme });
      await button(page, 'Add domain').click();
      const domain = page.getByRole('article', { name: host });
      await domain.waitFor();
      expect(await badge(domain, 'DNS').textContent()).toBe('DNS: pending');
      expect(await badge(domain, 'SSL').textContent()).toBe('SSL: none');
      // Every badge text the card shows, in order, however briefly.
      await domain.evaluate((card) => {
        const seen: string[] = [];
        (window as unknown as { badgesSeen: string[] }).badgesSeen = seen;
        const note = () =>
          card
            .querySelectorAll('.badge')
            .forEach((b) => (seen.at(-1) === b.textContent ? null : seen.push(b.textContent ?? '')));
        new MutationObserver(note).observe(card, { subtree: true, childList: true, characterData: true });
      });

      await button(domain, `Verify now ${host}`).click();
      await domain.locator('.alert-warning').filter({ hasText: 'Not verified yet' }).waitFor();
      expect(await domain.locator('.check-list').textContent()).toContain(`No TXT record at ${recordName} yet`);

      const token = (await api('/agency/portal-domains')).items[0].dnsVerificationToken as string;
      await dns.setTxt(recordName, token);
      await dns.addA(host, ['127.0.0.1']);
      await button(domain, `Verify now ${host}`).click();
      await expect.poll(() => badge(domain, 'DNS').textContent()).toBe('DNS: verified');
      await domain.getByText('Active', { exact: true }).waitFor();
      await expect.poll(() => badge(domain, 'SSL').textContent(), { timeout: 30_000 }).toBe('SSL: active');

      const seen = await page.evaluate(() => (window as unknown as { badgesSeen: string[] }).badgesSeen);
      const ssl = seen.filter((text) => text.startsWith('SSL: '));
      expect(ssl.at(-1)).toBe('SSL: active');
      expect(ssl.some((text) => text === 'SSL: validating' || text === 'SSL: issuing')).toBe(true);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'journey-06-portal-domains');
    });

    it("6. serves the client's branded portal on the domain, over HTTP and with Pebble's certificate over HTTPS", async () => {
      portal = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      portal.setDefaultTimeout(15_000);
      portal.on('pageerror', (error) => pageErrors.push(error.message));
      await serveBrandImages(portal);
      await portal.goto(`http://${host}:${server.port}/`);
      await heading(portal, `Sign in to ${acme}`).waitFor();
      expect(await portal.title()).toBe(acme);
      expect(await portal.getByRole('contentinfo').textContent()).toBe(footerText);
      // The brand's color arrives with the portal's styles, which a loaded machine may apply a moment later.
      await expect
        .poll(() => button(portal, 'Log in').evaluate((el) => getComputedStyle(el).backgroundColor))
        .toBe(teal.rgb);
      await expect
        .poll(() => portal.getByRole('img', { name: acme }).evaluate((img: HTMLImageElement) => img.naturalWidth))
        .toBe(160);
      expect(await portal.evaluate(() => document.body.innerText)).not.toMatch(/ocore/i);
      await screenshot(portal, 'journey-07-portal-login');

      const certificate = await presentedCertificate(httpsPort, host, await pebble.rootCertPem());
      expect(certificate).toEqual({ san: `DNS:${host}`, authorized: true });
      // Chromium does not know Pebble's root; the chain was checked just above.
      const secure = await browser.newContext({ ignoreHTTPSErrors: true });
      const securePage = await secure.newPage();
      await securePage.goto(`https://${host}:${httpsPort}/`);
      await heading(securePage, `Sign in to ${acme}`).waitFor();
      await secure.close();
    });

    /** Accepts the invitation the server mailed to `email` (an .eml file in its data folder: no mail server). */
    async function acceptMailedInvitation(email: string): Promise<void> {
      const invitation = await vi.waitFor(
        () => {
          const folder = join(server.dataDir, 'mail');
          for (const file of existsSync(folder) ? readdirSync(folder) : []) {
            const raw = readFileSync(join(folder, file), 'utf8')
              .replace(/=\r?\n/g, '')
              .replace(/=3D/g, '=');
            const token = raw.includes(email) ? /#token=([A-Za-z0-9_-]+)/.exec(raw)?.[1] : undefined;
            if (token) return token;
          }
          throw new Error(`no invitation mail to ${email} yet`);
        },
        { timeout: 15_000, interval: 100 },
      );
      const accepted = await callApi(server.url, '/auth/invitations/accept', {
        method: 'POST',
        body: { token: invitation, password: testPassword },
      });
      expect(accepted.status).toBe(200);
    }

    it('7. a client user signs in to the portal and finds nothing of the other client', async () => {
      // Carl has an account; Ada steps into Acme Corp and adds him there.
      await callApi(server.url, '/auth/signup', { method: 'POST', body: { ...carl, password: testPassword } });
      await nav('Agency').click();
      await tab('Clients').click();
      await button(clientRow(acme), `Open ${acme}`).click();
      await heading(page, acme).waitFor();
      await nav('Members').click();
      await page.getByLabel('Email').fill(carl.email);
      await page.getByLabel('Role', { exact: true }).selectOption('Admin');
      await button(page, 'Invite').click();
      await page.getByText(`Invited ${carl.email} as Admin.`).waitFor();
      // Nobody joins without consent: Carl accepts the mailed invitation.
      await acceptMailedInvitation(carl.email);
      await screenshot(page, 'journey-08-client-members');
      await button(page, `Back to ${ada.name}'s Organization`).click();
      await heading(page, 'Clients').waitFor();

      // Each client has infrastructure of its own; Globex also a member.
      const inAcme = await operatorIn(acme);
      const inGlobex = await operatorIn(globex);
      await api('/servers', { method: 'POST', token: inAcme, body: { name: 'acme-db', host: '127.0.0.5', capacity } });
      const globexServer = await api('/servers', {
        method: 'POST',
        token: inGlobex,
        body: { name: 'globex-db', host: '127.0.0.9', capacity },
      });
      const globexTopology = await api('/topologies', { method: 'POST', token: inGlobex, body: { name: 'Globex HA' } });
      const globexTemplate = await api('/templates', {
        method: 'POST',
        token: inGlobex,
        body: { name: 'Globex Odoo', odooVersion: '18.0' },
      });
      await callApi(server.url, '/auth/signup', { method: 'POST', body: { ...gina, password: testPassword } });
      await api('/org/invitations', { method: 'POST', token: inGlobex, body: { email: gina.email, role: 'Admin' } });
      await acceptMailedInvitation(gina.email);

      await portal.getByLabel('Email').fill(carl.email);
      await portal.getByLabel('Password').fill(testPassword);
      await button(portal, 'Log in').click();
      await heading(portal, acme).waitFor();
      await portal.getByText(`Welcome, ${carl.name}.`).waitFor();
      expect(await portalNav().getByRole('link').allTextContents()).toEqual([
        'Home',
        'Team',
        'Logs',
        'Monitoring',
        'Backups',
        'Domains',
      ]);
      await screenshot(portal, 'journey-09-portal-home');

      await portalNav().getByRole('link', { name: 'Team', exact: true }).click();
      await portal.getByRole('row').filter({ hasText: carl.email }).waitFor();
      // The portal's Logs are the instances' logs (the audit log is the dashboard's page).
      await portalNav().getByRole('link', { name: 'Logs', exact: true }).click();
      await portal.locator('main h1', { hasText: 'Logs' }).waitFor();
      for (const path of ['/', '/team', '/logs']) {
        await portal.goto(`http://${host}:${server.port}${path}`);
        await portal.locator('main h1').waitFor();
        await portal.waitForLoadState('networkidle');
        const text = await portal.evaluate(() => document.body.innerText);
        for (const secret of [globex, gina.email, 'globex-db', 'Globex HA'])
          expect(text, `${path} shows ${secret}`).not.toContain(secret);
      }
      for (const path of [`/topologies/${globexTopology.id}`, `/servers/${globexServer.id}`]) {
        await portal.goto(`http://${host}:${server.port}${path}`);
        await heading(portal, 'Page not found').waitFor();
      }

      // The API with the portal's own session: the other client's objects do not exist for Carl.
      const asCarl = (path: string, method = 'GET', body?: unknown) =>
        portal.evaluate(
          async ([p, m, b]) => {
            const answer = await fetch(`/api${p}`, {
              method: m,
              headers: {
                'Content-Type': 'application/json',
                Authorization: `Bearer ${localStorage.getItem('ocore.token')}`,
              },
              ...(b === undefined ? {} : { body: JSON.stringify(b) }),
            });
            return { status: answer.status, text: await answer.text() };
          },
          [path, method, body] as const,
        );
      expect((await asCarl(`/servers/${globexServer.id}`)).status).toBe(404);
      expect((await asCarl(`/topologies/${globexTopology.id}`)).status).toBe(404);
      expect((await asCarl(`/templates/${globexTemplate.id}`)).status).toBe(404);
      const servers = await asCarl('/servers');
      expect(servers.text).toContain('acme-db');
      expect(servers.text).not.toContain('globex-db');
      for (const path of ['/topologies', '/templates', '/org/members', '/org/audit-log', '/user/orgs']) {
        const answer = await asCarl(path);
        expect(answer.status, path).toBe(200);
        expect(answer.text, path).not.toContain(globex);
        expect(answer.text, path).not.toContain(ids[globex]);
      }
      expect((await asCarl('/auth/switch-org', 'POST', { organizationId: ids[globex] })).status).toBeGreaterThanOrEqual(
        403,
      );
    });

    it('8. exports the agency for disaster recovery and restores it into a new organization with the same configuration', async () => {
      // The agency's own infrastructure and settings, which the export must carry.
      const big = { cpuCores: 8, memoryMb: 16384, maxInstances: 10 };
      const db = await api('/servers', {
        method: 'POST',
        body: { name: 'agency-db', host: '127.0.0.2', capacity: big },
      });
      const app = await api('/servers', { method: 'POST', body: { name: 'agency-app', host: '127.0.0.3', capacity } });
      await api('/templates', {
        method: 'POST',
        body: { name: 'Agency Odoo 18', odooVersion: '18.0', moduleList: ['sale', 'stock'] },
      });
      const nodes = [
        { id: 'odoo-1', kind: 'odoo', serverId: app.id, config: { workers: 4 } },
        { id: 'postgres-1', kind: 'postgres', serverId: db.id },
      ];
      await api('/topologies', {
        method: 'POST',
        body: { name: 'Agency HA', topologyData: { nodes, edges: [{ source: 'odoo-1', target: 'postgres-1' }] } },
      });
      await nav('Audit log').click();
      await page.getByRole('row').filter({ hasText: 'topology.created' }).first().waitFor();
      await screenshot(page, 'journey-10-audit-log');
      await nav('Settings').click();
      await heading(page, 'Settings').waitFor();
      await page.getByLabel('Audit retention (days)').fill('45');
      await button(page, 'Save settings').click();
      await page.getByText('Settings saved.').waitFor();

      const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Export').click()]);
      const file = join(downloads, download.suggestedFilename());
      await download.saveAs(file);
      const exported = JSON.parse(readFileSync(file, 'utf8'));
      await page.getByText(`by ${ada.name}`).waitFor();
      await screenshot(page, 'journey-11-settings-dr');

      await page.getByLabel('Export file').setInputFiles(file);
      await page.getByLabel('New name (optional)').fill('Ada Agency Restored');
      await page.getByLabel('New slug (optional)').fill('ada-agency-restored');
      await button(page, 'Import into a new organization').click();
      const restored = page.locator('.alert-success').filter({ hasText: 'Restored into the new organization' });
      await restored.waitFor();
      expect(await restored.textContent()).toContain('2 servers, 1 topology, 1 template, 0 projects');
      await button(page, 'Switch to Ada Agency Restored').click();
      await heading(page, 'Ada Agency Restored').waitFor();

      await nav('Settings').click();
      expect(await page.getByLabel('Audit retention (days)').inputValue()).toBe('45');
      await nav('Servers').click();
      await page.getByRole('row').filter({ hasText: 'agency-db' }).waitFor();
      await screenshot(page, 'journey-12-servers');
      await nav('Templates').click();
      await page.getByRole('row').filter({ hasText: 'Agency Odoo 18' }).waitFor();
      await nav('Topologies').click();
      await page.getByRole('link', { name: 'Agency HA', exact: true }).click();
      await heading(page, 'Agency HA').waitFor();
      await page.locator('.react-flow__node').nth(1).waitFor();
      await screenshot(page, 'journey-13-topology-editor');
      // The overview marks what the restored organization already has as done.
      await nav('Overview').click();
      await page.locator('.setup-step[data-step="server"][data-done="true"]').waitFor();
      await page.locator('.setup-step[data-step="template"][data-done="true"]').waitFor();
      await screenshot(page, 'journey-14-overview-progress');

      // Exported again, the restored organization says the same as the original, but for its name.
      const restoredToken = (await page.evaluate(() => localStorage.getItem('ocore.token')))!;
      const again = await api('/org/disaster-recovery/export', { method: 'POST', token: restoredToken });
      type Clients = { content: { organization: { name: string } } }[];
      const { clients: againClients, portalDomains: againDomains, ...againOwn } = again.content;
      const { clients: exportedClients, portalDomains: _domains, ...exportedOwn } = exported.content;
      expect(againDomains).toEqual([]);
      // Its clients come back as new organizations (new slugs, no members until invited).
      const clientNames = (clients: Clients) => clients.map((c) => c.content.organization.name).sort();
      expect(clientNames(againClients as Clients)).toEqual(clientNames(exportedClients as Clients));
      expect(comparable(againOwn as DrContent)).toEqual(
        comparable({
          ...exportedOwn,
          organization: { ...exported.content.organization, name: 'Ada Agency Restored', slug: 'ada-agency-restored' },
        } as DrContent),
      );
      expect(pageErrors).toEqual([]);
    });

    // The document carries agency mode, branding and the portal configuration, the clients and
    // the portal domains (here still the live agency's, so listed as left out).
    it('8b. restores the agency side too: agency mode, branding and portal configuration', async () => {
      await nav('Agency').click();
      await page.getByText('Agency mode is off').or(tab('Overview')).waitFor();
      expect(await tab('Branding').count()).toBe(1);
      const restoredToken = (await page.evaluate(() => localStorage.getItem('ocore.token')))!;
      expect(await api('/agency/branding', { token: restoredToken })).toMatchObject({
        primaryColor: teal.hex,
        footerText,
      });
    });
  },
);
