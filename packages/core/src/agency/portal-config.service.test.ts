import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.js';
import { listAuditLog } from '../audit/audit.service.js';
import { removeMember, setMemberRole } from '../members/member.service.js';
import { addClient, joinClientAs, signUpAgency, switchInto } from '../testing/agency-fixtures.js';
import { createTestDeps, type TestDeps } from '../testing/in-memory-fakes.js';
import { addMember, caught, joinAs, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { portalFeatures, updatePortalConfigInput, type ClientOrg } from './agency.schema.js';
import { getPortalConfig, governingPortalConfig, requireFeature, updatePortalConfig } from './portal-config.service.js';

let deps: TestDeps;
let agency: SignedUp;

beforeEach(async () => {
  deps = createTestDeps();
  agency = await signUpAgency(deps, 'Olive Owner');
});

describe('getPortalConfig', () => {
  it('starts with every feature on and full infrastructure visibility, readable by a Viewer', async () => {
    const viewer = await joinAs(deps, agency.actor, 'Vera', 'Viewer');
    const config = await getPortalConfig(deps, viewer.actor);
    expect(config).toMatchObject({ organizationId: agency.organization.id, infrastructureVisibility: 'full' });
    for (const feature of portalFeatures) expect(config[feature], feature).toBe(true);
  });
});

describe('updatePortalConfig', () => {
  it('changes only what is sent and records the changed fields', async () => {
    const after = await updatePortalConfig(deps, agency.actor, {
      featureTerminal: false,
      infrastructureVisibility: 'limited',
    });
    expect(after).toMatchObject({
      featureTerminal: false,
      featureLogs: true,
      teamManagementEnabled: true,
      infrastructureVisibility: 'limited',
    });
    const again = await updatePortalConfig(deps, agency.actor, { featureLogs: false });
    expect(again).toMatchObject({ featureTerminal: false, featureLogs: false, infrastructureVisibility: 'limited' });
    expect(await getPortalConfig(deps, agency.actor)).toEqual(again);
    const entries = deps.store.state.audit.filter((a) => a.action === 'agency.portal_config_updated');
    expect(entries.map((a) => a.diff)).toEqual([
      { featureTerminal: { from: true, to: false }, infrastructureVisibility: { from: 'full', to: 'limited' } },
      { featureLogs: { from: true, to: false } },
    ]);
    expect(deps.events.published().at(-1)).toMatchObject({
      type: 'agency.portal_config_updated',
      payload: { fields: ['featureLogs'] },
    });
  });

  it('records nothing when nothing changes', async () => {
    const audit = deps.store.state.audit.length;
    await updatePortalConfig(deps, agency.actor, { featureTerminal: true });
    await updatePortalConfig(deps, agency.actor, {});
    expect(deps.store.state.audit).toHaveLength(audit);
  });

  it('refuses a Viewer with PERMISSION_DENIED naming manage:agency', async () => {
    const viewer = await joinAs(deps, agency.actor, 'Vera', 'Viewer');
    const error = await caught(() => updatePortalConfig(deps, viewer.actor, { featureTerminal: false }));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'manage:agency' });
    expect((await getPortalConfig(deps, agency.actor)).featureTerminal).toBe(true);
  });

  it('takes only booleans and a known visibility', () => {
    expect(updatePortalConfigInput.safeParse({ infrastructureVisibility: 'partial' }).success).toBe(false);
    expect(updatePortalConfigInput.safeParse({ featureTerminal: 'no' }).success).toBe(false);
    expect(updatePortalConfigInput.parse({ featureBackups: false, infrastructureVisibility: 'none' })).toEqual({
      featureBackups: false,
      infrastructureVisibility: 'none',
    });
  });
});

