import { beforeEach, describe, expect, it } from 'vitest';
import { switchOrganization } from '../auth/auth.service.js';
import { updateOrgSettings } from '../org-settings/org-settings.service.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { actorFor, caught, joinAs, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { restoreDisasterRecovery } from './dr-import.service.js';
import { drContentSchema, drDocumentSchema, type DrDocument } from './dr.schema.js';
import { exportDisasterRecovery, getDrInfo } from './dr.service.js';
import { enableAgency } from '../agency/agency.service.js';
import { updateBranding } from '../agency/branding.service.js';
import { updatePortalConfig } from '../agency/portal-config.service.js';
import { hashCanonicalJson } from '../testing/settings-fakes.js';
import { createTemplate } from '../templates/template.service.js';
import { createTemplateInput } from '../templates/template.schema.js';

const plaintexts = {
  posthogPersonalApiKey: 'phx_personal_key',
  posthogWebhookSecret: 'whsec_hook_secret',
  subscriptionCode: 'M2407151234567',
};
const plainSettings = {
  auditRetentionDays: 30,
  bulkBatchSize: 25,
  posthogEnabled: true,
  posthogApiHost: 'https://eu.i.posthog.com',
  posthogUiHost: 'https://eu.posthog.com',
  requirePasskey: true,
};
const secretNames = Object.keys(plaintexts) as (keyof typeof plaintexts)[];

let deps: SettingsTestDeps;
let owner: SignedUp;
let dev: SignedUp;

beforeEach(async () => {
  deps = createSettingsTestDeps();
  owner = await signUpUser(deps, 'Olive Owner');
  await deps.store.roles.insertMany(owner.organization.id, [
    { name: 'Auditor', isSystem: false, permissions: ['view:members', 'view:audit_log'] },
  ]);
  dev = await joinAs(deps, owner.actor, 'Dev', 'Developer');
  await joinAs(deps, owner.actor, 'Vera', 'Viewer');
  await joinAs(deps, owner.actor, 'Ann Auditor', 'Auditor');
  // A passkey session: only such a session may turn requirePasskey on.
  await updateOrgSettings(deps, { ...owner.actor, passkey: true }, { ...plainSettings, ...plaintexts });
});

const exportNow = () => exportDisasterRecovery(deps, owner.actor);
const orgCount = (d: SettingsTestDeps) => d.store.state.organizations.size;

async function rolesAndMembersOf(d: SettingsTestDeps, organizationId: string) {
  const roles = await d.store.roles.list(organizationId);
  const members = await d.store.members.list(organizationId);
  return {
    roles: roles.map((r) => ({ name: r.name, isSystem: r.isSystem, permissions: [...r.permissions].sort() })),
    members: members.map((m) => ({ email: m.email, role: m.role })).sort((a, b) => a.email.localeCompare(b.email)),
  };
}

describe('getDrInfo', () => {
  it('counts what an export holds and shows the last export', async () => {
    const info = await getDrInfo(deps, owner.actor);
    expect(info).toMatchObject({
      counts: { roles: 5, members: 4, settings: 1, secrets: 3 },
      lastExport: null,
      format: 'ocore-disaster-recovery',
      version: 1,
    });
    expect(info.sizeEstimateBytes).toBeGreaterThan(JSON.stringify(plainSettings).length);
    deps.clock.advance(60_000);
    const document = await exportNow();
    expect((await getDrInfo(deps, owner.actor)).lastExport).toEqual({
      at: document.exportedAt,
      userId: owner.user.id,
      email: owner.user.email,
      name: 'Olive Owner',
    });
    await updateOrgSettings(deps, owner.actor, { posthogWebhookSecret: null });
    expect((await getDrInfo(deps, owner.actor)).counts.secrets).toBe(2);
  });
});

