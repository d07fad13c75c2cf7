import { readFile } from 'node:fs/promises';
import type {
  AgencyOverview,
  AuthResult,
  Branding,
  ClientOrg,
  DrContent,
  DrDocument,
  DrImportResult,
  Me,
  Organization,
  PortalConfig,
  PortalDomain,
  Server,
  TopologyValidation,
  VerifyResult,
} from '@ocore/core';
import { describe, expect, it } from 'vitest';
import { canMockDns } from './testing/challtestsrv.js';
import { acceptMailedInvitation, runJson, signUp, useCliServer, useMockDns } from './testing/cli-fixtures.js';
import { testPassword, uniqueEmail } from './testing/cli-harness.js';
import {
  documentedJsonArgs,
  readDocumentedCommands,
  specDir,
  type DocumentedCommand,
} from './testing/documented-commands.js';
import { writeSshKeyPair } from './testing/topology-fixtures.js';

/**
 * Every command of the guides' examples (docs/spec), as written there, and what the
 * journey changes to run it. A command the guides add fails the first test until it is here.
 */
const documentedCommands = {
  createClient: { line: 'ocore agency client create --name "Acme Corp" --slug acme-corp' },
  brandPortal: {
    line: 'ocore agency branding update --logo-url "https://cdn.example.com/agency-logo.png" --primary-color "#2563eb"',
  },
  // The guide's domain is the portal of its client, Acme Corp.
  addPortalDomain: {
    line: 'ocore agency portal-domain create --subdomain acme --domain erp.acme.com',
    extra: ['--client', 'acme-corp'],
  },
  createTopology: { line: 'ocore topology create --name "HA Production Setup"' },
  // Slugs are unique across organizations, and acme-corp is the agency guide's client already.
  createOrg: { line: 'ocore org create --name "Acme Corp" --slug acme-corp', replace: ['--slug', 'acme-corp-hq'] },
  renameOrg: { line: 'ocore org update --name "Acme Corporation"' },
} satisfies Record<string, DocumentedCommand>;

/** The content of an export as a restore must reproduce it: all but the organization's name and the sealed bytes. */
function configurationOf(document: DrDocument) {
  const sealed = (secrets: Record<string, string | null>) =>
    Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, value !== null]));
  const { organization: _renamed, ...content }: DrContent = document.content;
  return {
    ...content,
    settings: { ...content.settings, secrets: sealed(content.settings.secrets) },
    servers: content.servers.map((s) => ({ ...s, secrets: sealed(s.secrets) })),
    // A restored client gets a new slug where its own is taken, and its members are listed to
    // be invited rather than added: the rest of each client's content comes back the same.
    // Restored beside the live agency, its portal hosts are still taken: skipped, and named so.
    portalDomains: undefined,
    clients: content.clients?.map((c) => ({
      ref: c.ref,
      content: { ...c.content, organization: { ...c.content.organization, slug: '' }, members: [] },
    })),
  };
}

