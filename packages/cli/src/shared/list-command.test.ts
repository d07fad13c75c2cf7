import { beforeAll, describe, expect, it } from 'vitest';
import { acceptMailedInvitation, runJson, runOk, useOwner, useSignedUpUser } from '../testing/cli-fixtures.js';
import { uniqueEmail } from '../testing/cli-harness.js';

/* The list options every list command shares (shared/list-command.ts), on each list. */

// Nothing listens on port 1: an instance's provision fails at once; its row stays. The server is
// not checked on the minute, so that it stays open to new instances (pending) while they are made.
const { server, owner } = useOwner({ name: 'Bravo', agency: true, env: { OCORE_SERVER_CHECK_SECONDS: '0' } });
const alphaEmail = uniqueEmail('alpha');
const charlieEmail = uniqueEmail('charlie');
const alpha = useSignedUpUser(server, 'alpha', 'Alpha', alphaEmail);
const charlie = useSignedUpUser(server, 'charlie', 'Charlie', charlieEmail);
const names = ['Alpha', 'Bravo', 'Charlie'];

beforeAll(async () => {
  await runOk(owner, ['server', 'add', '--name', 'box', '--host', '127.0.0.1', '--port', '1']);
  // Made in another order than the names', so that a sort by name is seen to sort.
  for (const name of ['Charlie', 'Alpha', 'Bravo']) {
    await runOk(owner, ['template', 'create', '--name', name, '--odoo-version', '18.0']);
    await runOk(owner, ['topology', 'create', '--name', name]);
    await runOk(owner, [
      'instance',
      'create',
      '--name',
      name.toLowerCase(),
      '--server',
      'box',
      '--odoo-version',
      '18.0',
    ]);
    await runOk(owner, ['agency', 'client', 'create', '--name', name, '--slug', `${name.toLowerCase()}-co`]);
  }
  for (const [user, email] of [
    [alpha, alphaEmail],
    [charlie, charlieEmail],
  ] as const) {
    await runOk(owner, ['members', 'invite', '--email', email, '--role', 'Viewer']);
    await acceptMailedInvitation(server, user, email);
  }
}, 120_000);

interface Page {
  items: { name: string }[];
  total: number;
  nextCursor: string | null;
}

const lists = [
  { command: ['template', 'list'], things: 'templates', field: (name: string) => name },
  { command: ['topology', 'list'], things: 'topologies', field: (name: string) => name },
  { command: ['instance', 'list'], things: 'instances', field: (name: string) => name.toLowerCase() },
  { command: ['agency', 'client', 'list'], things: 'clients', field: (name: string) => name },
  { command: ['members', 'list'], things: 'members', field: (name: string) => name },
];

describe.each(lists)('ocore $things list', ({ command, things, field }) => {
  const list = async (...flags: string[]) =>
    (await runJson<Page>(owner, ['--json', ...command, ...flags])).items.map((row) => row.name);
  const expected = names.map(field);

  it('sorts with --sort, descending with --desc, and searches with --search', async () => {
    expect(await list('--sort', 'name')).toEqual(expected);
    expect(await list('--sort', 'name', '--desc')).toEqual([...expected].reverse());
    expect(await list('--search', 'RAV')).toEqual([field('Bravo')]);
    const none = await owner.run([...command, '--search', 'nothing-like-this']);
    expect(none).toMatchObject({ code: 0, stdout: `No ${things} match "nothing-like-this".\n` });
  });

  it('pages with --limit and --cursor, and --all follows the pages to the end', async () => {
    const first = await owner.run([...command, '--sort', 'name', '--limit', '2']);
    expect(first.code).toBe(0);
    const cursor = new RegExp(`More ${things} \\(3 in all\\): add --all, or --cursor (\\S+) for the next page\\.`).exec(
      first.stdout,
    )?.[1];
    expect(cursor, first.stdout).toBeDefined();
    expect(await list('--sort', 'name', '--limit', '2', '--cursor', cursor ?? '')).toEqual([field('Charlie')]);
    expect(await list('--sort', 'name', '--desc', '--limit', '1', '--all')).toEqual([...expected].reverse());
  });

  it('refuses a sort key the list does not have, and a limit out of range, with exit 2', async () => {
    const sort = await owner.run([...command, '--sort', 'colour']);
    expect(sort.code).toBe(2);
    expect(sort.stderr).toContain("argument 'colour' is invalid. Allowed choices are");
    const limit = await owner.run([...command, '--limit', '201']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit');
  });
});