describe('exportDisasterRecovery', () => {
  it('makes a versioned, checksummed document of roles, members and settings', async () => {
    deps.clock.advance(60_000);
    const document = await exportNow();
    expect(drDocumentSchema.parse(document)).toEqual(document);
    expect(document).toMatchObject({
      format: 'ocore-disaster-recovery',
      version: 1,
      exportedAt: deps.clock.now().toISOString(),
      source: { organizationId: owner.organization.id, slug: owner.organization.slug },
    });
    expect(document.checksum).toBe(deps.hashContent(document.content));
    const { content } = document;
    expect(content.organization).toEqual({
      name: owner.organization.name,
      slug: owner.organization.slug,
      logoUrl: null,
    });
    expect(content.roles.map((r) => r.name)).toEqual(['Owner', 'Admin', 'Developer', 'Viewer', 'Auditor']);
    expect(content.roles[4]).toEqual({
      name: 'Auditor',
      isSystem: false,
      permissions: ['view:audit_log', 'view:members'],
    });
    expect(content.members).toEqual([
      { email: 'ann.auditor@example.com', name: 'Ann Auditor', role: 'Auditor' },
      { email: 'dev@example.com', name: 'Dev', role: 'Developer' },
      { email: 'olive.owner@example.com', name: 'Olive Owner', role: 'Owner' },
      { email: 'vera@example.com', name: 'Vera', role: 'Viewer' },
    ]);
    expect(content.settings).toMatchObject(plainSettings);
    const audit = deps.store.state.audit.filter((a) => a.action === 'disaster_recovery.exported');
    expect(audit).toMatchObject([{ organizationId: owner.organization.id, diff: { checksum: document.checksum } }]);
  });

  it('keeps the secrets sealed and names the keys that sealed them', async () => {
    const document = await exportNow();
    expect(document.keyIds).toEqual(['k1']);
    expect(JSON.stringify(document)).not.toMatch(/phx_personal_key|whsec_hook_secret|M2407151234567/);
    for (const name of secretNames) {
      const sealed = document.content.settings.secrets[name] ?? '';
      expect(sealed.startsWith('enc:v1:k1:')).toBe(true);
      expect(deps.secrets.open(sealed)).toBe(plaintexts[name]);
    }
  });
});

