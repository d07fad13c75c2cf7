import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runJson, runOk, useOwner } from '../testing/cli-fixtures.js';
import { documentedArgs, fakeTerminal } from '../testing/cli-harness.js';

const { owner } = useOwner({ agency: true });

interface ClientRow {
  id: string;
  name: string;
  slug: string;
  memberCount: number;
  instanceCount: number;
}

interface ClientList {
  items: ClientRow[];
  total: number;
  nextCursor: string | null;
}

function listClients(...flags: string[]): Promise<ClientList> {
  return runJson(owner, ['agency', 'client', 'list', '--json', ...flags]);
}

async function createClient(name: string, slug: string): Promise<void> {
  await runOk(owner, ['agency', 'client', 'create', '--name', name, '--slug', slug]);
}

describe('ocore agency client create|list', () => {
  it('runs the documented example', async () => {
    const result = await owner.run(documentedArgs('ocore agency client create --name "Acme Corp" --slug acme-corp'));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Created client Acme Corp \(acme-corp\), id [0-9a-f-]{36}\./);
    expect(result.stdout).toContain('ocore agency client open acme-corp');
  });

  it('refuses a taken slug with exit 1, naming the field', async () => {
    const result = await owner.run(['agency', 'client', 'create', '--name', 'Acme Again', '--slug', 'acme-corp']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('slug:');
  });

  it('lists the clients as a table and as JSON', async () => {
    await createClient('Globex', 'globex');
    await createClient('Initech', 'initech');
    const table = await owner.run(['agency', 'client', 'list']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SLUG\s+MEMBERS\s+INSTANCES\s+CREATED\s+ID$/);
    expect(lines.find((l) => l.includes('acme-corp'))).toMatch(
      /^Acme Corp\s+acme-corp\s+0\s+0\s+\d{4}-\d{2}-\d{2}\s+[0-9a-f-]{36}$/,
    );
    const json = await listClients();
    expect(json).toMatchObject({ total: 3, nextCursor: null });
    expect(json.items.map((c) => c.slug)).toEqual(['initech', 'globex', 'acme-corp']);
  });

  it('shows one page with --limit and follows every page with --all', async () => {
    const first = await owner.run(['agency', 'client', 'list', '--limit', '1']);
    expect(first.stdout).toMatch(/More clients \(3 in all\): add --all, or --cursor \S+ for the next page\./);
    const all = await listClients('--limit', '1', '--all');
    expect(all).toMatchObject({ total: 3, nextCursor: null });
    expect(all.items.map((c) => c.slug)).toEqual(['initech', 'globex', 'acme-corp']);
    const bad = await owner.run(['agency', 'client', 'list', '--limit', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--limit');
  });
});

describe('ocore agency client delete', () => {
  it('exits 2 without --confirm, and --yes alone is not enough', async () => {
    const bare = await owner.run(['agency', 'client', 'delete', 'globex']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--confirm');
    const yes = await owner.run(['agency', 'client', 'delete', 'globex', '--yes']);
    expect(yes.code).toBe(2);
    expect(yes.stderr).toContain('--yes is not enough');
    expect(yes.stderr).toContain('--confirm');
    expect((await listClients()).total).toBe(3);
  });

  it('exits 2 when the confirmation is not the exact name', async () => {
    for (const typed of ['globex', 'Globex Inc', 'Acme Corp']) {
      const result = await owner.run(['agency', 'client', 'delete', 'globex', '--confirm', typed, '--yes']);
      expect(result.code, typed).toBe(2);
      expect(result.stderr).toContain('confirmation does not match');
    }
    expect((await listClients()).total).toBe(3);
  });

  it('deletes by slug once the name is confirmed', async () => {
    const result = await owner.run(['agency', 'client', 'delete', 'globex', '--confirm', 'Globex']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Deleted client Globex (globex)');
    expect((await listClients()).items.map((c) => c.slug)).toEqual(['initech', 'acme-corp']);
  });

  it("prompts at a terminal for the client's name, by id", async () => {
    const initech = (await listClients()).items.find((c) => c.slug === 'initech')!;
    const wrong = await owner.run(['agency', 'client', 'delete', initech.id], {}, fakeTerminal('initech\n'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("Type the client's name to confirm:");
    const right = await owner.run(['agency', 'client', 'delete', initech.id], {}, fakeTerminal('Initech\n'));
    expect(right.code).toBe(0);
    expect((await listClients()).items.map((c) => c.slug)).toEqual(['acme-corp']);
  });

  it('exits 1 for a client the agency does not have', async () => {
    const result = await owner.run(['agency', 'client', 'delete', 'no-such-client', '--confirm', 'X']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no client "no-such-client"');
  });
});

describe('ocore agency client open', () => {
  it('switches into the client as an operator, saves the token, and the way back works', async () => {
    const agency = JSON.parse((await owner.run(['org', 'show', '--json'])).stdout) as { slug: string };
    const before = (JSON.parse(await readFile(owner.configPath, 'utf8')) as { token: string }).token;
    const result = await owner.run(['agency', 'client', 'open', 'acme-corp']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Opened Acme Corp (acme-corp) as an operator');
    expect(result.stdout).toContain(`ocore org switch ${agency.slug}`);
    expect((JSON.parse(await readFile(owner.configPath, 'utf8')) as { token: string }).token).not.toBe(before);
    expect((await owner.run(['org', 'show'])).stdout).toMatch(/Slug:\s+acme-corp/);
    expect((await owner.run(['org', 'switch', agency.slug])).code).toBe(0);
    expect((await owner.run(['agency', 'overview'])).stdout).toMatch(/Clients:\s+1/);
  });
});
