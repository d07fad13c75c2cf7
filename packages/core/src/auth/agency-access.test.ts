import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientOrg } from '../agency/agency.schema.js';
import { removeMember, setMemberRole } from '../members/member.service.js';
import { defaultRolePermissions } from '../members/permissions.js';
import {
  deleteOrganization,
  insertOrganizationWithOwner,
  updateOrganization,
} from '../organizations/organization.service.js';
import { addClient, joinClientAs, signUpAgency, switchInto } from '../testing/agency-fixtures.js';
import { createTestDeps, type TestDeps } from '../testing/in-memory-fakes.js';
import { addMember, caught, joinAs, signUpUser, testIp, type SignedUp } from '../testing/test-fixtures.js';
import { findOperatorAccess } from './agency-access.js';
import { authenticate, describeMe, switchOrganization } from './auth.service.js';

let deps: TestDeps;
let agency: SignedUp;
let client: ClientOrg;

beforeEach(async () => {
  deps = createTestDeps();
  agency = await signUpAgency(deps, 'Olive Owner');
  client = await addClient(deps, agency.actor, 'Client Co');
});

describe('an agency operator', () => {
  it('switches into a client and acts there as its Admin, via the agency', async () => {
    const { token, organization } = await switchOrganization(deps, agency.actor, client.id);
    expect(organization.id).toBe(client.id);
    const { actor, revokedOrganizationId } = await authenticate(deps, token, testIp);
    expect(revokedOrganizationId).toBeNull();
    expect(actor).toEqual({
      userId: agency.user.id,
      ip: testIp,
      sessionId: agency.actor.sessionId,
      organizationId: client.id,
      roleName: 'Admin',
      permissions: [...defaultRolePermissions.Admin],
      agencyOrganizationId: agency.organization.id,
      viaAgency: true,
    });
    expect(await describeMe(deps, { userId: agency.user.id, ip: testIp }, actor)).toMatchObject({
      role: 'Admin',
      organization: { id: client.id },
    });
  });

  it("gets the client's Admin role as the client has it now", async () => {
    const admin = await deps.store.roles.findByRef(client.id, 'Admin');
    expect(await findOperatorAccess(deps.store, client.id, agency.user.id)).toMatchObject({
      roleId: admin?.id,
      roleName: 'Admin',
    });
  });

  it('may be an Admin of the agency rather than its Owner', async () => {
    const ada = await joinAs(deps, agency.actor, 'Ada', 'Admin');
    const { actor } = await switchInto(deps, ada.actor, client.id);
    expect(actor).toMatchObject({ organizationId: client.id, roleName: 'Admin', viaAgency: true });
  });

  it('is not an Owner of the client', async () => {
    const { actor } = await switchInto(deps, agency.actor, client.id);
    expect(await caught(() => deleteOrganization(deps, actor))).toMatchObject({ code: 'OWNER_ONLY' });
    expect(await deps.store.organizations.findById(client.id)).toBeDefined();
  });

  it("has no access to another agency's client", async () => {
    const other = await signUpAgency(deps, 'Otto Other');
    const foreign = await addClient(deps, other.actor, 'Foreign Client');
    expect(await caught(() => switchOrganization(deps, agency.actor, foreign.id))).toMatchObject({
      code: 'NOT_A_MEMBER',
      field: 'organizationId',
    });
  });

  it("has no access to an organization that is nobody's client", async () => {
    const plain = await signUpUser(deps, 'Paul Plain');
    expect(await caught(() => switchOrganization(deps, agency.actor, plain.organization.id))).toMatchObject({
      code: 'NOT_A_MEMBER',
    });
  });
});

describe('agency members without manage:agency', () => {
  it.each(['Viewer', 'Developer'])(
    'a %s of the agency cannot switch into a client, and is told what it lacks',
    async (role) => {
      const member = await joinAs(deps, agency.actor, 'Vera', role);
      expect(await caught(() => switchOrganization(deps, member.actor, client.id))).toMatchObject({
        code: 'PERMISSION_DENIED',
        permission: 'manage:agency',
        field: 'organizationId',
      });
      expect(await findOperatorAccess(deps.store, client.id, member.user.id)).toBeUndefined();
    },
  );
});

