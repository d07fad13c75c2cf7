import { describe, expect, it } from 'vitest';
import { acceptMailedInvitation, runJson, useOwner, useSignedUpUser } from '../testing/cli-fixtures.js';
import { uniqueEmail, type TestUser } from '../testing/cli-harness.js';

const teammateEmail = uniqueEmail('tom');
const { server, owner } = useOwner();
const teammate = useSignedUpUser(server, 'teammate', 'Tom', teammateEmail);

interface MemberRow {
  userId: string;
  email: string;
  role: string;
}

async function listMembers(user: TestUser): Promise<MemberRow[]> {
  return (await runJson<{ items: MemberRow[] }>(user, ['members', 'list', '--json'])).items;
}

describe('ocore members', () => {
  it('invites someone with a role; they join when they accept the mailed link', async () => {
    const result = await owner.run(['members', 'invite', '--email', teammateEmail, '--role', 'Developer']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Invited ${teammateEmail} as Developer`);
    expect((await listMembers(owner)).map((m) => m.email)).not.toContain(teammateEmail);
    const pending = await owner.run(['members', 'invitations']);
    expect(pending.stdout).toMatch(new RegExp(`${teammateEmail}\\s+Developer\\s+pending`));
    await acceptMailedInvitation(server, teammate, teammateEmail);
    const table = await owner.run(['members', 'list']);
    expect(table.stdout).toMatch(/NAME\s+EMAIL\s+ROLE\s+USER ID\s+JOINED/);
    expect(table.stdout).toMatch(new RegExp(`Tom\\s+${teammateEmail}\\s+Developer`));
  });

  it('refuses inviting a member with exit 1 naming the field', async () => {
    const result = await owner.run(['members', 'add', '--email', teammateEmail, '--role', 'Viewer']);
    expect(result).toMatchObject({
      code: 1,
      stderr: 'error: email: this person is already a member of the organization\n',
    });
  });

  it('exits 2 when --role is missing', async () => {
    expect((await owner.run(['members', 'add', '--email', teammateEmail])).code).toBe(2);
  });

  it('changes a role by email and by user id', async () => {
    const byEmail = await owner.run(['members', 'set-role', teammateEmail, '--role', 'Admin']);
    expect(byEmail.code).toBe(0);
    expect(byEmail.stdout).toContain(`Tom <${teammateEmail}> is now Admin.`);
    const tom = (await listMembers(owner)).find((m) => m.email === teammateEmail)!;
    expect(tom.role).toBe('Admin');
    const byId = await owner.run(['members', 'set-role', tom.userId, '--role', 'viewer', '--json']);
    expect(JSON.parse(byId.stdout)).toMatchObject({ userId: tom.userId, role: 'Viewer' });
  });

  it('says which member or role is unknown', async () => {
    const unknownMember = await owner.run(['members', 'set-role', 'nobody@example.com', '--role', 'Admin']);
    expect(unknownMember.code).toBe(1);
    expect(unknownMember.stderr).toContain('nobody@example.com');
    const unknownRole = await owner.run(['members', 'set-role', teammateEmail, '--role', 'Janitor']);
    expect(unknownRole).toMatchObject({
      code: 1,
      stderr: 'error: role: no role named "Janitor" in this organization\n',
    });
  });

  it('lists the roles with their member counts', async () => {
    const result = await owner.run(['members', 'roles', '--json']);
    const roles = (JSON.parse(result.stdout) as { items: Array<{ name: string; memberCount: number }> }).items;
    expect(roles.map((r) => r.name)).toEqual(expect.arrayContaining(['Owner', 'Admin', 'Developer', 'Viewer']));
    expect((await owner.run(['members', 'roles'])).stdout).toMatch(/NAME\s+SYSTEM\s+MEMBERS\s+PERMISSIONS/);
  });

  it('removes a member by email', async () => {
    const result = await owner.run(['members', 'remove', teammateEmail]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Removed ${teammateEmail}`);
    expect((await listMembers(owner)).map((m) => m.email)).not.toContain(teammateEmail);
  });
});