describe('restoreDisasterRecovery', () => {
  it("creates a new organization with the document's roles, members and settings", async () => {
    const document = await exportNow();
    const before = orgCount(deps);
    const result = await restoreDisasterRecovery(deps, owner.actor, { document });
    expect(orgCount(deps)).toBe(before + 1);
    const id = result.organization.id;
    expect(id).not.toBe(owner.organization.id);
    expect(result.organization.name).toBe(owner.organization.name);
    expect(result.organization.slug).not.toBe(owner.organization.slug);
    expect(result).toMatchObject({
      restored: { roles: 5, members: 1, secrets: 3 },
      skippedSecrets: { names: [], reason: null },
    });
    // Nobody but the importer becomes a member: the others are listed to be invited.
    expect(result.skippedMembers.map((m) => m.email)).toEqual([
      'ann.auditor@example.com',
      'dev@example.com',
      'vera@example.com',
    ]);
    expect(result.skippedMembers.every((m) => /without their consent; invite them/.test(m.reason))).toBe(true);
    expect(await rolesAndMembersOf(deps, id)).toEqual({
      roles: document.content.roles.map(({ name, isSystem, permissions }) => ({ name, isSystem, permissions })),
      members: [{ email: 'olive.owner@example.com', role: 'Owner' }],
    });
    const settings = deps.store.state.settings.get(id);
    expect(settings).toMatchObject(plainSettings);
    for (const name of secretNames) expect(deps.secrets.open(settings?.sealed[name] ?? '')).toBe(plaintexts[name]);
    const audit = deps.store.state.audit.filter((a) => a.action === 'disaster_recovery.imported');
    expect(audit.map((a) => [a.organizationId, a.targetId])).toEqual([
      [id, id],
      [owner.organization.id, id],
    ]);
  });

  it('takes a name and slug when given', async () => {
    const result = await restoreDisasterRecovery(deps, owner.actor, {
      document: await exportNow(),
      name: 'Restored',
      slug: 'restored',
    });
    expect(result.organization).toMatchObject({ name: 'Restored', slug: 'restored' });
  });

  it('carries agency mode, branding and portal configuration, and sanitizes the restored CSS again', async () => {
    await enableAgency(deps, owner.actor);
    await updateBranding(deps, owner.actor, {
      primaryColor: '#0f766e',
      footerText: 'Acme hosting',
      customCss: '.btn { color: red; }',
    });
    await updatePortalConfig(deps, owner.actor, { featureLogs: false, infrastructureVisibility: 'limited' });
    const document = await exportNow();
    expect(document.content.agency).toMatchObject({
      branding: { primaryColor: '#0f766e', footerText: 'Acme hosting', customCss: '.btn { color: red; }' },
      portalConfig: { featureLogs: false, featureTerminal: true, infrastructureVisibility: 'limited' },
    });

    // An edited document: the CSS is sanitized again on the way in.
    const edited = structuredClone(document);
    edited.content.agency!.branding.customCss =
      '.btn { color: red; }\nbody { background: url(https://evil.example/x) }';
    edited.checksum = hashCanonicalJson(edited.content);
    // Signed by this server, as a document from a release that stored such CSS would be.
    const { signature: _old, ...unsigned } = edited;
    edited.signature = deps.signer.sign(unsigned);
    const { organization } = await restoreDisasterRecovery(deps, owner.actor, { document: edited });
    expect(deps.store.state.organizations.get(organization.id)?.agencyEnabled).toBe(true);
    expect(deps.store.state.branding.get(organization.id)).toMatchObject({
      primaryColor: '#0f766e',
      customCss: '.btn { color: red; }',
    });
    expect(deps.store.state.portalConfig.get(organization.id)).toMatchObject({
      featureLogs: false,
      infrastructureVisibility: 'limited',
    });
  });

  it('round-trips: an export of the restored organization holds the same content but its slug', async () => {
    const first = await exportNow();
    const { organization } = await restoreDisasterRecovery(deps, owner.actor, { document: first });
    // The export carries requirePasskey: on, so only a passkey session acts in the restored organization.
    const { token } = await switchOrganization(deps, { ...owner.actor, passkey: true }, organization.id);
    const second = await exportDisasterRecovery(deps, await actorFor(deps, token));
    expect(second.content.organization.slug).toBe(organization.slug);
    const { slug: _slug, ...rest } = second.content.organization;
    // Its only member is the importer: an import adds no one else.
    expect({ ...second.content, organization: { ...rest, slug: first.content.organization.slug } }).toEqual({
      ...first.content,
      members: first.content.members.filter((m) => m.email === 'olive.owner@example.com'),
    });
  });

  it('refuses altered content on document.checksum and creates nothing', async () => {
    const altered: DrDocument = structuredClone(await exportNow());
    altered.content.settings.auditRetentionDays = 3650;
    const before = orgCount(deps);
    const error = await caught(() => restoreDisasterRecovery(deps, owner.actor, { document: altered }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'document.checksum' });
    expect(orgCount(deps)).toBe(before);
  });

  describe('on another server', () => {
    let there: SettingsTestDeps;
    let importer: SignedUp;

    beforeEach(async () => {
      there = createSettingsTestDeps({ keyId: 'k2' });
      importer = await signUpUser(there, 'Ivy Importer');
      await signUpUser(there, 'Dev');
    });

    it('refuses secrets under a key it does not hold, on previousMasterKey, and creates nothing', async () => {
      const document = await exportNow();
      const before = { orgs: orgCount(there), audit: there.store.state.audit.length };
      for (const previousMasterKey of [undefined, 'k9']) {
        const error = await caught(() =>
          restoreDisasterRecovery(there, importer.actor, { document, previousMasterKey }),
        );
        expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'previousMasterKey' });
        expect((error as Error).message).toContain('k1');
      }
      expect({ orgs: orgCount(there), audit: there.store.state.audit.length }).toEqual(before);
    });

    it('reseals the secrets under its own key for the Owner the document names, given the previous key', async () => {
      const document = await exportNow();
      const olive = await signUpUser(there, 'Olive Owner');
      const result = await restoreDisasterRecovery(there, olive.actor, { document, previousMasterKey: 'k1' });
      const sealed = there.store.state.settings.get(result.organization.id)?.sealed;
      for (const name of secretNames) {
        expect(there.secrets.keyIdOf(sealed?.[name] ?? '')).toBe('k2');
        expect(there.secrets.open(sealed?.[name] ?? '')).toBe(plaintexts[name]);
      }
      expect(result.restored).toEqual({
        roles: 5,
        members: 1,
        secrets: 3,
        servers: 0,
        topologies: 0,
        templates: 0,
        projects: 0,
        instances: 0,
        clients: 0,
        portalDomains: 0,
        backupDestinations: 0,
        backupSchedules: 0,
        notificationChannels: 0,
        notificationRules: 0,
      });
      expect(result.skippedMembers.map((s) => s.email)).toEqual([
        'ann.auditor@example.com',
        'dev@example.com',
        'vera@example.com',
      ]);
      expect((await rolesAndMembersOf(there, result.organization.id)).members).toEqual([
        { email: 'olive.owner@example.com', role: 'Owner' },
      ]);
    });

    it('carries no secret into the organization of someone who was not its Owner', async () => {
      const document = await exportNow();
      const result = await restoreDisasterRecovery(there, importer.actor, { document, previousMasterKey: 'k1' });
      expect(there.store.state.settings.get(result.organization.id)?.sealed).toEqual({
        posthogPersonalApiKey: null,
        posthogWebhookSecret: null,
        subscriptionCode: null,
        backupKey: null,
      });
      expect(result.restored.secrets).toBe(0);
      expect(result.skippedSecrets).toEqual({
        names: secretNames.map((n) => `settings.${n}`),
        reason: expect.stringContaining('you were not its Owner'),
      });
    });

    it('refuses a document whose signature does not match, naming document.signature', async () => {
      const document = structuredClone(await exportNow());
      document.source.organizationId = crypto.randomUUID();
      const error = await caught(() =>
        restoreDisasterRecovery(there, importer.actor, { document, previousMasterKey: 'k1' }),
      );
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'document.signature' });
    });
  });
});