describe('losing operator access', () => {
  let ada: SignedUp;
  let inClient: { token: string };

  beforeEach(async () => {
    ada = await joinAs(deps, agency.actor, 'Ada', 'Admin');
    inClient = await switchInto(deps, ada.actor, client.id);
  });

  it('ends at once when the operator is demoted to Viewer in the agency', async () => {
    await setMemberRole(deps, agency.actor, { userId: ada.user.id, role: 'Viewer' });
    expect(await authenticate(deps, inClient.token, testIp)).toMatchObject({
      actor: null,
      revokedOrganizationId: client.id,
    });
    expect(await caught(() => switchOrganization(deps, ada.actor, client.id))).toMatchObject({
      code: 'PERMISSION_DENIED',
      permission: 'manage:agency',
    });
  });

  it('comes back when manage:agency is given back', async () => {
    await setMemberRole(deps, agency.actor, { userId: ada.user.id, role: 'Viewer' });
    await setMemberRole(deps, agency.actor, { userId: ada.user.id, role: 'Admin' });
    expect((await authenticate(deps, inClient.token, testIp)).actor).toMatchObject({
      organizationId: client.id,
      viaAgency: true,
    });
  });

  it('ends at once when the operator leaves the agency', async () => {
    await removeMember(deps, agency.actor, ada.user.id);
    expect(await authenticate(deps, inClient.token, testIp)).toMatchObject({
      actor: null,
      revokedOrganizationId: client.id,
    });
  });
});

describe('an organization not in agency mode', () => {
  it('gives its members no operator access to organizations under it', async () => {
    const plain = await signUpUser(deps, 'Paul Plain');
    const child = await deps.store.transaction((tx) =>
      insertOrganizationWithOwner(
        tx,
        { name: 'Child Co', slug: 'child-co', parentOrganizationId: plain.organization.id },
        null,
      ),
    );
    expect(plain.actor.permissions).toContain('manage:agency');
    expect(await findOperatorAccess(deps.store, child.id, plain.user.id)).toBeUndefined();
    expect(await caught(() => switchOrganization(deps, plain.actor, child.id))).toMatchObject({ code: 'NOT_A_MEMBER' });
  });
});

describe('a member of a client', () => {
  it('acts as a member, with the agency named but not via it', async () => {
    const carl = await joinClientAs(deps, agency.actor, client.id, 'Carl', 'Developer');
    expect(carl.actor).toMatchObject({
      userId: carl.user.id,
      organizationId: client.id,
      roleName: 'Developer',
      permissions: [...defaultRolePermissions.Developer],
      agencyOrganizationId: agency.organization.id,
      viaAgency: false,
    });
  });

  it('who is also an agency operator acts with their own membership', async () => {
    const { actor: operator } = await switchInto(deps, agency.actor, client.id);
    await addMember(deps, operator, { email: agency.user.email, role: 'Viewer' });
    const { actor } = await switchInto(deps, agency.actor, client.id);
    expect(actor).toMatchObject({ roleName: 'Viewer', viaAgency: false, agencyOrganizationId: agency.organization.id });
  });

  it('gets no access to the agency through the client', async () => {
    const carl = await joinClientAs(deps, agency.actor, client.id, 'Carl', 'Admin');
    expect(await caught(() => switchOrganization(deps, carl.actor, agency.organization.id))).toMatchObject({
      code: 'NOT_A_MEMBER',
    });
  });
});

describe("a member of an organization that is nobody's client", () => {
  it('has no agency', () => {
    expect(agency.actor).toMatchObject({ agencyOrganizationId: null, viaAgency: false });
  });
});

describe('audit entries', () => {
  it("of an operator name the agency in viaOrganizationId; a member's do not", async () => {
    const { actor: operator } = await switchInto(deps, agency.actor, client.id);
    const carl = await joinAs(deps, operator, 'Carl', 'Admin');
    await updateOrganization(deps, carl.actor, { name: 'Client Company' });
    const entries = deps.store.state.audit.filter((a) => a.organizationId === client.id);
    expect(entries.map((a) => [a.action, a.actorUserId, a.viaOrganizationId])).toEqual([
      ['invitation.created', agency.user.id, agency.organization.id],
      ['member.added', carl.user.id, null],
      ['organization.updated', carl.user.id, null],
    ]);
  });
});
