import { describe, expect, it } from 'vitest';
import { runJson, useOwner } from '../testing/cli-fixtures.js';

const { owner } = useOwner({ agency: true });

function configJson(): Promise<Record<string, unknown>> {
  return runJson(owner, ['agency', 'portal-config', 'get', '--json']);
}

describe('ocore agency portal-config get|set', () => {
  it('shows every feature on and full visibility by default', async () => {
    const result = await owner.run(['agency', 'portal-config', 'get']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^FEATURE\s+CLIENT ACCESS\s+WHAT$/m);
    expect(result.stdout).toMatch(/^terminal\s+on\s+The web terminal$/m);
    expect(result.stdout).toMatch(/^team-management\s+on\s+Team management$/m);
    expect(result.stdout).toMatch(/Infrastructure visibility:\s+full/);
  });

  it('turns the terminal off, and get shows it off', async () => {
    const set = await owner.run(['agency', 'portal-config', 'set', '--terminal', 'off']);
    expect(set).toMatchObject({ code: 0, stderr: '' });
    const get = await owner.run(['agency', 'portal-config', 'get']);
    expect(get.stdout).toMatch(/^terminal\s+off\s/m);
    expect(get.stdout).toMatch(/^file-editor\s+on\s/m);
    expect(await configJson()).toMatchObject({ featureTerminal: false, featureFileEditor: true });
  });

  it('takes the guide example as flags, on/off and true/false alike', async () => {
    const flags = [
      ['--terminal', 'true'],
      ['--file-editor', 'ON'],
      ['--odoo-shell', 'false'],
      ['--monitoring', 'on'],
      ['--backups', 'on'],
      ['--domains', 'on'],
      ['--logs', 'on'],
      ['--databases', 'off'],
      ['--team-management', 'on'],
      ['--infrastructure-visibility', 'limited'],
    ].flat();
    const result = await owner.run(['agency', 'portal-config', 'set', ...flags, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      featureTerminal: true,
      featureFileEditor: true,
      featureOdooShell: false,
      featureMonitoring: true,
      featureBackups: true,
      featureDomains: true,
      featureLogs: true,
      featureDatabases: false,
      teamManagementEnabled: true,
      infrastructureVisibility: 'limited',
    });
  });

  it('exits 2 naming the flag for a value it cannot read, and changes nothing', async () => {
    for (const [flag, value] of [
      ['--infrastructure-visibility', 'partial'],
      ['--terminal', 'yes'],
      ['--team-management', ''],
    ] as const) {
      const result = await owner.run(['agency', 'portal-config', 'set', flag, value]);
      expect(result.code, `${flag} ${value}`).toBe(2);
      expect(result.stderr).toContain(flag);
    }
    expect(await configJson()).toMatchObject({ featureTerminal: true, infrastructureVisibility: 'limited' });
  });

  it('exits 2 when there is nothing to change', async () => {
    const result = await owner.run(['agency', 'portal-config', 'set']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nothing to change');
  });
});