describe('requireFeature', () => {
  let client: ClientOrg;
  let carl: SignedUp;
  let operator: Actor;

  beforeEach(async () => {
    client = await addClient(deps, agency.actor, 'Client Co');
    carl = await joinClientAs(deps, agency.actor, client.id, 'Carl', 'Admin');
    operator = (await switchInto(deps, agency.actor, client.id)).actor;
  });

  it('blocks a client member from a feature the agency switched off, naming it', async () => {
    await updatePortalConfig(deps, agency.actor, { featureTerminal: false });
    const error = await caught(() => requireFeature(deps, carl.actor, 'featureTerminal'));
    expect(error).toMatchObject({ code: 'FEATURE_DISABLED', feature: 'featureTerminal' });
    expect((error as Error).message).toMatch(/web terminal/);
    await expect(requireFeature(deps, carl.actor, 'featureBackups')).resolves.toBeUndefined();
  });

  it('lets the client member through again once the feature is back on', async () => {
    await updatePortalConfig(deps, agency.actor, { featureTerminal: false });
    await updatePortalConfig(deps, agency.actor, { featureTerminal: true });
    await expect(requireFeature(deps, carl.actor, 'featureTerminal')).resolves.toBeUndefined();
  });

  it('never blocks an operator of the agency, nor members of the agency itself', async () => {
    await updatePortalConfig(deps, agency.actor, Object.fromEntries(portalFeatures.map((f) => [f, false])));
    for (const feature of portalFeatures) {
      await expect(requireFeature(deps, operator, feature)).resolves.toBeUndefined();
      await expect(requireFeature(deps, agency.actor, feature)).resolves.toBeUndefined();
    }
  });

  it("never blocks a member of an organization that is nobody's client", async () => {
    const plain = await signUpUser(deps, 'Paul Plain');
    await updatePortalConfig(deps, agency.actor, { featureLogs: false });
    await expect(requireFeature(deps, plain.actor, 'featureLogs')).resolves.toBeUndefined();
    expect(await governingPortalConfig(deps, plain.actor)).toBeUndefined();
  });

  it("is governed by the client's agency for members only", async () => {
    expect((await governingPortalConfig(deps, carl.actor))?.organizationId).toBe(agency.organization.id);
    expect(await governingPortalConfig(deps, operator)).toBeUndefined();
    expect(await governingPortalConfig(deps, agency.actor)).toBeUndefined();
  });
});

describe('features enforced by other use cases', () => {
  let client: ClientOrg;
  let carl: SignedUp;

  beforeEach(async () => {
    client = await addClient(deps, agency.actor, 'Client Co');
    carl = await joinClientAs(deps, agency.actor, client.id, 'Carl', 'Admin');
  });

  it('team management off stops a client member adding, re-roling or removing members, not an operator', async () => {
    const dana = await joinClientAs(deps, agency.actor, client.id, 'Dana', 'Viewer');
    await signUpUser(deps, 'Eve');
    await updatePortalConfig(deps, agency.actor, { teamManagementEnabled: false });
    const blocked = { code: 'FEATURE_DISABLED', feature: 'teamManagementEnabled' };
    expect(await caught(() => addMember(deps, carl.actor, { email: 'eve@example.com', role: 'Viewer' }))).toMatchObject(
      blocked,
    );
    expect(
      await caught(() => setMemberRole(deps, carl.actor, { userId: dana.user.id, role: 'Developer' })),
    ).toMatchObject(blocked);
    expect(await caught(() => removeMember(deps, carl.actor, dana.user.id))).toMatchObject(blocked);
    expect(await deps.store.members.find(client.id, dana.user.id)).toMatchObject({ role: 'Viewer' });
    // Leaving is always allowed.
    await removeMember(deps, dana.actor, dana.user.id);
    const { actor: operator } = await switchInto(deps, agency.actor, client.id);
    await expect(addMember(deps, operator, { email: 'eve@example.com', role: 'Viewer' })).resolves.toMatchObject({
      role: 'Viewer',
    });
  });

  it('logs off leaves the audit log alone: it is its own page, not the portal feature "Logs"', async () => {
    await updatePortalConfig(deps, agency.actor, { featureLogs: false });
    await expect(listAuditLog(deps, carl.actor, {})).resolves.toBeDefined();
  });
});