describe.skipIf(!canMockDns)('the terminal journey', () => {
  const mock = useMockDns();
  const server = useCliServer(mock.serverEnv);
  const olga = server.user('olga');
  const json = <T>(args: readonly string[]) => runJson<T>(olga, ['--json', ...args]);
  const ran = new Set<string>();
  const runDocumented = <T>(name: keyof typeof documentedCommands): Promise<T> => {
    const command: DocumentedCommand = documentedCommands[name];
    ran.add(command.line);
    return runJson<T>(olga, documentedJsonArgs(command));
  };
  const ids: Record<string, string> = {};

  it('has a step for every command in the guides', async () => {
    const documented = await readDocumentedCommands();
    expect(documented.length, `no ocore command found in ${specDir}`).toBeGreaterThan(0);
    const handled = Object.values(documentedCommands).map((command) => command.line);
    expect(
      documented.filter((line) => !handled.includes(line)),
      'in the guides, not run by the journey: add each to documentedCommands',
    ).toEqual([]);
    expect(
      handled.filter((line) => !documented.includes(line)),
      'in documentedCommands, no longer in the guides',
    ).toEqual([]);
  });

  it('signs up and turns agency mode on', async () => {
    const email = uniqueEmail('olga');
    const signup = ['signup', '--email', email, '--name', 'Olga', '--password', testPassword];
    const signedUp = await json<AuthResult>(signup);
    expect(signedUp).toMatchObject({ user: { email }, organization: { name: "Olga's Organization" } });
    ids['agency'] = signedUp.organization!.id;
    ids['agencySlug'] = signedUp.organization!.slug;
    expect(await json<Me>(['whoami'])).toMatchObject({ role: 'Owner', organization: { id: ids['agency'] } });
    expect(await json(['agency', 'enable'])).toEqual({ status: 'enabled' });
    expect(await json<AgencyOverview>(['agency', 'overview'])).toMatchObject({ enabled: true, clientCount: 0 });
  });

  it('creates two clients', async () => {
    const acme = await runDocumented<ClientOrg>('createClient');
    expect(acme).toMatchObject({ name: 'Acme Corp', slug: 'acme-corp' });
    ids['acme'] = acme.id;
    await json<ClientOrg>(['agency', 'client', 'create', '--name', 'Globex', '--slug', 'globex']);
    const clients = await json<{ items: ClientOrg[]; total: number }>(['agency', 'client', 'list']);
    expect(clients.total).toBe(2);
    expect(clients.items.map((c) => c.slug)).toEqual(['globex', 'acme-corp']);
  });

  it('brands the portal', async () => {
    const documented = { logoUrl: 'https://cdn.example.com/agency-logo.png', primaryColor: '#2563eb' };
    expect(await runDocumented<Branding>('brandPortal')).toMatchObject(documented);
    const rest = ['--accent-color', '#7c3aed', '--font-family', 'Inter', '--footer-text', 'Powered by Agency Inc.'];
    await json<Branding>(['agency', 'branding', 'update', ...rest]);
    const branding = await json<Branding>(['agency', 'branding', 'get']);
    expect(branding).toMatchObject({ ...documented, accentColor: '#7c3aed', footerText: 'Powered by Agency Inc.' });
  });

  it('turns features off', async () => {
    const off = ['--odoo-shell', 'off', '--databases', 'off', '--infrastructure-visibility', 'limited'];
    await json<PortalConfig>(['agency', 'portal-config', 'set', ...off]);
    expect(await json<PortalConfig>(['agency', 'portal-config', 'get'])).toMatchObject({
      featureOdooShell: false,
      featureDatabases: false,
      featureTerminal: true,
      infrastructureVisibility: 'limited',
    });
  });

  it('adds a portal domain and watches it get verified, until Ctrl-C', async () => {
    const domain = await runDocumented<PortalDomain>('addPortalDomain');
    expect(domain).toMatchObject({ subdomain: 'acme', customDomain: 'erp.acme.com', clientOrgId: ids['acme'] });
    const watch = olga.spawn(['agency', 'portal-domain', 'watch']);
    await expect.poll(() => watch.output().stderr, { timeout: 30_000 }).toContain('press Ctrl-C to stop');
    const verify = () => olga.run(['--json', 'agency', 'portal-domain', 'verify', 'erp.acme.com']);
    const pending = await verify();
    expect(pending.code).toBe(1);
    expect(JSON.parse(pending.stdout)).toMatchObject({ verified: false, status: 'pending' });
    await expect.poll(() => watch.output().stdout).toMatch(/ erp\.acme\.com {2}status=pending .* error: /);

    await mock.dns.setTxt(`_ocore-verification.erp.acme.com`, domain.dnsVerificationToken);
    await mock.dns.addA('erp.acme.com', ['127.0.0.1']);
    const verified = await verify();
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout) as VerifyResult).toMatchObject({ verified: true, status: 'verified' });
    await expect
      .poll(() => watch.output().stdout)
      .toMatch(/ erp\.acme\.com {2}status=verified {2}dns=verified {2}ssl=\S+ {2}active=yes/);

    watch.kill('SIGINT');
    const ended = await watch.result;
    expect(ended).toMatchObject({ code: 0, signal: null });
    expect(ended.stderr).toBe('Watching the portal domains; press Ctrl-C to stop.\n');
  });

  it("gives a client's member that client, and nothing of the agency or the other client", async () => {
    const carl = server.user('carl');
    const carlEmail = await signUp(carl, 'Carl');
    expect(await json(['agency', 'client', 'open', 'acme-corp'])).toMatchObject({ organization: { id: ids['acme'] } });
    await json(['members', 'add', '--email', carlEmail, '--role', 'Developer']);
    await acceptMailedInvitation(server, carl, carlEmail);
    await json(['org', 'switch', ids['agencySlug']!]);
    const carlsOrgs = await runJson<{ items: { slug: string }[] }>(carl, ['--json', 'org', 'list']);
    expect(carlsOrgs.items.map((o) => o.slug).sort()).toEqual(['acme-corp', expect.stringMatching(/^carls-/)]);
    await runJson(carl, ['--json', 'org', 'switch', 'acme-corp']);
    const me = await runJson<Me>(carl, ['--json', 'whoami']);
    expect(me).toMatchObject({ role: 'Developer', organization: { id: ids['acme'] } });
    const refused = await carl.run(['agency', 'client', 'list']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Agency mode is not enabled for this organization');
  });

  it('adds a server, gives it an SSH key, a template and the documented topology', async () => {
    const added = await json<Server>(['server', 'add', '--name', 'db-1', '--host', 'db-1.internal']);
    expect(added).toMatchObject({ hasSshKey: false, capacity: { cpuCores: 4 } });
    const keyed = await json<Server>(['server', 'update', 'db-1', '--key-file', await writeSshKeyPair(server)]);
    expect(keyed).toMatchObject({ id: added.id, hasSshKey: true });
    const template = ['--name', 'Standard Odoo 18 CE', '--odoo-version', '18.0', '--module', 'sale,purchase'];
    expect(await json(['template', 'create', ...template])).toMatchObject({ moduleList: ['sale', 'purchase'] });
    expect(await runDocumented('createTopology')).toMatchObject({ name: 'HA Production Setup' });
    // Empty, so it does not validate: exit 1, the reasons still printed as JSON.
    const validation = await olga.run(['--json', 'topology', 'validate', 'HA Production Setup']);
    expect(validation.code).toBe(1);
    expect((JSON.parse(validation.stdout) as TopologyValidation).valid).toBe(false);
  });

  it('exports DR, imports it into a new organization, which exports the same configuration', async () => {
    expect(await json(['org', 'dr', 'info'])).toMatchObject({ counts: { servers: 1, topologies: 1, templates: 1 } });
    const [first, second] = [server.path('olga-dr.json'), server.path('restored-dr.json')];
    expect(await json(['org', 'dr', 'export', '--out', first])).toMatchObject({ file: first });
    const importArgs = ['--file', first, '--name', 'Olga Restored', '--slug', 'olga-restored'];
    const imported = await json<DrImportResult>(['org', 'dr', 'import', ...importArgs]);
    expect(imported.restored).toMatchObject({ servers: 1, topologies: 1, templates: 1 });
    await json(['org', 'switch', 'olga-restored']);
    await json(['org', 'dr', 'export', '--out', second]);
    const [exported, restored] = await Promise.all(
      [first, second].map(async (file) => JSON.parse(await readFile(file, 'utf8')) as DrDocument),
    );
    expect(restored!.content.organization).toMatchObject({ name: 'Olga Restored', slug: 'olga-restored' });
    expect(configurationOf(restored!)).toEqual(configurationOf(exported!));
    expect(await json<{ items: Server[] }>(['server', 'list'])).toMatchObject({ items: [{ hasSshKey: true }] });
  });

  it('creates an organization, switches to it and renames it, as the organizations guide does', async () => {
    const created = await runDocumented<Organization>('createOrg');
    expect(created).toMatchObject({ name: 'Acme Corp', slug: 'acme-corp-hq' });
    await json(['org', 'switch', 'acme-corp-hq']);
    expect(await runDocumented<Organization>('renameOrg')).toMatchObject({ id: created.id, name: 'Acme Corporation' });
    const mine = await json<{ items: { name: string }[] }>(['org', 'list']);
    expect(mine.items.map((o) => o.name).sort()).toEqual(['Acme Corporation', 'Olga Restored', "Olga's Organization"]);
  });

  it('ran every documented command', () => {
    expect([...ran].sort()).toEqual(
      Object.values(documentedCommands)
        .map((c) => c.line)
        .sort(),
    );
  });
});
