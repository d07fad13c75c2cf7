import { describe, expect, it } from 'vitest';
import { acceptMailedInvitation, useOwner, useSignedUpUser } from '../testing/cli-fixtures.js';
import { uniqueEmail } from '../testing/cli-harness.js';

const viewerEmail = uniqueEmail('viewer');
const { server, owner } = useOwner();
const viewer = useSignedUpUser(server, 'viewer', 'Victor', viewerEmail);

describe('before `ocore agency enable`', () => {
  it('the overview says agency mode is off, and how to turn it on', async () => {
    const result = await owner.run(['agency', 'overview']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/Agency mode:\s+off/);
    expect(result.stdout).toContain('ocore agency enable');
  });

  it.each([
    [['agency', 'client', 'create', '--name', 'Acme Corp']],
    [['agency', 'client', 'list']],
    [['agency', 'branding', 'get']],
    [['agency', 'branding', 'update', '--primary-color', '#2563eb']],
    [['agency', 'portal-config', 'get']],
    [['agency', 'portal-domain', 'list']],
    [['agency', 'portal-domain', 'create', '--subdomain', 'acme']],
  ])('%j exits 1 saying agency mode is not enabled', async (args) => {
    const result = await owner.run(args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not enabled/i);
    expect(result.stderr).toContain('hint: run `ocore agency enable`');
  });
});

describe('ocore agency enable|overview', () => {
  it('enables agency mode, and again without error', async () => {
    const first = await owner.run(['agency', 'enable']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain("Agency mode is now on for Olga's Organization");
    const again = await owner.run(['agency', 'enable']);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toContain('Agency mode was already on');
    expect(JSON.parse((await owner.run(['agency', 'enable', '--json'])).stdout)).toEqual({ status: 'enabled' });
  });

  it('counts clients and portal domains, active or not', async () => {
    for (const name of ['Acme Corp', 'Globex']) {
      expect((await owner.run(['agency', 'client', 'create', '--name', name])).code).toBe(0);
    }
    expect((await owner.run(['agency', 'portal-domain', 'create', '--subdomain', 'olga'])).code).toBe(0);
    expect((await owner.run(['agency', 'portal-domain', 'create', '--domain', 'portal.olga.example'])).code).toBe(0);
    const text = await owner.run(['agency', 'overview']);
    expect(text.stdout).toMatch(/Agency mode:\s+on\nClients:\s+2\nPortal domains:\s+2 \(1 active\)/);
    const json = await owner.run(['agency', 'overview', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      enabled: true,
      clientCount: 2,
      portalDomainCount: 2,
      activePortalDomains: 1,
    });
  });
});

describe('a Viewer of the agency', () => {
  it('reads the clients but may not create one (exit 1, naming manage:agency)', async () => {
    const org = JSON.parse((await owner.run(['org', 'show', '--json'])).stdout) as { slug: string };
    expect((await owner.run(['members', 'add', '--email', viewerEmail, '--role', 'Viewer'])).code).toBe(0);
    await acceptMailedInvitation(server, viewer, viewerEmail);
    expect((await viewer.run(['org', 'switch', org.slug])).code).toBe(0);
    expect((await viewer.run(['agency', 'client', 'list'])).code).toBe(0);
    const result = await viewer.run(['agency', 'client', 'create', '--name', 'Initech']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('manage:agency');
    const enable = await viewer.run(['agency', 'enable']);
    expect(enable.code).toBe(1);
    expect(enable.stderr).toContain('manage:agency');
  });
});