describe('permissions', () => {
  it('refuses a Developer every disaster-recovery use case with PERMISSION_DENIED', async () => {
    const document = await exportNow();
    const before = orgCount(deps);
    for (const run of [
      () => getDrInfo(deps, dev.actor),
      () => exportDisasterRecovery(deps, dev.actor),
      () => restoreDisasterRecovery(deps, dev.actor, { document }),
    ]) {
      expect(await caught(run)).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'manage:org_settings' });
    }
    expect(orgCount(deps)).toBe(before);
    expect(deps.store.state.settings.get(owner.organization.id)?.lastExport?.userId).toBe(owner.user.id);
  });
});

describe('templates in a document', () => {
  const template = {
    name: 'Standard',
    description: '',
    odooVersion: '18.0',
    odooEdition: 'ce',
    defaultWorkers: 2,
    defaultEnvVars: {},
    moduleList: [],
    isPublic: false,
  };

  it('carry their limits, and have none in a document written before templates had them', () => {
    const templates = drContentSchema.shape.templates;
    expect(templates.parse([{ ...template, cpuLimit: 1.5, memoryLimitMb: 2048 }])[0]).toMatchObject({
      cpuLimit: 1.5,
      memoryLimitMb: 2048,
    });
    expect(templates.parse([template])[0]).toMatchObject({ cpuLimit: null, memoryLimitMb: null });
  });
});

describe('the default template', () => {
  /** A template "Shop", the organization's default, and an export made then. */
  async function exportWithDefaultTemplate() {
    const template = await createTemplate(
      deps,
      owner.actor,
      createTemplateInput.parse({ name: 'Shop', odooVersion: '18.0' }),
    );
    await updateOrgSettings(deps, owner.actor, { defaultTemplateId: template.id });
    return { template, document: await exportNow() };
  }

  it('travels by name and points at the restored template after an import', async () => {
    const { template, document } = await exportWithDefaultTemplate();
    expect(document.content.settings.defaults?.defaultTemplate).toBe('Shop');
    const { organization } = await restoreDisasterRecovery(deps, owner.actor, { document, slug: 'restored-shop' });
    const restoredId = deps.store.state.settings.get(organization.id)?.defaultTemplateId;
    expect(restoredId).toBeTruthy();
    expect(restoredId).not.toBe(template.id);
    const restored = await deps.store.templates.listVisible(organization.id, null);
    expect(restored.find((t) => t.id === restoredId)?.name).toBe('Shop');
  });

  it('is left unset by a document written before it was carried', async () => {
    const { document } = await exportWithDefaultTemplate();
    const older = structuredClone(document);
    delete older.content.settings.defaults?.defaultTemplate;
    older.checksum = hashCanonicalJson(older.content);
    const { signature: _old, ...unsigned } = older;
    older.signature = deps.signer.sign(unsigned);
    const { organization } = await restoreDisasterRecovery(deps, owner.actor, { document: older, slug: 'older-shop' });
    expect(deps.store.state.settings.get(organization.id)?.defaultTemplateId ?? null).toBeNull();
  });
});
